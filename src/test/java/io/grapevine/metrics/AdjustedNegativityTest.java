package io.grapevine.metrics;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Sentiment;
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
 * A model that calls 60% of negative texts and 20% of the others negative labels 6,000 tweets that are
 * truly 20% negative: it reports about 28%. Beside them, 1,000 rated reviews, truly 50% negative.
 * The raw rate's interval misses the truth; the corrected one finds it.
 */
class AdjustedNegativityTest {
  @Test
  void correctsAModelsBiasAndWidensItsInterval() {
    SplittableRandom rnd = new SplittableRandom(3);
    List<Row> rows = new ArrayList<>();
    int trulyNegative = 0;
    for (int i = 0; i < 6_000; i++) {
      boolean negative = rnd.nextDouble() < 0.2;
      trulyNegative += negative ? 1 : 0;
      boolean called = rnd.nextDouble() < (negative ? 0.6 : 0.2);
      rows.add(RowFactory.create("2026-10", "social", called ? "negative" : "positive", Sentiment.BASIS_DEFAULT_MODEL,
          0.6, 0.2, 400L, 1_600L));
    }
    for (int i = 0; i < 1_000; i++) {
      boolean negative = rnd.nextDouble() < 0.5;
      trulyNegative += negative ? 1 : 0;
      rows.add(RowFactory.create("2026-10", "social", negative ? "negative" : "positive", Sentiment.BASIS_RATING,
          null, null, null, null));
    }
    StructType schema = new StructType().add(FeedbackSchema.REPORT_MONTH, DataTypes.StringType)
        .add(FeedbackSchema.CHANNEL, DataTypes.StringType).add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType)
        .add(FeedbackSchema.SENTIMENT_BASIS, DataTypes.StringType).add(Sentiment.MODEL_NEGATIVE_TPR, DataTypes.DoubleType)
        .add(Sentiment.MODEL_NEGATIVE_FPR, DataTypes.DoubleType).add(Sentiment.MODEL_TEST_NEGATIVE, DataTypes.LongType)
        .add(Sentiment.MODEL_TEST_OTHER, DataTypes.LongType);
    GrapevineConfig.ReachEstimate off = new GrapevineConfig.ReachEstimate();
    off.rule = "off";
    Dataset<Row> enriched = ReachEstimate.add(SparkTestSession.get().createDataFrame(rows, schema)
        .withColumn(FeedbackSchema.NPS, lit(null).cast("int")).withColumn(FeedbackSchema.TOLD_COUNT, lit(null).cast("int"))
        .withColumn(FeedbackSchema.REACH, lit(null).cast("long")).withColumn(FeedbackSchema.REACH_BASIS,
            lit(null).cast("string")).withColumn(FeedbackSchema.IS_COMPLAINT, lit(false))
        .withColumn(FeedbackSchema.RATING, lit(null).cast("double")).withColumn(FeedbackSchema.RATING_MAX,
            lit(null).cast("double")).withColumn(FeedbackSchema.EFFORT, lit(null).cast("double"))
        .withColumn(FeedbackSchema.EFFORT_TOP_TWO, lit(null).cast("boolean")), off);
    Row r = AdjustedNegativity.add(ChannelMonthly.compute(enriched, ChannelMonthly.CHANNEL_KEYS, 0.95, 10), enriched,
        ChannelMonthly.CHANNEL_KEYS, 0.95).first();
    double truth = trulyNegative / 7_000.0;
    double raw = r.getAs("negativity_rate");
    double adjusted = r.getAs(AdjustedNegativity.RATE);
    double low = r.getAs(AdjustedNegativity.LOW);
    double high = r.getAs(AdjustedNegativity.HIGH);
    // The raw rate and its Wilson interval: biased upwards, the truth outside.
    assertThat(raw - truth).isGreaterThan(0.05);
    assertThat(r.<Double>getAs("negativity_ci_low")).isGreaterThan(truth);
    // Corrected: close to the truth, inside an interval wider than the raw one.
    assertThat(adjusted).isCloseTo(truth, within(0.03));
    assertThat(low).isLessThan(truth);
    assertThat(high).isGreaterThan(truth);
    assertThat(high - low).isGreaterThan(r.<Double>getAs("negativity_ci_high") - r.<Double>getAs("negativity_ci_low"));
    assertThat(r.<Double>getAs("labelled_share_default_model")).isCloseTo(6.0 / 7, within(1e-12));
  }

  @Test
  void aRateWithoutModelLabelsHasNoCorrection() {
    StructType schema = new StructType().add(FeedbackSchema.REPORT_MONTH, DataTypes.StringType)
        .add(FeedbackSchema.CHANNEL, DataTypes.StringType).add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType)
        .add(Sentiment.MODEL_NEGATIVE_TPR, DataTypes.DoubleType).add(Sentiment.MODEL_NEGATIVE_FPR, DataTypes.DoubleType)
        .add(Sentiment.MODEL_TEST_NEGATIVE, DataTypes.LongType).add(Sentiment.MODEL_TEST_OTHER, DataTypes.LongType)
        .add("negative", DataTypes.LongType).add("labelled", DataTypes.LongType);
    Dataset<Row> enriched = SparkTestSession.get().createDataFrame(List.of(
        RowFactory.create("2026-10", "survey", "negative", null, null, null, null, 1L, 1L)), schema);
    Dataset<Row> monthly = enriched.select(FeedbackSchema.REPORT_MONTH, FeedbackSchema.CHANNEL, "negative", "labelled");
    Row r = AdjustedNegativity.add(monthly, enriched, ChannelMonthly.CHANNEL_KEYS, 0.95).first();
    assertThat(r.isNullAt(r.fieldIndex(AdjustedNegativity.RATE))).isTrue();
  }
}
