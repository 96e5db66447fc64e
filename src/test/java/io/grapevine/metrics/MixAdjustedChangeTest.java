package io.grapevine.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Mood or mix, on generated feedback: January holds few reviews (20% negative) and many tweets (60%),
 * February the reverse. Where each source's rate stays put, the channel's rate still jumps; that jump
 * is all mix and is not reported as significant. Where the tweets' own rate moves, it is.
 */
class MixAdjustedChangeTest {
  private static final List<String> KEYS = List.of(FeedbackSchema.CHANNEL);

  /** Feedback of one channel: per month, source, rows and negative share (drawn at random). */
  private static Dataset<Row> feedback(Object[][] plan) {
    SplittableRandom rnd = new SplittableRandom(5);
    List<Row> rows = new ArrayList<>();
    for (Object[] p : plan) {
      for (int i = 0; i < (int) p[2]; i++) {
        rows.add(RowFactory.create(p[0], "social", p[1],
            rnd.nextDouble() < (double) p[3] ? "negative" : "positive"));
      }
    }
    StructType schema = new StructType().add(FeedbackSchema.REPORT_MONTH, DataTypes.StringType)
        .add(FeedbackSchema.CHANNEL, DataTypes.StringType).add(FeedbackSchema.SOURCE, DataTypes.StringType)
        .add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType);
    return SparkTestSession.get().createDataFrame(rows, schema)
        .withColumn(FeedbackSchema.SENTIMENT_BASIS, lit("label"));
  }

  private static Row february(Dataset<Row> feedback, String multipleTesting) {
    Dataset<Row> enriched = ReachEstimate.add(feedback.withColumn(FeedbackSchema.NPS, lit(null).cast("int"))
        .withColumn(FeedbackSchema.TOLD_COUNT, lit(null).cast("int")).withColumn(FeedbackSchema.REACH,
            lit(null).cast("long")).withColumn(FeedbackSchema.REACH_BASIS, lit(null).cast("string"))
        .withColumn(FeedbackSchema.IS_COMPLAINT, lit(false)).withColumn(FeedbackSchema.RATING, lit(null).cast("double"))
        .withColumn(FeedbackSchema.RATING_MAX, lit(null).cast("double")).withColumn(FeedbackSchema.EFFORT,
            lit(null).cast("double")).withColumn(FeedbackSchema.EFFORT_TOP_TWO, lit(null).cast("boolean")),
        offRule());
    Dataset<Row> channel = MonthOverMonth.add(ChannelMonthly.compute(enriched, ChannelMonthly.CHANNEL_KEYS, 0.95, 10),
        KEYS, ChannelMonthly.CHANGE_RATES, 0.95);
    Dataset<Row> bySource = ChannelMonthly.compute(enriched, ChannelMonthly.SOURCE_KEYS, 0.95, 10);
    return MixAdjustedChange.add(channel, bySource, KEYS, 0.95, multipleTesting)
        .where(col(FeedbackSchema.REPORT_MONTH).equalTo("2026-02")).first();
  }

  private static io.grapevine.core.GrapevineConfig.ReachEstimate offRule() {
    io.grapevine.core.GrapevineConfig.ReachEstimate off = new io.grapevine.core.GrapevineConfig.ReachEstimate();
    off.rule = "off";
    return off;
  }

  @Test
  void aChangeOfSourceMixWithSteadySourcesIsNotAChangeOfMood() {
    Row feb = february(feedback(new Object[][] {
        {"2026-01", "reviews", 400, 0.2}, {"2026-01", "tweets", 4000, 0.6},
        {"2026-02", "reviews", 4000, 0.2}, {"2026-02", "tweets", 400, 0.6}}), MixAdjustedChange.BENJAMINI_HOCHBERG);
    double change = feb.getAs("negativity_rate_change");
    // The pooled test sees a huge change; the mix explains nearly all of it.
    assertThat(change).isLessThan(-0.25);
    assertThat(feb.<Boolean>getAs("negativity_rate_change_significant")).isTrue();
    double within = feb.getAs(MixAdjustedChange.WITHIN);
    assertThat(Math.abs(within)).isLessThan(0.05);
    assertThat(feb.<Double>getAs(MixAdjustedChange.MIX)).isCloseTo(change - within, within(1e-12));
    assertThat(feb.<Double>getAs(MixAdjustedChange.P_VALUE)).isGreaterThan(0.05);
    assertThat(feb.<Boolean>getAs(MixAdjustedChange.SIGNIFICANT)).isFalse();
  }

  @Test
  void aChangeWithinTheSameSourcesIsTestedAndFound() {
    Row feb = february(feedback(new Object[][] {
        {"2026-01", "reviews", 400, 0.2}, {"2026-01", "tweets", 4000, 0.6},
        {"2026-02", "reviews", 400, 0.2}, {"2026-02", "tweets", 4000, 0.4}}), MixAdjustedChange.NONE);
    double within = feb.getAs(MixAdjustedChange.WITHIN);
    // Weighted by January's mix: 4000/4400 of a 20-point drop.
    assertThat(within).isCloseTo(-0.2 * 4000 / 4400, within(0.03));
    assertThat(Math.abs(feb.<Double>getAs(MixAdjustedChange.MIX))).isLessThan(0.01);
    assertThat(feb.<Double>getAs(MixAdjustedChange.P_VALUE)).isLessThan(1e-6);
    assertThat(feb.<Double>getAs(MixAdjustedChange.P_ADJUSTED)).isEqualTo(feb.<Double>getAs(MixAdjustedChange.P_VALUE));
    assertThat(feb.<Boolean>getAs(MixAdjustedChange.SIGNIFICANT)).isTrue();
  }

  @Test
  void benjaminiHochbergAdjustsAMonthsPValuesByTheirRank() {
    StructType schema = new StructType().add(FeedbackSchema.REPORT_MONTH, DataTypes.StringType)
        .add("k", DataTypes.StringType).add("p", DataTypes.DoubleType);
    List<Row> rows = List.of(RowFactory.create("m", "a", 0.01), RowFactory.create("m", "b", 0.04),
        RowFactory.create("m", "c", 0.03), RowFactory.create("m", "d", 0.5), RowFactory.create("m", "e", null),
        RowFactory.create("n", "f", 0.04));
    List<Row> out = MixAdjustedChange.benjaminiHochberg(SparkTestSession.get().createDataFrame(rows, schema), "p", "q")
        .orderBy("k").collectAsList();
    // m = 4 tests in month m: sorted 0.01, 0.03, 0.04, 0.5 -> 0.04, min(0.06, 0.0533), 0.0533, 0.5.
    assertThat(out.get(0).<Double>getAs("q")).isCloseTo(0.04, within(1e-12));
    assertThat(out.get(1).<Double>getAs("q")).isCloseTo(0.04 * 4 / 3, within(1e-12));
    assertThat(out.get(2).<Double>getAs("q")).isCloseTo(0.04 * 4 / 3, within(1e-12));
    assertThat(out.get(3).<Double>getAs("q")).isCloseTo(0.5, within(1e-12));
    assertThat(out.get(4).isNullAt(out.get(4).fieldIndex("q"))).isTrue();
    // Alone in its month, a p-value is its own adjustment.
    assertThat(out.get(5).<Double>getAs("q")).isCloseTo(0.04, within(1e-12));
  }

  @Test
  void tiedPValuesGetOneAdjustedValueWhateverTheirOrder() {
    StructType schema = new StructType().add(FeedbackSchema.REPORT_MONTH, DataTypes.StringType)
        .add("k", DataTypes.StringType).add("p", DataTypes.DoubleType);
    for (int shuffle = 0; shuffle < 4; shuffle++) {
      List<Row> rows = new ArrayList<>(List.of(RowFactory.create("m", "a", 0.02), RowFactory.create("m", "b", 0.02),
          RowFactory.create("m", "c", 0.02), RowFactory.create("m", "d", 0.9)));
      java.util.Collections.shuffle(rows, new java.util.Random(shuffle));
      List<Row> out = MixAdjustedChange.benjaminiHochberg(
          SparkTestSession.get().createDataFrame(rows, schema).repartition(3), "p", "q").orderBy("k").collectAsList();
      // Three tied at 0.02 of four tests: each 0.02 * 4 / 3.
      for (int i = 0; i < 3; i++) {
        assertThat(out.get(i).<Double>getAs("q")).isCloseTo(0.02 * 4 / 3, within(1e-12));
      }
      assertThat(out.get(3).<Double>getAs("q")).isCloseTo(0.9, within(1e-12));
    }
  }
}
