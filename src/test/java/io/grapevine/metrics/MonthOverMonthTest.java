package io.grapevine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.SparkTestSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class MonthOverMonthTest {
  @Test
  void comparesEachMonthWithTheCalendarMonthBeforeForTheSameKeys() {
    StructType schema = new StructType().add("channel", DataTypes.StringType)
        .add("negative", DataTypes.LongType).add("labelled", DataTypes.LongType)
        .add("report_month", DataTypes.StringType);
    List<Row> rows = List.of(
        RowFactory.create("social_media", 5L, 100L, "2026-08"),
        RowFactory.create("social_media", 20L, 100L, "2026-09"),
        RowFactory.create("social_media", 22L, 100L, "2026-11"), // 2026-10 missing: nothing to compare
        RowFactory.create("survey", 30L, 100L, "2026-08"),
        RowFactory.create("survey", 33L, 110L, "2026-09"));
    Map<String, Row> out = new HashMap<>();
    for (Row r : MonthOverMonth.add(SparkTestSession.get().createDataFrame(rows, schema), List.of("channel"),
        List.of(new MonthOverMonth.Rate("negativity_rate", "negative", "labelled")), 0.95).collectAsList()) {
      out.put(r.getAs("channel") + "@" + r.getAs("report_month"), r);
    }
    assertThat(out).hasSize(5);
    Row up = out.get("social_media@2026-09");
    assertThat((double) up.getAs("negativity_rate_previous")).isEqualTo(0.05);
    assertThat((double) up.getAs("negativity_rate_change")).isCloseTo(0.15, within(1e-12));
    assertThat((double) up.getAs("negativity_rate_change_p_value"))
        .isCloseTo(Proportions.twoProportionPValue(20, 100, 5, 100), within(1e-12));
    assertThat((boolean) up.getAs("negativity_rate_change_significant")).isTrue();
    Row flat = out.get("survey@2026-09");
    assertThat((double) flat.getAs("negativity_rate_previous")).isEqualTo(0.30);
    assertThat((boolean) flat.getAs("negativity_rate_change_significant")).isFalse();
    for (String first : List.of("social_media@2026-08", "social_media@2026-11", "survey@2026-08")) {
      assertThat(out.get(first).<Object>getAs("negativity_rate_previous")).as(first).isNull();
      assertThat(out.get(first).<Object>getAs("negativity_rate_change_significant")).as(first).isNull();
    }
    assertThat(out.get("survey@2026-08").schema().fieldNames()).endsWith("report_month");
  }
}
