package io.grapevine.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static io.grapevine.metrics.Counts.countIf;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Sentiment;
import io.grapevine.enrich.Themes;
import java.util.List;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code alerts}: a day or a week in which a channel (or one theme, or one of its 50 busiest subjects,
 * in it) drew more negative feedback,
 * or a higher share of it, than its preceding weeks make plausible. The expected negatives of a day
 * come from the same weekday in the {@code baseline_weeks} before it (weekly seasonality), shrunk
 * toward the plain daily mean of those weeks by {@code shrink_weeks} pseudo-weeks, so a weekday with
 * few data does not swing it; of a week, from the mean of the weeks before. Counts are small, so the
 * tests are exact rather than normal approximations: the Poisson upper tail of the negatives given
 * the expected count, and the binomial upper tail of the negatives among the labelled given the
 * baseline negativity rate (the latter from {@code min_labelled} labelled texts). An alert needs a
 * p-value below {@code p_value} divided by the slices tested in the same period (Bonferroni) and at
 * least {@code min_excess} negatives above the expected, and a
 * slice needs {@code min_baseline_weeks} of history first. Each alert carries the ids of its negative
 * feedback, widest reach first.
 */
public final class Alerts {
  public static final String DAY = "day";
  public static final String WEEK = "week";
  static final int IDS = 10;
  /** Subjects per channel watched on their own, the busiest first. */
  static final int MAX_SUBJECTS = 50;
  /** Negative feedback as (minus its reach, id): sorted ascending, the widest heard come first. */
  private static final String RANKED = "array<struct<r:bigint,id:string>>";

  private Alerts() {}

  /** Upper tail P(X >= k) of a Poisson variable with mean lambda (1 for k <= 0). */
  public static double poissonUpperTail(long k, double lambda) {
    return k <= 0 ? 1.0 : Gamma.regularizedGammaP(k, lambda);
  }

  /** Upper tail P(X >= k) of a binomial variable of n trials with success probability p (1 for k <= 0). */
  public static double binomialUpperTail(long k, long n, double p) {
    if (k <= 0) {
      return 1.0;
    }
    return k > n ? 0.0 : Beta.regularizedBeta(p, k, n - k + 1.0);
  }

  private static final UserDefinedFunction POISSON = functions.udf(
      (UDF2<Long, Double, Double>) (k, lambda) -> k == null || lambda == null ? null : poissonUpperTail(k, lambda),
      DataTypes.DoubleType).withName("grapevine_poisson_upper");
  private static final UserDefinedFunction BINOMIAL = functions.udf(
      (UDF3<Long, Long, Double, Double>) (k, n, p) -> k == null || n == null || p == null ? null
          : binomialUpperTail(k, n, p), DataTypes.DoubleType).withName("grapevine_binomial_upper");

