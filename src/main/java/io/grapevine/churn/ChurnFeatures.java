package io.grapevine.churn;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.AccountSchema;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Sentiment;
import io.grapevine.enrich.ReplySignals;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Churn features of each account active at a snapshot, computed only from feedback strictly before
 * the snapshot (no leakage), and the label: the account churned within the horizon after it.
 */
public final class ChurnFeatures {
  public static final String SNAPSHOT_TS = "snapshot_ts";
  public static final String LABEL = "label";

  /** Feedback-derived features, every one a double. */
  public static final List<String> FEEDBACK_FEATURES = List.of(
      "feedback_90d", "negative_30d", "negative_90d", "negative_180d", "negative_share_90d",
      "complaints_90d", "unresolved_complaints_90d", "detractor_answers_180d", "last_sentiment",
      "worst_sentiment_90d", "negative_reach_90d", "mean_response_hours_90d",
      "mean_resolution_hours_90d", "mean_feedback_latency_days_90d", "apologies_received_90d", "last_nps");
  public static final String TENURE_DAYS = "tenure_days";
  /** The account's latest NPS answer (null without one; the model imputes it). */
  public static final String LAST_NPS = "last_nps";

  private ChurnFeatures() {}

  /** Numeric attribute columns of the accounts table (besides the fixed ones). */
  public static List<String> numericAttributes(Dataset<Row> accounts) {
    List<String> names = new ArrayList<>();
    for (StructField f : accounts.schema().fields()) {
      if (!AccountSchema.isFixed(f.name()) && f.dataType() instanceof NumericType) {
        names.add(f.name());
      }
    }
    return names;
  }

  public static List<String> categoricalAttributes(Dataset<Row> accounts) {
    List<String> names = new ArrayList<>();
    for (StructField f : accounts.schema().fields()) {
      if (!AccountSchema.isFixed(f.name()) && f.dataType().equals(DataTypes.StringType)) {
        names.add(f.name());
      }
    }
    return names;
  }

  /**
   * One row per account active at each snapshot (signed up before it, not churned before it) with
   * its features and label.
   */
  public static Dataset<Row> at(Dataset<Row> enriched, Dataset<Row> accounts,
      List<Timestamp> snapshots, int horizonDays) {
    Dataset<Row> snaps = accounts.sparkSession()
        .createDataset(snapshots, Encoders.TIMESTAMP()).toDF(SNAPSHOT_TS);
    Column snapshot = col(SNAPSHOT_TS);
    Column churn = col(AccountSchema.CHURN_TS);
    Dataset<Row> active = accountColumns(accounts)
        .crossJoin(snaps)
        .where(col(AccountSchema.SIGNUP_TS).lt(snapshot).and(churn.isNull().or(churn.geq(snapshot))))
        .withColumn(LABEL, when(churn.isNotNull()
            .and(churn.lt(snapshot.plus(expr("make_interval(0, 0, 0, " + horizonDays + ")")))), 1.0)
            .otherwise(0.0));
    return withFeedback(active, enriched);
  }

  /**
   * Tabular mode: every account whose export says whether it churned, labelled by that flag, with
   * feedback features as of {@code snapshot} (none when {@code enriched} is null).
   */
  public static Dataset<Row> tabular(Dataset<Row> enriched, Dataset<Row> accounts, Timestamp snapshot,
      boolean onlyActive) {
    Column churned = col(AccountSchema.CHURNED);
    Dataset<Row> base = accountColumns(accounts.where(onlyActive
            ? churned.isNull().or(functions.not(churned)) : churned.isNotNull()))
        .withColumn(SNAPSHOT_TS, lit(snapshot))
        .withColumn(LABEL, when(churned, 1.0).otherwise(0.0));
    return withFeedback(base, enriched);
  }

  private static Dataset<Row> accountColumns(Dataset<Row> accounts) {
    List<String> present = List.of(accounts.columns());
    List<Column> cols = new ArrayList<>();
    for (String c : List.of(AccountSchema.ACCOUNT_ID, AccountSchema.SIGNUP_TS, AccountSchema.CHURN_TS,
        AccountSchema.CHURNED)) {
      cols.add(present.contains(c) ? col(c) : lit(null).cast(
          c.equals(AccountSchema.CHURNED) ? DataTypes.BooleanType : DataTypes.TimestampType).as(c));
    }
    numericAttributes(accounts).forEach(a -> cols.add(col(a).cast(DataTypes.DoubleType).as(a)));
    categoricalAttributes(accounts).forEach(a -> cols.add(coalesce(col(a), lit("unknown")).as(a)));
    return accounts.select(cols.toArray(Column[]::new));
  }

  /** Feedback columns the features read. */
  private static final List<String> FEEDBACK_INPUTS = List.of(FeedbackSchema.ACCOUNT_ID,
      FeedbackSchema.EVENT_TS, FeedbackSchema.EXPERIENCE_TS, FeedbackSchema.SENTIMENT,
      FeedbackSchema.SENTIMENT_LABEL, FeedbackSchema.IS_COMPLAINT, FeedbackSchema.RESOLVED,
      FeedbackSchema.RESOLVED_TS, FeedbackSchema.NPS, FeedbackSchema.REACH, FeedbackSchema.RESPONSE_TS);

