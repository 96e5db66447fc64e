package io.grapevine.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SentimentRulesTest {
  private static List<Row> decide(Object[]... rows) {
    StructType schema = new StructType()
        .add(FeedbackSchema.SCORE, DataTypes.DoubleType)
        .add(FeedbackSchema.NPS, DataTypes.IntegerType)
        .add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType)
        .add(FeedbackSchema.SENTIMENT_BASIS, DataTypes.StringType)
        .add(FeedbackSchema.SENTIMENT, DataTypes.DoubleType);
    List<Row> input = java.util.Arrays.stream(rows).map(RowFactory::create).toList();
    return SentimentRules.apply(SparkTestSession.get().createDataFrame(input, schema))
        .select(FeedbackSchema.SENTIMENT_LABEL, FeedbackSchema.SENTIMENT_BASIS, FeedbackSchema.SENTIMENT)
        .collectAsList();
  }

  @Test
  void ratingScoresSplitAtAQuarterAndThreeQuarters() {
    // 1..5 stars as scores: 0, 0.25, 0.5, 0.75, 1.
    List<Row> out = decide(new Object[] {0.0, null, null, null, null},
        new Object[] {0.25, null, null, null, null}, new Object[] {0.5, null, null, null, null},
        new Object[] {0.75, null, null, null, null}, new Object[] {1.0, null, null, null, null});
    assertThat(out).extracting(r -> r.getString(0))
        .containsExactly("negative", "negative", "neutral", "positive", "positive");
    assertThat(out).extracting(r -> r.getString(1)).containsOnly("rating");
    assertThat(out).extracting(r -> r.getDouble(2)).containsExactly(-1.0, -0.5, 0.0, 0.5, 1.0);
  }

  @Test
  void npsDetractorsPassivesPromoters() {
    List<Row> out = decide(new Object[] {null, 0, null, null, null},
        new Object[] {null, 6, null, null, null}, new Object[] {null, 7, null, null, null},
        new Object[] {null, 8, null, null, null}, new Object[] {null, 9, null, null, null});
    assertThat(out).extracting(r -> r.getString(0))
        .containsExactly("negative", "negative", "neutral", "neutral", "positive");
    assertThat(out).extracting(r -> r.getString(1)).containsOnly("nps");
    assertThat(out.get(0).getDouble(2)).isEqualTo(-1.0);
  }

  @Test
  void ratingBeatsNpsBeatsTheSourceLabelAndNothingStaysUnlabelled() {
    List<Row> out = decide(new Object[] {1.0, 0, "negative", "label", -1.0},
        new Object[] {null, 10, "negative", "label", -1.0},
        new Object[] {null, null, "neutral", "label", 0.0},
        new Object[] {null, null, null, null, null});
    assertThat(out).extracting(r -> r.getString(0)).containsExactly("positive", "positive", "neutral", null);
    assertThat(out).extracting(r -> r.getString(1)).containsExactly("rating", "nps", "label", null);
    assertThat(out.get(3).isNullAt(2)).isTrue();
  }
}