  /**
   * Alerts over the days of {@code enriched} (with {@code event_ts}, {@code channel}, the theme and
   * sentiment columns), for periods starting in a month from {@code fromMonth} on.
   */
  public static Dataset<Row> compute(Dataset<Row> enriched, GrapevineConfig.Alerts cfg, String fromMonth) {
    Column negative = col(FeedbackSchema.SENTIMENT_LABEL).equalTo(Sentiment.NEGATIVE);
    // Negative feedback, widest reach first: what an alert points at.
    Column ranked = when(negative, functions.struct(coalesce(col(FeedbackSchema.REACH), lit(0L)).multiply(-1).cast("bigint").as("r"),
        col(FeedbackSchema.FEEDBACK_ID).as("id")));
    Dataset<Row> rows = enriched.withColumn(DAY, to_date(col(FeedbackSchema.EVENT_TS)));
    List<Column> aggregates = List.of(count(lit(1)).as("volume"),
        count(col(FeedbackSchema.SENTIMENT_LABEL)).as("labelled"), countIf(negative).as("negative"),
        expr("slice(array_sort(collect_list(_gv_ranked)), 1, " + IDS + ")").as("ids"));
    // The slices: each channel; each theme in it; each of its MAX_SUBJECTS busiest subjects. One
    // aggregation: a row counts in its channel's slice, its theme's and its subject's.
    Dataset<Row> busiest = rows.where(col(FeedbackSchema.SUBJECT).isNotNull())
        .groupBy(col(FeedbackSchema.CHANNEL).as("_gv_top_channel"), col(FeedbackSchema.SUBJECT).as("_gv_top_subject"))
        .count()
        .withColumn("_gv_rank", functions.row_number().over(Window.partitionBy(col("_gv_top_channel"))
            .orderBy(col("count").desc(), col("_gv_top_subject"))))
        .where(col("_gv_rank").leq(MAX_SUBJECTS)).drop("count", "_gv_rank");
    Dataset<Row> withRanked = rows.withColumn("_gv_ranked", ranked)
        .join(functions.broadcast(busiest), col(FeedbackSchema.CHANNEL).equalTo(col("_gv_top_channel"))
            .and(col(FeedbackSchema.SUBJECT).equalTo(col("_gv_top_subject"))), "left")
        .withColumn("_gv_slice", explode(expr("filter(array("
            + "named_struct('t', CAST(NULL AS STRING), 's', CAST(NULL AS STRING)), "
            + "IF(" + Themes.THEME + " IS NULL, NULL, named_struct('t', " + Themes.THEME + ", 's', CAST(NULL AS STRING))), "
            + "IF(_gv_top_subject IS NULL, NULL, named_struct('t', CAST(NULL AS STRING), 's', _gv_top_subject))"
            + "), x -> x IS NOT NULL)")));
    Dataset<Row> daily = withRanked
        .groupBy(col(DAY), col(FeedbackSchema.CHANNEL), col("_gv_slice.t").as(Themes.THEME),
            col("_gv_slice.s").as(FeedbackSchema.SUBJECT))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));

    // Every day of every slice from the slice's first day, zeros where nothing came: a quiet day is data.
    Dataset<Row> calendar = daily.groupBy(FeedbackSchema.CHANNEL, Themes.THEME, FeedbackSchema.SUBJECT)
        .agg(min(DAY).as("first"))
        .crossJoin(daily.agg(max(DAY).as("last")))
        .withColumn(DAY, explode(sequence(col("first"), col("last"))))
        .select(FeedbackSchema.CHANNEL, Themes.THEME, FeedbackSchema.SUBJECT, DAY);
    Dataset<Row> dense = calendar.as("c").join(daily.as("d"), col("c." + FeedbackSchema.CHANNEL)
            .equalTo(col("d." + FeedbackSchema.CHANNEL)).and(col("c." + Themes.THEME).eqNullSafe(col("d." + Themes.THEME)))
            .and(col("c." + FeedbackSchema.SUBJECT).eqNullSafe(col("d." + FeedbackSchema.SUBJECT)))
            .and(col("c." + DAY).equalTo(col("d." + DAY))), "left")
        .select(col("c." + FeedbackSchema.CHANNEL).as(FeedbackSchema.CHANNEL), col("c." + Themes.THEME).as(Themes.THEME),
            col("c." + FeedbackSchema.SUBJECT).as(FeedbackSchema.SUBJECT),
            col("c." + DAY).as(DAY), coalesce(col("d.volume"), lit(0L)).as("volume"),
            coalesce(col("d.labelled"), lit(0L)).as("labelled"), coalesce(col("d.negative"), lit(0L)).as("negative"),
            coalesce(col("d.ids"), expr("array()").cast(RANKED)).as("ids"));

    int days = cfg.baselineWeeks * 7;
    WindowSpec slice = Window.partitionBy(col(FeedbackSchema.CHANNEL), col(Themes.THEME), col(FeedbackSchema.SUBJECT))
        .orderBy(col(DAY));
    WindowSpec before = slice.rowsBetween(-days, -1);
    WindowSpec weekday = Window.partitionBy(col(FeedbackSchema.CHANNEL), col(Themes.THEME), col(FeedbackSchema.SUBJECT),
            dayofweek(col(DAY)))
        .orderBy(col(DAY)).rowsBetween(-cfg.baselineWeeks, -1);
    Column dailyMean = sum("negative").over(before).divide(count(lit(1)).over(before));
    Column expectedDay = sum("negative").over(weekday).plus(dailyMean.multiply(cfg.shrinkWeeks))
        .divide(count(lit(1)).over(weekday).plus(cfg.shrinkWeeks));
    Dataset<Row> dayAlerts = tested(dense.withColumn("history_days", count(lit(1)).over(before))
        .withColumn("expected_negative", expectedDay)
        .withColumn("baseline_negative", sum("negative").over(before))
        .withColumn("baseline_labelled", sum("labelled").over(before))
        .where(col("history_days").geq(cfg.minBaselineWeeks * 7)), DAY, cfg)
        .withColumn("period", lit(DAY)).withColumnRenamed(DAY, "period_start");

    Dataset<Row> weekly = dense.withColumn(WEEK, to_date(date_trunc("week", col(DAY))))
        .groupBy(col(FeedbackSchema.CHANNEL), col(Themes.THEME), col(FeedbackSchema.SUBJECT), col(WEEK))
        .agg(sum("volume").as("volume"), sum("labelled").as("labelled"), sum("negative").as("negative"),
            count(lit(1)).as("days_in_week"), slice(functions.array_sort(flatten(collect_list("ids"))), 1, IDS).as("ids"))
        // A week the data covers only in part would look quiet: only whole weeks are tested.
        .where(col("days_in_week").equalTo(7));
    WindowSpec weeksBefore = Window.partitionBy(col(FeedbackSchema.CHANNEL), col(Themes.THEME),
            col(FeedbackSchema.SUBJECT)).orderBy(col(WEEK))
        .rowsBetween(-cfg.baselineWeeks, -1);
    Dataset<Row> weekAlerts = tested(weekly.withColumn("history_weeks", count(lit(1)).over(weeksBefore))
        .withColumn("expected_negative", sum("negative").over(weeksBefore).divide(count(lit(1)).over(weeksBefore)))
        .withColumn("baseline_negative", sum("negative").over(weeksBefore))
        .withColumn("baseline_labelled", sum("labelled").over(weeksBefore))
        .where(col("history_weeks").geq(cfg.minBaselineWeeks)), WEEK, cfg)
        .withColumn("period", lit(WEEK)).withColumnRenamed(WEEK, "period_start");

    List<Column> out = List.of(col("period"), col("period_start"), col(FeedbackSchema.CHANNEL), col(Themes.THEME),
        col(FeedbackSchema.SUBJECT),
        col("volume"), col("labelled"), col("negative"), col("expected_negative"), col("negativity_rate"),
        col("baseline_negativity_rate"), col("p_value_volume"), col("p_value_rate"), col("kind"),
        expr("transform(ids, s -> s.id)").as("feedback_ids"),
        date_format(col("period_start"), "yyyy-MM").as(FeedbackSchema.REPORT_MONTH));
    Dataset<Row> alerts = dayAlerts.select(out.toArray(Column[]::new))
        .unionByName(weekAlerts.select(out.toArray(Column[]::new)))
        .where(col(FeedbackSchema.REPORT_MONTH).geq(fromMonth));
    return alerts;
  }

  /**
   * The two tests on a period with its expected negatives and baseline counts; only the alerts kept.
   * {@code p_value} holds for the whole period: each slice's test is held to it divided by the slices
   * tested in that period (Bonferroni), so watching more themes and subjects does not raise more false
   * alarms.
   */
  private static Dataset<Row> tested(Dataset<Row> periods, String periodColumn, GrapevineConfig.Alerts cfg) {
    Column lambda = greatest(col("expected_negative"), lit(cfg.minExpected));
    Column baselineRate = col("baseline_negative").plus(1).divide(col("baseline_labelled").plus(2));
    Column excess = col("negative").minus(col("expected_negative")).geq(cfg.minExcess);
    Column pVolume = POISSON.apply(col("negative"), lambda);
    Column pRate = when(col("labelled").geq(cfg.minLabelled),
        BINOMIAL.apply(col("negative"), col("labelled"), baselineRate));
    Column threshold = lit(cfg.pValue).divide(col("_gv_slices"));
    Column volumeAlert = col("p_value_volume").lt(threshold);
    Column rateAlert = coalesce(col("p_value_rate").lt(threshold), lit(false));
    return periods.withColumn("_gv_slices", count(lit(1)).over(Window.partitionBy(col(periodColumn))))
        .withColumn("p_value_volume", pVolume).withColumn("p_value_rate", pRate)
        .withColumn("negativity_rate", Proportions.rate(col("negative"), col("labelled")))
        .withColumn("baseline_negativity_rate", baselineRate)
        .where(excess.and(volumeAlert.or(rateAlert)))
        .withColumn("kind", when(volumeAlert.and(rateAlert), lit("negative_volume_and_rate"))
            .when(volumeAlert, lit("negative_volume")).otherwise(lit("negativity_rate")));
  }
}
