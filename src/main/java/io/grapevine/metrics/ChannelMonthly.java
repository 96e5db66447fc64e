package io.grapevine.metrics;

import static io.grapevine.metrics.Proportions.rate;
import static io.grapevine.metrics.Proportions.twoProportionPValue;
import static io.grapevine.metrics.Proportions.withInterval;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static io.grapevine.metrics.Counts.countIf;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Sentiment;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code channel_monthly} and {@code source_monthly}: per report month and channel (or source), how much feedback came, how negative it
 * was (with Wilson intervals), how far it was heard (observed reach only), and how much customers
 * with a negative or a positive experience spread the word (speak-up and told-many rates from
 * told-count answers, their ratio and a two-proportion test). Column meanings: README.md, "channel_monthly".
 */
public final class ChannelMonthly {
  private ChannelMonthly() {}

  /** Share of the feedback that has a sentiment label; {@code labelled_share_<basis>} per basis. */
  public static final String LABELLED_SHARE = "labelled_share";
  private static final String BASIS_COUNT = "_labelled_by_";

  /** Group keys of {@code channel_monthly}. */
  public static final List<String> CHANNEL_KEYS = List.of(FeedbackSchema.REPORT_MONTH, FeedbackSchema.CHANNEL);
  /** Group keys of {@code source_monthly}: the same figures per source (a source has one channel). */
  public static final List<String> SOURCE_KEYS =
      List.of(FeedbackSchema.REPORT_MONTH, FeedbackSchema.SOURCE, FeedbackSchema.CHANNEL);

  /** Group keys of {@code subject_monthly}: per subject (business, product, location) and channel. */
  public static final List<String> SUBJECT_KEYS =
      List.of(FeedbackSchema.REPORT_MONTH, FeedbackSchema.SUBJECT, FeedbackSchema.CHANNEL);

  /** Rates compared with the previous month (MonthOverMonth): the headline rates. */
  public static final List<MonthOverMonth.Rate> CHANGE_RATES = List.of(
      new MonthOverMonth.Rate("negativity_rate", "negative", "labelled"),
      new MonthOverMonth.Rate("positivity_rate", "positive", "labelled"),
      new MonthOverMonth.Rate("csat", "top_two_box", "rated"),
      new MonthOverMonth.Rate("ces", "effort_top_two", "effort_answers"),
      new MonthOverMonth.Rate("told_many_rate_negative", "told_many_negative", "told_answers_negative"));

  /** {@code channel_monthly} without estimated reach (rule off): for callers that estimate none. */
  public static Dataset<Row> compute(Dataset<Row> enriched, double confidence, int toldMany) {
    GrapevineConfig.ReachEstimate off = new GrapevineConfig.ReachEstimate();
    off.rule = "off";
    return compute(ReachEstimate.add(enriched, off), CHANNEL_KEYS, confidence, toldMany);
  }

