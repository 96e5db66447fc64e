package io.grapevine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.SparkTestSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class AmplificationMonthlyTest {
  private static final StructType ENRICHED = new StructType()
      .add("report_month", DataTypes.StringType).add("channel", DataTypes.StringType)
      .add("sentiment_label", DataTypes.StringType).add("told_count", DataTypes.IntegerType);

  private static Map<String, Row> compute(List<Row> rows) {
    Map<String, Row> byKey = new HashMap<>();
    for (Row r : AmplificationMonthly.compute(SparkTestSession.get().createDataFrame(rows, ENRICHED), 0.95, 10)
        .collectAsList()) {
      byKey.put(r.getAs("channel") + "/" + r.getAs("experience"), r);
    }
    return byKey;
  }

  @Test
  void ratesMeansAndTheComparisonWithTheOtherExperience() {
    List<Row> rows = new ArrayList<>();
    for (int told : new int[] {0, 2, 12, 15}) {
      rows.add(RowFactory.create("2026-10", "survey", "negative", told));
    }
    for (int told : new int[] {0, 0, 1, 10}) {
      rows.add(RowFactory.create("2026-10", "survey", "positive", told));
    }
    rows.add(RowFactory.create("2026-10", "survey", "neutral", 50)); // neither experience
    rows.add(RowFactory.create("2026-10", "survey", "negative", null)); // no answer
    rows.add(RowFactory.create("2026-10", "support", "negative", 3)); // nothing to compare with
    Map<String, Row> out = compute(rows);

    assertThat(out).containsOnlyKeys("survey/negative", "survey/positive", "support/negative");
    Row neg = out.get("survey/negative");
    assertThat((long) neg.getAs("answers")).isEqualTo(4);
    assertThat((long) neg.getAs("spoke_up")).isEqualTo(3);
    assertThat((long) neg.getAs("told_many")).isEqualTo(2);
    assertThat((double) neg.getAs("speak_up_rate")).isEqualTo(0.75);
    assertThat((double) neg.getAs("told_many_rate")).isEqualTo(0.5);
    assertThat((double) neg.getAs("mean_told")).isEqualTo(29 / 4.0);
    assertThat((double) neg.getAs("told_many_ratio_to_other")).isEqualTo(2.0);
    assertThat((double) neg.getAs("mean_told_ratio_to_other")).isCloseTo(29 / 11.0, within(1e-12));
    // The reference: commons-math\'s Wilson interval (trials, successes).
    ConfidenceInterval ci = new WilsonScoreInterval().createInterval(4, 2, 0.95);
    assertThat((double) neg.getAs("told_many_ci_low")).isCloseTo(ci.getLowerBound(), within(1e-9));
    assertThat((double) neg.getAs("told_many_ci_high")).isCloseTo(ci.getUpperBound(), within(1e-9));
    assertThat((double) neg.getAs("told_many_p_value"))
        .isCloseTo(Proportions.twoProportionPValue(2, 4, 1, 4), within(1e-12));
    assertThat((boolean) neg.getAs("told_many_differs")).isFalse();
    assertThat((double) out.get("survey/positive").getAs("told_many_ratio_to_other")).isEqualTo(0.5);
    assertThat(out.get("support/negative").<Object>getAs("told_many_ratio_to_other")).isNull();
    assertThat(out.get("support/negative").<Object>getAs("told_many_p_value")).isNull();
  }

  @Test
  void aClearDifferenceIsFlagged() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(RowFactory.create("2026-09", "survey", "negative", i % 2 == 0 ? 12 : 0));
      rows.add(RowFactory.create("2026-09", "survey", "positive", i % 5 == 0 ? 12 : 0));
    }
    Row neg = compute(rows).get("survey/negative");
    assertThat((double) neg.getAs("told_many_ratio_to_other")).isCloseTo(2.5, within(1e-12));
    assertThat((boolean) neg.getAs("told_many_differs")).isTrue();
  }
}
