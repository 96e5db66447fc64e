package io.grapevine.metrics;

import static io.grapevine.metrics.Counts.countIf;
import static io.grapevine.metrics.Proportions.rate;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Sentiment;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code response_quality_monthly}: per report month and channel, how often and how fast the company
 * answers, how fast problems are resolved, how often replies apologize or make a complaint-handling
 * error (every {@code reply_<signal>} column of the enriched feedback), and how long after the
 * experience feedback arrives. Times are medians and 90th percentiles (approximate, 1% relative error).
 */
public final class ResponseQuality {
  static final String REPLY_PREFIX = "reply_";

  /** Rates compared with the previous month (MonthOverMonth): answers and apologies. */
  public static final List<MonthOverMonth.Rate> CHANGE_RATES = List.of(
      new MonthOverMonth.Rate("response_rate", "answered", "feedback"),
      new MonthOverMonth.Rate("apology_rate", "replies_apology", "answered"));

  private ResponseQuality() {}

  public static Dataset<Row> compute(Dataset<Row> enriched) {
    Column event = col(FeedbackSchema.EVENT_TS).cast(DataTypes.LongType);
    Column answered = col(FeedbackSchema.RESPONSE_TS).isNotNull().or(col(FeedbackSchema.RESPONSE_TEXT).isNotNull());
    Column complaint = col(FeedbackSchema.IS_COMPLAINT).equalTo(true);
    Column negative = col(FeedbackSchema.SENTIMENT_LABEL).equalTo(Sentiment.NEGATIVE);
    Column responseHours = when(col(FeedbackSchema.RESPONSE_TS).geq(col(FeedbackSchema.EVENT_TS)),
        col(FeedbackSchema.RESPONSE_TS).cast(DataTypes.LongType).minus(event).divide(3600.0));
    Column resolutionHours = when(col(FeedbackSchema.RESOLVED).equalTo(true)
            .and(col(FeedbackSchema.RESOLVED_TS).geq(col(FeedbackSchema.EVENT_TS))),
        col(FeedbackSchema.RESOLVED_TS).cast(DataTypes.LongType).minus(event).divide(3600.0));
    Column latencyDays = when(col(FeedbackSchema.EVENT_TS).geq(col(FeedbackSchema.EXPERIENCE_TS)),
        event.minus(col(FeedbackSchema.EXPERIENCE_TS).cast(DataTypes.LongType)).divide(86_400.0));

    List<String> signals = new ArrayList<>();
    for (String c : enriched.columns()) {
      if (c.startsWith(REPLY_PREFIX)) {
        signals.add(c.substring(REPLY_PREFIX.length()));
      }
    }
    List<Column> aggs = new ArrayList<>(List.of(
        count(lit(1)).as("feedback"),
        countIf(answered).as("answered"),
        countIf(complaint).as("complaints"),
        countIf(complaint.and(answered)).as("complaints_answered"),
        countIf(complaint.and(col(FeedbackSchema.RESOLVED).equalTo(true))).as("complaints_resolved"),
        countIf(negative.and(answered)).as("negative_answered"),
        count(responseHours).as("response_times"),
        percentile_approx(responseHours, lit(0.5), lit(100)).as("response_hours_median"),
        percentile_approx(responseHours, lit(0.9), lit(100)).as("response_hours_p90"),
        count(resolutionHours).as("resolution_times"),
        percentile_approx(resolutionHours, lit(0.5), lit(100)).as("resolution_hours_median"),
        percentile_approx(resolutionHours, lit(0.9), lit(100)).as("resolution_hours_p90"),
        count(latencyDays).as("latencies"),
        percentile_approx(latencyDays, lit(0.5), lit(100)).as("feedback_latency_days_median"),
        percentile_approx(latencyDays, lit(0.9), lit(100)).as("feedback_latency_days_p90")));
    for (String s : signals) {
      aggs.add(countIf(col(REPLY_PREFIX + s).equalTo(true)).as("replies_" + s));
      aggs.add(countIf(negative.and(col(REPLY_PREFIX + s).equalTo(true))).as("negative_replies_" + s));
    }
    Dataset<Row> counts = enriched.groupBy(col(FeedbackSchema.REPORT_MONTH), col(FeedbackSchema.CHANNEL))
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));

    List<Column> out = new ArrayList<>();
    for (String c : counts.columns()) {
      out.add(col(c));
    }
    out.add(rate(col("answered"), col("feedback")).as("response_rate"));
    out.add(rate(col("complaints_answered"), col("complaints")).as("complaint_response_rate"));
    out.add(rate(col("complaints_resolved"), col("complaints")).as("complaint_resolution_rate"));
    for (String s : signals) {
      // Share of replies with the signal: all replies, and replies to negative feedback.
      out.add(rate(col("replies_" + s), col("answered")).as(s + "_rate"));
      out.add(rate(col("negative_replies_" + s), col("negative_answered")).as(s + "_rate_negative"));
    }
    return counts.select(out.toArray(Column[]::new));
  }
}
