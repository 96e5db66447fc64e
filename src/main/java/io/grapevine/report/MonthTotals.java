package io.grapevine.report;

import static org.apache.spark.sql.functions.expr;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.JobContext;
import io.grapevine.core.Table;
import io.grapevine.metrics.Proportions;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;

/**
 * The month's totals over {@code channel_monthly} that the report's headline and word-of-mouth
 * sections show, read in one aggregation. Each figure is a SQL expression over the table: the same
 * text computes it here and traces it on the page ({@code data-sql}, {@link #sql}); its interval and
 * test come from the metrics' own columns ({@link Proportions}), so no figure is computed twice.
 */
final class MonthTotals {
  static final String TABLE = Table.CHANNEL_MONTHLY.dirName();
  static final String FEEDBACK = "sum(volume)";
  static final String LABELLED = "sum(labelled)";
  static final String NEGATIVE = "sum(negative)";
  static final String NEGATIVITY = "try_divide(sum(negative), sum(labelled))";
  static final String LABELLED_SHARE = "try_divide(sum(labelled), sum(volume))";
  static final String REACH_NEGATIVE = "sum(reach_observed_negative)";
  static final String NEGATIVE_SIDE = "negative";
  static final String POSITIVE_SIDE = "positive";

  private MonthTotals() {}

  /** Survey answers on whether the customer told others, of one side (customers with a negative or a positive experience). */
  static String answers(String side) {
    return "sum(told_answers_" + side + ")";
  }

  static String spokeUp(String side) {
    return "sum(spoke_up_" + side + ")";
  }

  static String toldMany(String side) {
    return "sum(told_many_" + side + ")";
  }

  static String speakUpRate(String side) {
    return "try_divide(" + spokeUp(side) + ", " + answers(side) + ")";
  }

  static String toldManyRate(String side) {
    return "try_divide(" + toldMany(side) + ", " + answers(side) + ")";
  }

  /** The query that gives one figure, as the page names it. */
  static String sql(String expression, String month) {
    return "SELECT " + expression + " FROM " + TABLE + " WHERE report_month = '" + month + "'";
  }

  /** The headline: how much feedback, how much of it labelled, how negative, and against last month. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Headline(Long feedback, Long labelled, Double labelledShare, double minLabelledShare,
      Long reachObservedNegative, Double negativityRate, Double negativityCiLow, Double negativityCiHigh,
      Double negativityRatePrevious, Double negativityChangeWithin, Double negativityChangeMix,
      @JsonProperty("negativity_change_p_value") Double negativityChangePValue) {}

  /** A change of the overall rate split into the part within sources (tested) and the mix's part. */
  record Change(Double within, Double mix, Double pValue) {}

  /** One side of the word-of-mouth question: how many answered, told anyone, told many; with intervals. */
  record Side(Long answers, Long spokeUp, Long toldMany, Double speakUpRate, Double speakUpCiLow,
      Double speakUpCiHigh, Double toldManyRate, Double toldManyCiLow, Double toldManyCiHigh) {}

  /** Whether unhappy customers tell more people than happy ones, and the test of the difference. */
  record WordOfMouth(Side negative, Side positive, double confidence, int toldManyThreshold, Double pValue) {}

  /** The month's headline and word of mouth; the change against last month is {@code change}'s. */
  static Headline headline(Row totals, Double previousRate, Change change, double minLabelledShare) {
    return new Headline(totals.getAs("feedback"), totals.getAs("labelled"), totals.getAs("labelled_share"),
        minLabelledShare, totals.getAs("reach_observed_negative"), totals.getAs("negativity_rate"),
        totals.getAs("negativity_ci_low"), totals.getAs("negativity_ci_high"), previousRate,
        change == null ? null : change.within(), change == null ? null : change.mix(),
        change == null ? null : change.pValue());
  }

  static WordOfMouth wordOfMouth(Row totals, double confidence, int toldManyThreshold) {
    return new WordOfMouth(side(totals, NEGATIVE_SIDE), side(totals, POSITIVE_SIDE), confidence,
        toldManyThreshold, totals.getAs("told_many_p_value"));
  }

  private static Side side(Row t, String side) {
    return new Side(t.getAs("answers_" + side), t.getAs("spoke_up_" + side), t.getAs("told_many_" + side),
        t.getAs("speak_up_rate_" + side), t.getAs("speak_up_ci_low_" + side), t.getAs("speak_up_ci_high_" + side),
        t.getAs("told_many_rate_" + side), t.getAs("told_many_ci_low_" + side),
        t.getAs("told_many_ci_high_" + side));
  }

  /**
   * Every total of {@code month} and of {@code previous}, in one aggregation over channel_monthly, by
   * month; {@code previous} is absent when it has no rows.
   */
  static Map<String, Row> totals(JobContext ctx, String previous, String month, double confidence) {
    List<Column> columns = new java.util.ArrayList<>(List.of(
        expr(FEEDBACK).as("feedback"), expr(LABELLED).as("labelled"), expr(LABELLED_SHARE).as("labelled_share"),
        expr(REACH_NEGATIVE).as("reach_observed_negative"), expr(NEGATIVITY).as("negativity_rate"),
        Proportions.wilsonLow(expr(NEGATIVE), expr(LABELLED), confidence).as("negativity_ci_low"),
        Proportions.wilsonHigh(expr(NEGATIVE), expr(LABELLED), confidence).as("negativity_ci_high"),
        Proportions.twoProportionPValue(expr(toldMany(NEGATIVE_SIDE)), expr(answers(NEGATIVE_SIDE)),
            expr(toldMany(POSITIVE_SIDE)), expr(answers(POSITIVE_SIDE))).as("told_many_p_value")));
    for (String side : List.of(NEGATIVE_SIDE, POSITIVE_SIDE)) {
      Column n = expr(answers(side));
      columns.addAll(List.of(n.as("answers_" + side), expr(spokeUp(side)).as("spoke_up_" + side),
          expr(toldMany(side)).as("told_many_" + side),
          expr(speakUpRate(side)).as("speak_up_rate_" + side),
          Proportions.wilsonLow(expr(spokeUp(side)), n, confidence).as("speak_up_ci_low_" + side),
          Proportions.wilsonHigh(expr(spokeUp(side)), n, confidence).as("speak_up_ci_high_" + side),
          expr(toldManyRate(side)).as("told_many_rate_" + side),
          Proportions.wilsonLow(expr(toldMany(side)), n, confidence).as("told_many_ci_low_" + side),
          Proportions.wilsonHigh(expr(toldMany(side)), n, confidence).as("told_many_ci_high_" + side)));
    }
    Column first = columns.get(0);
    Column[] rest = columns.subList(1, columns.size()).toArray(Column[]::new);
    Map<String, Row> byMonth = new java.util.HashMap<>();
    for (Row r : ctx.tables().read(Table.CHANNEL_MONTHLY, previous, month).groupBy(FeedbackSchema.REPORT_MONTH)
        .agg(first, rest).collectAsList()) {
      byMonth.put(r.getString(0), r);
    }
    if (!byMonth.containsKey(month)) {
      // No rows this month: the aggregation over none, a row of nulls, as the traced SQL gives it.
      byMonth.put(month, ctx.tables().read(Table.CHANNEL_MONTHLY, month, month).agg(first, rest).first());
    }
    return byMonth;
  }
}
