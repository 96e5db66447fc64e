package io.grapevine.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.GrapevineConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ReachEstimateTest {
  private static final StructType SCHEMA = new StructType().add("feedback_id", DataTypes.StringType)
      .add("report_month", DataTypes.StringType).add("sentiment_label", DataTypes.StringType)
      .add("reach", DataTypes.LongType).add("reach_basis", DataTypes.StringType)
      .add("told_count", DataTypes.IntegerType);
  private static final List<Row> ROWS = List.of(
      RowFactory.create("tweet", "2026-10", "negative", 100L, "followers", null),
      RowFactory.create("review", "2026-10", "negative", null, null, null),
      RowFactory.create("review+", "2026-10", "positive", null, null, null),
      RowFactory.create("guess", "2026-10", "negative", 50L, "estimated", null),
      RowFactory.create("survey1", "2026-10", "negative", null, null, 12),
      RowFactory.create("survey2", "2026-10", "negative", null, null, 4),
      RowFactory.create("survey3", "2026-10", "positive", null, null, 0),
      RowFactory.create("unlabelled", "2026-10", null, null, null, null),
      RowFactory.create("review-sep", "2026-09", "negative", null, null, null));

  private static Map<String, Row> estimate(String rule) {
    GrapevineConfig.ReachEstimate r = GrapevineConfig.defaults().metrics.reachEstimate;
    r.rule = rule;
    r.minAnswers = 2;
    Map<String, Row> out = new HashMap<>();
    for (Row row : ReachEstimate.add(SparkTestSession.get().createDataFrame(ROWS, SCHEMA), r).collectAsList()) {
      out.put(row.getAs("feedback_id"), row);
    }
    assertThat(out).hasSize(ROWS.size());
    return out;
  }

  private static Object value(Map<String, Row> out, String id) {
    return out.get(id).getAs(ReachEstimate.ESTIMATE);
  }

  private static Object basis(Map<String, Row> out, String id) {
    return out.get(id).getAs(ReachEstimate.BASIS);
  }

  @Test
  void toldMeanUsesTheMonthsAnswersBySentimentAndFallsBackToFixedNumbers() {
    Map<String, Row> out = estimate("told_mean");
    assertThat(value(out, "tweet")).as("observed reach is never estimated").isNull();
    assertThat(value(out, "review")).isEqualTo(8.0); // mean of 12 and 4
    assertThat(basis(out, "review")).isEqualTo("told_mean");
    assertThat(value(out, "guess")).as("a source's own estimate is replaced by the rule's").isEqualTo(8.0);
    assertThat(value(out, "survey1")).isEqualTo(12.0);
    assertThat(basis(out, "survey1")).isEqualTo("self_reported");
    assertThat(value(out, "review+")).as("one positive answer is fewer than min_answers").isEqualTo(4.0);
    assertThat(basis(out, "review+")).isEqualTo("fixed");
    assertThat(value(out, "review-sep")).as("September has no answers of its own").isEqualTo(9.0);
    assertThat(value(out, "unlabelled")).isNull();
    assertThat(basis(out, "unlabelled")).isNull();
  }

  @Test
  void fixedAndOff() {
    Map<String, Row> fixed = estimate("fixed");
    assertThat(value(fixed, "review")).isEqualTo(9.0);
    assertThat(value(fixed, "survey2")).isEqualTo(4.0);
    Map<String, Row> off = estimate("off");
    assertThat(off.values()).allSatisfy(r -> assertThat(r.<Object>getAs(ReachEstimate.ESTIMATE)).isNull());
  }
}
