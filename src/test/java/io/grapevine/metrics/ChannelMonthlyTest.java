package io.grapevine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChannelMonthlyTest {
  private static Row survey;
  private static Row social;

  private static Row support;
  private static org.apache.spark.sql.Dataset<Row> input;

  @BeforeAll
  static void compute() {
    StructType schema = new StructType()
        .add(FeedbackSchema.REPORT_MONTH, DataTypes.StringType)
        .add(FeedbackSchema.CHANNEL, DataTypes.StringType)
        .add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType)
        .add(FeedbackSchema.NPS, DataTypes.IntegerType)
        .add(FeedbackSchema.TOLD_COUNT, DataTypes.IntegerType)
        .add(FeedbackSchema.REACH, DataTypes.LongType)
        .add(FeedbackSchema.REACH_BASIS, DataTypes.StringType)
        .add(FeedbackSchema.IS_COMPLAINT, DataTypes.BooleanType)
        .add(FeedbackSchema.RATING, DataTypes.DoubleType)
        .add(FeedbackSchema.RATING_MAX, DataTypes.DoubleType)
        .add(FeedbackSchema.EFFORT, DataTypes.DoubleType)
        .add(FeedbackSchema.EFFORT_TOP_TWO, DataTypes.BooleanType);
    List<Row> rows = Arrays.asList(
        RowFactory.create("2026-10", "survey", "negative", 2, 0, null, null, null, null, null, null, null),
        RowFactory.create("2026-10", "survey", "negative", 5, 12, null, null, null, null, null, null, null),
        RowFactory.create("2026-10", "survey", "negative", 6, 3, null, null, null, null, null, null, null),
        RowFactory.create("2026-10", "survey", "positive", 10, 10, null, null, null, null, null, null, null),
        RowFactory.create("2026-10", "survey", "positive", 9, 0, null, null, null, null, null, null, null),
        RowFactory.create("2026-10", "survey", "neutral", 8, 1, null, null, null, null, null, null, null),
        RowFactory.create("2026-10", "social_media", "negative", null, null, 1000L, "followers", true, null, null, null, null),
        RowFactory.create("2026-10", "social_media", "positive", null, null, 300L, "followers", false, null, null, null, null),
        RowFactory.create("2026-10", "social_media", "negative", null, null, 5000L, "estimated", false, null, null, null, null),
        RowFactory.create("2026-10", "social_media", null, null, null, 50L, "followers", false, null, null, null, null),
        RowFactory.create("2026-09", "social_media", "negative", null, null, 1L, "followers", false, null, null, null, null),
        RowFactory.create("2026-10", "support", "positive", null, null, null, null, false, 5.0, 5.0, 7.0, true),
        RowFactory.create("2026-10", "support", "positive", null, null, null, null, false, 4.0, 5.0, 3.0, false),
        RowFactory.create("2026-10", "support", "negative", null, null, null, null, false, 2.0, 5.0, 1.0, false),
        RowFactory.create("2026-10", "support", "neutral", null, null, null, null, false, 3.0, 5.0, null, null),
        RowFactory.create("2026-10", "support", null, null, null, null, null, false, null, null, null, null));
    // Survey labels come from NPS answers, the others from the source; social media has one unlabelled row.
    input = SparkTestSession.get().createDataFrame(rows, schema).withColumn(FeedbackSchema.SENTIMENT_BASIS,
        org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.col(FeedbackSchema.SENTIMENT_LABEL)
            .isNotNull(), org.apache.spark.sql.functions.when(org.apache.spark.sql.functions.col(FeedbackSchema.NPS)
                .isNotNull(), "nps").otherwise("label")));
    List<Row> out = ChannelMonthly.compute(input, 0.95, 10)
        .where("report_month = '2026-10'").collectAsList();
    survey = out.stream().filter(r -> r.getAs("channel").equals("survey")).findFirst().orElseThrow();
    social = out.stream().filter(r -> r.getAs("channel").equals("social_media")).findFirst().orElseThrow();
    support = out.stream().filter(r -> r.getAs("channel").equals("support")).findFirst().orElseThrow();
  }

  @Test
  void csatIsTheTopTwoBoxShareOfRatings() {
    assertThat(support.<Long>getAs("rated")).isEqualTo(4);
    assertThat(support.<Long>getAs("top_two_box")).isEqualTo(2);
    assertThat(support.<Double>getAs("csat")).isEqualTo(0.5);
    // The reference: commons-math\'s Wilson interval (trials, successes).
    ConfidenceInterval ci = new WilsonScoreInterval().createInterval(4, 2, 0.95);
    assertThat(support.<Double>getAs("csat_ci_low")).isCloseTo(ci.getLowerBound(), within(1e-9));
    assertThat(survey.isNullAt(survey.fieldIndex("csat"))).isTrue();
  }

  @Test
  void cesIsTheTopTwoBoxShareOfEffortAnswers() {
    assertThat(support.<Long>getAs("effort_answers")).isEqualTo(3);
    assertThat(support.<Long>getAs("effort_top_two")).isEqualTo(1);
    assertThat(support.<Double>getAs("ces")).isCloseTo(1.0 / 3, within(1e-12));
    // The reference: commons-math\'s Wilson interval (trials, successes).
    ConfidenceInterval ci = new WilsonScoreInterval().createInterval(3, 1, 0.95);
    assertThat(support.<Double>getAs("ces_ci_high")).isCloseTo(ci.getUpperBound(), within(1e-9));
    assertThat(social.isNullAt(social.fieldIndex("ces"))).isTrue();
  }

  @Test
  void estimatedReachIsKeptApartFromObservedReach() {
    GrapevineConfig.ReachEstimate fixed = GrapevineConfig.defaults().metrics.reachEstimate;
    fixed.rule = "fixed";
    Row s = ChannelMonthly.compute(ReachEstimate.add(input, fixed), ChannelMonthly.CHANNEL_KEYS, 0.95, 10)
        .where("report_month = '2026-10' AND channel = 'social_media'").first();
    // Observed: 1000 + 300 + 50 as before. Estimated: only the row whose reach was a source's guess.
    assertThat(s.<Long>getAs("reach_observed")).isEqualTo(1350);
    assertThat(s.<Long>getAs("reach_estimated_rows")).isEqualTo(1);
    assertThat(s.<Double>getAs("reach_estimated")).isEqualTo(fixed.fixed.negative);
    assertThat(s.<Double>getAs("reach_estimated_negative")).isEqualTo(fixed.fixed.negative);
    Row v = ChannelMonthly.compute(ReachEstimate.add(input, fixed), ChannelMonthly.CHANNEL_KEYS, 0.95, 10)
        .where("report_month = '2026-10' AND channel = 'survey'").first();
    // Survey answers estimate their audience by their own told counts: 0+12+3+10+0+1.
    assertThat(v.<Double>getAs("reach_estimated")).isEqualTo(26.0);
    assertThat(v.<Double>getAs("reach_estimated_positive")).isEqualTo(10.0);
  }

  @Test
  void countsAndNegativityWithItsWilsonInterval() {
    assertThat(survey.<Long>getAs("volume")).isEqualTo(6);
    assertThat(survey.<Long>getAs("labelled")).isEqualTo(6);
    assertThat(survey.<Long>getAs("negative")).isEqualTo(3);
    assertThat(survey.<Double>getAs("negativity_rate")).isEqualTo(0.5);
    // The reference: commons-math\'s Wilson interval (trials, successes).
    ConfidenceInterval ci = new WilsonScoreInterval().createInterval(6, 3, 0.95);
    assertThat(survey.<Double>getAs("negativity_ci_low")).isCloseTo(ci.getLowerBound(), within(1e-9));
    assertThat(survey.<Double>getAs("negativity_ci_high")).isCloseTo(ci.getUpperBound(), within(1e-9));
    assertThat(survey.<Double>getAs("net_sentiment")).isCloseTo(-1.0 / 6, within(1e-12));
    // Unlabelled feedback counts in volume, not in the rate.
    assertThat(social.<Long>getAs("volume")).isEqualTo(4);
    assertThat(social.<Long>getAs("labelled")).isEqualTo(3);
    assertThat(social.<Double>getAs("negativity_rate")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(social.<Long>getAs("complaints")).isEqualTo(1);
  }

  @Test
  void everyRateSaysHowMuchOfTheFeedbackItRestsOn() {
    assertThat(social.<Double>getAs(ChannelMonthly.LABELLED_SHARE)).isEqualTo(0.75);
    assertThat(social.<Double>getAs("labelled_share_label")).isEqualTo(0.75);
    assertThat(social.<Double>getAs("labelled_share_model")).isEqualTo(0.0);
    assertThat(survey.<Double>getAs(ChannelMonthly.LABELLED_SHARE)).isEqualTo(1.0);
    assertThat(survey.<Double>getAs("labelled_share_nps")).isEqualTo(1.0);
    assertThat(support.<Double>getAs(ChannelMonthly.LABELLED_SHARE)).isEqualTo(0.8);
  }

  @Test
  void npsIsPromotersMinusDetractorsInPoints() {
    // 2 promoters (9, 10), 3 detractors (2, 5, 6), 1 passive.
    assertThat(survey.<Double>getAs("nps")).isCloseTo(100.0 * (2 - 3) / 6, within(1e-9));
    assertThat(social.isNullAt(social.fieldIndex("nps"))).isTrue();
  }

  @Test
  void observedReachLeavesEstimatesOut() {
    assertThat(social.<Long>getAs("reach_observed")).isEqualTo(1350);
    assertThat(social.<Long>getAs("reach_observed_negative")).isEqualTo(1000);
    assertThat(social.<Long>getAs("reach_observed_positive")).isEqualTo(300);
    assertThat(social.<Double>getAs("negative_voice_share")).isCloseTo(1000.0 / 1350, within(1e-12));
  }

  @Test
  void wordOfMouthByExperience() {
    assertThat(survey.<Long>getAs("told_answers_negative")).isEqualTo(3);
    assertThat(survey.<Double>getAs("speak_up_rate_negative")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(survey.<Double>getAs("told_many_rate_negative")).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(survey.<Double>getAs("speak_up_rate_positive")).isEqualTo(0.5);
    assertThat(survey.<Double>getAs("told_many_rate_positive")).isEqualTo(0.5);
    assertThat(survey.<Double>getAs("amplification_ratio")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(survey.<Double>getAs("amplification_p_value"))
        .isCloseTo(Proportions.twoProportionPValue(1, 3, 1, 2), within(1e-12));
    assertThat(social.isNullAt(social.fieldIndex("speak_up_rate_negative"))).isTrue();
  }
}
