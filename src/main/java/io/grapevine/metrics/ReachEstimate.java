package io.grapevine.metrics;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Sentiment;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Estimated audience of feedback whose reach is not observed, by a stated rule, in columns of its
 * own ({@code reach_estimate}, {@code reach_estimate_basis}) so it never mixes with observed reach:
 * <ul>
 *   <li>the customer's own answer to "how many people have you told?" when there is one
 *       ({@code self_reported});
 *   <li>rule {@code told_mean}: the report month's mean told count of customers with the same
 *       sentiment label, over every channel, when at least {@code min_answers} answered
 *       ({@code told_mean});
 *   <li>otherwise (or with rule {@code fixed}) the configured number for the sentiment label
 *       ({@code fixed}); rule {@code off} estimates nothing.
 * </ul>
 */
public final class ReachEstimate {
  public static final String ESTIMATE = "reach_estimate";
  public static final String BASIS = "reach_estimate_basis";

  private ReachEstimate() {}

  /** True where the row's reach is observed (not null and not itself an estimate from the source). */
  public static Column observed() {
    return col(FeedbackSchema.REACH).isNotNull().and(col(FeedbackSchema.REACH_BASIS).isNull()
        .or(col(FeedbackSchema.REACH_BASIS).notEqual(Sentiment.REACH_ESTIMATED)));
  }

  public static Dataset<Row> add(Dataset<Row> enriched, GrapevineConfig.ReachEstimate rule) {
    if ("off".equals(rule.rule)) {
      return enriched.withColumn(ESTIMATE, lit(null).cast("double")).withColumn(BASIS, lit(null).cast("string"));
    }
    Column label = col(FeedbackSchema.SENTIMENT_LABEL);
    Column fixed = when(label.equalTo(Sentiment.NEGATIVE), lit(rule.fixed.negative))
        .when(label.equalTo(Sentiment.POSITIVE), lit(rule.fixed.positive))
        .when(label.equalTo(Sentiment.NEUTRAL), lit(rule.fixed.neutral));
    Column told = col(FeedbackSchema.TOLD_COUNT);
    Dataset<Row> withMean = enriched.withColumn("_told_mean", lit(null).cast("double"));
    if ("told_mean".equals(rule.rule)) {
      Dataset<Row> means = enriched.where(told.isNotNull().and(label.isNotNull()))
          .groupBy(col(FeedbackSchema.REPORT_MONTH).as("_m"), label.as("_l"))
          .agg(avg(told).as("_mean"), count(lit(1)).as("_n"))
          .where(col("_n").geq(rule.minAnswers));
      withMean = enriched.join(broadcast(means), enriched.col(FeedbackSchema.REPORT_MONTH).equalTo(col("_m"))
              .and(enriched.col(FeedbackSchema.SENTIMENT_LABEL).equalTo(col("_l"))), "left")
          .withColumn("_told_mean", col("_mean")).drop("_m", "_l", "_mean", "_n");
    }
    Column unobserved = org.apache.spark.sql.functions.not(observed());
    Column estimate = when(unobserved, when(told.isNotNull(), told.cast("double"))
        .otherwise(when(col("_told_mean").isNotNull(), col("_told_mean")).otherwise(fixed.cast("double"))));
    Column basis = when(unobserved.and(label.isNotNull().or(told.isNotNull())),
        when(told.isNotNull(), lit("self_reported"))
            .when(col("_told_mean").isNotNull(), lit("told_mean"))
            .otherwise(lit("fixed")));
    return withMean.withColumn(ESTIMATE, estimate).withColumn(BASIS, basis).drop("_told_mean");
  }
}