  /** Needs the columns of {@link ReachEstimate#add}. */
  public static Dataset<Row> compute(Dataset<Row> enriched, List<String> keys, double confidence,
      int toldMany) {
    Column label = col(FeedbackSchema.SENTIMENT_LABEL);
    Column isNeg = label.equalTo(Sentiment.NEGATIVE);
    Column isPos = label.equalTo(Sentiment.POSITIVE);
    Column observedReach = when(ReachEstimate.observed(), col(FeedbackSchema.REACH));
    Column estimated = col(ReachEstimate.ESTIMATE);
    Column told = col(FeedbackSchema.TOLD_COUNT);
    Column nps = col(FeedbackSchema.NPS);

    List<Column> byBasis = new ArrayList<>();
    for (String basis : Sentiment.BASES) {
      byBasis.add(countIf(col(FeedbackSchema.SENTIMENT_BASIS).equalTo(basis)).as(BASIS_COUNT + basis));
    }
    List<Column> aggregates = new ArrayList<>(List.of(
        count(lit(1)).as("volume"),
        count(label).as("labelled"),
        countIf(isNeg).as("negative"),
        countIf(label.equalTo(Sentiment.NEUTRAL)).as("neutral"),
        countIf(isPos).as("positive"),
        countIf(col(FeedbackSchema.IS_COMPLAINT)).as("complaints"),
        count(col(FeedbackSchema.RATING)).as("rated"),
        countIf(col(FeedbackSchema.RATING).geq(col(FeedbackSchema.RATING_MAX).minus(1))).as("top_two_box"),
        count(col(FeedbackSchema.EFFORT)).as("effort_answers"),
        countIf(col(FeedbackSchema.EFFORT_TOP_TWO)).as("effort_top_two"),
        count(nps).as("nps_answers"),
        countIf(nps.geq(9)).as("promoters"),
        countIf(nps.leq(6)).as("detractors"),
        count(observedReach).as("reach_observed_rows"),
        sum(observedReach).as("reach_observed"),
        sum(when(isNeg, observedReach)).as("reach_observed_negative"),
        sum(when(isPos, observedReach)).as("reach_observed_positive"),
        count(estimated).as("reach_estimated_rows"),
        sum(estimated).as("reach_estimated"),
        sum(when(isNeg, estimated)).as("reach_estimated_negative"),
        sum(when(isPos, estimated)).as("reach_estimated_positive"),
        countIf(isNeg.and(told.isNotNull())).as("told_answers_negative"),
        countIf(isNeg.and(told.geq(1))).as("spoke_up_negative"),
        countIf(isNeg.and(told.geq(toldMany))).as("told_many_negative"),
        countIf(isPos.and(told.isNotNull())).as("told_answers_positive"),
        countIf(isPos.and(told.geq(1))).as("spoke_up_positive"),
        countIf(isPos.and(told.geq(toldMany))).as("told_many_positive")));
    aggregates.addAll(byBasis);
    Dataset<Row> counts = enriched.groupBy(keys.stream().map(functions::col).toArray(Column[]::new))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));

    List<Column> out = new ArrayList<>();
    for (String c : counts.columns()) {
      if (!c.startsWith(BASIS_COUNT)) {
        out.add(col(c));
      }
    }
    Column labelled = col("labelled");
    // What the rates rest on: the share of the feedback with a label, and the share each basis gave.
    out.add(rate(labelled, col("volume")).as(LABELLED_SHARE));
    for (String basis : Sentiment.BASES) {
      out.add(rate(col(BASIS_COUNT + basis), col("volume")).as(LABELLED_SHARE + "_" + basis));
    }
    out.addAll(withInterval(col("negative"), labelled, confidence,
        "negativity_rate", "negativity_ci_low", "negativity_ci_high"));
    out.addAll(withInterval(col("positive"), labelled, confidence,
        "positivity_rate", "positivity_ci_low", "positivity_ci_high"));
    out.add(rate(col("positive").minus(col("negative")), labelled).as("net_sentiment"));
    out.add(rate(col("promoters").minus(col("detractors")), col("nps_answers")).multiply(100).as("nps"));
    out.addAll(withInterval(col("top_two_box"), col("rated"), confidence, "csat", "csat_ci_low", "csat_ci_high"));
    out.addAll(withInterval(col("effort_top_two"), col("effort_answers"), confidence,
        "ces", "ces_ci_low", "ces_ci_high"));
    out.add(when(col("reach_observed").gt(0), col("reach_observed_negative").cast(DataTypes.DoubleType)
        .divide(col("reach_observed"))).as("negative_voice_share"));
    for (String side : List.of("negative", "positive")) {
      Column n = col("told_answers_" + side);
      out.addAll(withInterval(col("spoke_up_" + side), n, confidence,
          "speak_up_rate_" + side, "speak_up_ci_low_" + side, "speak_up_ci_high_" + side));
      out.addAll(withInterval(col("told_many_" + side), n, confidence,
          "told_many_rate_" + side, "told_many_ci_low_" + side, "told_many_ci_high_" + side));
    }
    out.add(lit(toldMany).as("told_many_threshold"));
    out.add(lit(confidence).as("confidence"));
    Dataset<Row> withRates = counts.select(out.toArray(Column[]::new));
    return withRates
        .withColumn("amplification_ratio",
            when(col("told_many_rate_positive").gt(0),
                col("told_many_rate_negative").divide(col("told_many_rate_positive"))))
        .withColumn("amplification_p_value",
            twoProportionPValue(col("told_many_negative"), col("told_answers_negative"),
                col("told_many_positive"), col("told_answers_positive")));
  }
}