  /** Adds the feedback features of each (account, snapshot) row, from feedback before the snapshot. */
  static Dataset<Row> withFeedback(Dataset<Row> base, Dataset<Row> enriched) {
    Column snapshot = col(SNAPSHOT_TS);
    Dataset<Row> source = enriched;
    if (source == null) {
      StructType schema = new StructType();
      for (String c : FEEDBACK_INPUTS) {
        schema = schema.add(c, FeedbackSchema.typeOf(c));
      }
      source = base.sparkSession().createDataFrame(List.<Row>of(), schema);
    }
    List<Column> inputs = new ArrayList<>();
    FEEDBACK_INPUTS.forEach(c -> inputs.add(c.equals(FeedbackSchema.ACCOUNT_ID) ? col(c).as("fb_account") : col(c)));
    // Enriched feedback carries the apology signal; plain feedback has none.
    inputs.add(List.of(source.columns()).contains(ReplySignals.APOLOGY)
        ? col(ReplySignals.APOLOGY) : lit(null).cast(DataTypes.BooleanType).as(ReplySignals.APOLOGY));
    Dataset<Row> fb = source.where(col(FeedbackSchema.ACCOUNT_ID).isNotNull())
        .select(inputs.toArray(Column[]::new));
    Column event = col(FeedbackSchema.EVENT_TS);
    Column joinOn = col("fb_account").equalTo(col(AccountSchema.ACCOUNT_ID))
        .and(event.lt(snapshot))
        .and(event.geq(daysBefore(snapshot, 180)));
    Dataset<Row> joined = base.join(fb, joinOn, "left");

    Column in30 = event.geq(daysBefore(snapshot, 30));
    Column in90 = event.geq(daysBefore(snapshot, 90));
    Column neg = col(FeedbackSchema.SENTIMENT_LABEL).equalTo(Sentiment.NEGATIVE);
    Column complaint = coalesce(col(FeedbackSchema.IS_COMPLAINT), lit(false));
    Column resolvedBefore = coalesce(col(FeedbackSchema.RESOLVED), lit(false))
        .and(coalesce(col(FeedbackSchema.RESOLVED_TS), lit(new Timestamp(0))).lt(snapshot));
    Column responseHours = when(col(FeedbackSchema.RESPONSE_TS).lt(snapshot),
        col(FeedbackSchema.RESPONSE_TS).cast(DataTypes.LongType)
            .minus(event.cast(DataTypes.LongType)).divide(3600.0));
    Column resolutionHours = when(resolvedBefore,
        col(FeedbackSchema.RESOLVED_TS).cast(DataTypes.LongType)
            .minus(event.cast(DataTypes.LongType)).divide(3600.0));
    Column latencyDays = event.cast(DataTypes.LongType)
        .minus(col(FeedbackSchema.EXPERIENCE_TS).cast(DataTypes.LongType)).divide(86_400.0);
    Column apology = coalesce(col(ReplySignals.APOLOGY), lit(false))
        .and(col(FeedbackSchema.RESPONSE_TS).lt(snapshot));

    List<Column> keys = new ArrayList<>();
    for (String c : base.columns()) {
      keys.add(col(c));
    }
    Dataset<Row> agg = joined.groupBy(keys.toArray(Column[]::new)).agg(
        countIf(in90).as("feedback_90d"),
        countIf(neg.and(in30)).as("negative_30d"),
        countIf(neg.and(in90)).as("negative_90d"),
        countIf(neg).as("negative_180d"),
        countIf(col(FeedbackSchema.SENTIMENT_LABEL).isNotNull().and(in90)).as("labelled_90d"),
        countIf(complaint.and(in90)).as("complaints_90d"),
        countIf(complaint.and(in90).and(functions.not(resolvedBefore))).as("unresolved_complaints_90d"),
        countIf(col(FeedbackSchema.NPS).leq(6)).as("detractor_answers_180d"),
        max_by(col(FeedbackSchema.NPS).cast(DataTypes.DoubleType),
            when(col(FeedbackSchema.NPS).isNotNull(), event)).as(LAST_NPS),
        max_by(col(FeedbackSchema.SENTIMENT),
            when(col(FeedbackSchema.SENTIMENT).isNotNull(), event)).as("last_sentiment"),
        min(when(in90, col(FeedbackSchema.SENTIMENT))).as("worst_sentiment_90d"),
        sum(when(neg.and(in90), col(FeedbackSchema.REACH))).as("negative_reach_sum"),
        avg(when(complaint.and(in90), responseHours)).as("mean_response_hours_90d"),
        avg(when(complaint.and(in90), resolutionHours)).as("mean_resolution_hours_90d"),
        avg(when(in90, latencyDays)).as("mean_feedback_latency_days_90d"),
        countIf(apology.and(in90)).as("apologies_received_90d"));

    return agg
        .withColumn("negative_share_90d",
            when(col("labelled_90d").gt(0), col("negative_90d").divide(col("labelled_90d"))).otherwise(0.0))
        .withColumn("last_sentiment", coalesce(col("last_sentiment"), lit(0.0)))
        .withColumn("worst_sentiment_90d", coalesce(col("worst_sentiment_90d"), lit(0.0)))
        .withColumn("negative_reach_90d", log1p(coalesce(col("negative_reach_sum"), lit(0L))))
        .withColumn("mean_response_hours_90d", coalesce(col("mean_response_hours_90d"), lit(0.0)))
        .withColumn("mean_resolution_hours_90d", coalesce(col("mean_resolution_hours_90d"), lit(0.0)))
        .withColumn(TENURE_DAYS, datediff(snapshot, col(AccountSchema.SIGNUP_TS)).cast(DataTypes.DoubleType))
        .drop("labelled_90d", "negative_reach_sum", AccountSchema.SIGNUP_TS, AccountSchema.CHURN_TS,
            AccountSchema.CHURNED);
  }

  private static Column daysBefore(Column ts, int days) {
    return ts.minus(expr("make_interval(0, 0, 0, " + days + ")"));
  }

  private static Column countIf(Column condition) {
    return sum(when(condition, 1.0).otherwise(0.0));
  }
}
