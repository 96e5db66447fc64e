package io.grapevine.metrics;

import static io.grapevine.metrics.Counts.countIf;
import static io.grapevine.metrics.Proportions.rate;
import static io.grapevine.metrics.Proportions.twoProportionPValue;
import static io.grapevine.metrics.Proportions.withInterval;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
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
 * {@code amplification_monthly}: word of mouth by experience. One row per report month, channel and
 * experience (negative or positive) among feedback that says how many people the customer told:
 * speak-up and told-many rates with Wilson intervals, the mean number told, and each figure against
 * the other experience in the same month and channel (ratio, two-proportion p-value, a flag at the
 * 1 - confidence level). Column meanings: README.md, "amplification_monthly".
 */
public final class AmplificationMonthly {
  public static final String EXPERIENCE = "experience";

  private AmplificationMonthly() {}

  public static Dataset<Row> compute(Dataset<Row> enriched, double confidence, int toldMany) {
    Column told = col(FeedbackSchema.TOLD_COUNT);
    Column label = col(FeedbackSchema.SENTIMENT_LABEL);
    Dataset<Row> counts = enriched
        .where(told.isNotNull().and(label.isin(Sentiment.NEGATIVE, Sentiment.POSITIVE)))
        .groupBy(col(FeedbackSchema.REPORT_MONTH), col(FeedbackSchema.CHANNEL), label.as(EXPERIENCE))
        .agg(count(lit(1)).as("answers"),
            countIf(told.geq(1)).as("spoke_up"),
            countIf(told.geq(toldMany)).as("told_many"),
            sum(told.cast(DataTypes.LongType)).as("told_total"));
    Column n = col("answers");
    List<Column> columns = new ArrayList<>(List.of(col(FeedbackSchema.CHANNEL), col(EXPERIENCE), n,
        col("spoke_up"), col("told_many"), col("told_total")));
    columns.addAll(withInterval(col("spoke_up"), n, confidence, "speak_up_rate", "speak_up_ci_low", "speak_up_ci_high"));
    columns.addAll(withInterval(col("told_many"), n, confidence,
        "told_many_rate", "told_many_ci_low", "told_many_ci_high"));
    columns.addAll(List.of(rate(col("told_total"), n).as("mean_told"), lit(toldMany).as("told_many_threshold"),
        lit(confidence).as("confidence"), col(FeedbackSchema.REPORT_MONTH)));
    Dataset<Row> rates = counts.select(columns.toArray(Column[]::new));
    Dataset<Row> other = rates.select(col(FeedbackSchema.REPORT_MONTH).as("o_month"),
        col(FeedbackSchema.CHANNEL).as("o_channel"), col(EXPERIENCE).as("o_experience"),
        col("answers").as("o_answers"), col("spoke_up").as("o_spoke_up"), col("told_many").as("o_told_many"),
        col("speak_up_rate").as("o_speak_up_rate"), col("told_many_rate").as("o_told_many_rate"),
        col("mean_told").as("o_mean_told"));
    Dataset<Row> paired = rates.join(other, rates.col(FeedbackSchema.REPORT_MONTH).equalTo(col("o_month"))
        .and(rates.col(FeedbackSchema.CHANNEL).equalTo(col("o_channel")))
        .and(rates.col(EXPERIENCE).notEqual(col("o_experience"))), "left");
    Column pValue = twoProportionPValue(col("told_many"), col("answers"), col("o_told_many"), col("o_answers"));
    return paired.select(col(FeedbackSchema.CHANNEL), col(EXPERIENCE), col("answers"), col("spoke_up"),
        col("told_many"), col("told_total"), col("speak_up_rate"), col("speak_up_ci_low"), col("speak_up_ci_high"),
        col("told_many_rate"), col("told_many_ci_low"), col("told_many_ci_high"), col("mean_told"),
        ratio(col("speak_up_rate"), col("o_speak_up_rate")).as("speak_up_ratio_to_other"),
        ratio(col("told_many_rate"), col("o_told_many_rate")).as("told_many_ratio_to_other"),
        ratio(col("mean_told"), col("o_mean_told")).as("mean_told_ratio_to_other"),
        twoProportionPValue(col("spoke_up"), col("answers"), col("o_spoke_up"), col("o_answers"))
            .as("speak_up_p_value"),
        pValue.as("told_many_p_value"),
        pValue.lt(1 - confidence).as("told_many_differs"),
        col("told_many_threshold"), col("confidence"), col(FeedbackSchema.REPORT_MONTH));
  }

  private static Column ratio(Column a, Column b) {
    return when(b.gt(0), a.divide(b));
  }
}
