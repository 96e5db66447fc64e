package io.grapevine.metrics;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ProportionsTest {
  @Test
  void wilsonMatchesCommonsMath() {
    int[][] cases = {{0, 10}, {3, 10}, {48, 100}, {999, 1000}, {1, 1}};
    List<Row> rows = new ArrayList<>();
    for (int[] xn : cases) {
      rows.add(RowFactory.create((long) xn[0], (long) xn[1]));
    }
    StructType schema = new StructType().add("x", DataTypes.LongType).add("n", DataTypes.LongType);
    List<Row> ours = SparkTestSession.get().createDataFrame(rows, schema)
        .select(Proportions.wilsonLow(col("x"), col("n"), 0.95), Proportions.wilsonHigh(col("x"), col("n"), 0.95))
        .collectAsList();
    for (int i = 0; i < cases.length; i++) {
      ConfidenceInterval ref = new WilsonScoreInterval().createInterval(cases[i][1], cases[i][0], 0.95);
      assertThat(ours.get(i).getDouble(0)).isCloseTo(ref.getLowerBound(), within(1e-9));
      assertThat(ours.get(i).getDouble(1)).isCloseTo(ref.getUpperBound(), within(1e-9));
    }
  }

  @Test
  void twoProportionTestEqualsThePearsonChiSquareOnTheTwoByTwoTable() {
    long[][] table = {{48, 52}, {23, 77}};
    double expected = new ChiSquareTest().chiSquareTest(table);
    assertThat(Proportions.twoProportionPValue(48, 100, 23, 100)).isCloseTo(expected, within(1e-9));
    assertThat(Proportions.twoProportionPValue(5, 10, 5, 10)).isCloseTo(1.0, within(1e-12));
    assertThat(Proportions.twoProportionPValue(0, 10, 0, 10)).isNull();
    assertThat(Proportions.twoProportionPValue(1, 0, 1, 10)).isNull();
  }

  @Test
  void zForTheUsualLevels() {
    assertThat(Proportions.z(0.95)).isCloseTo(1.959964, within(1e-6));
    assertThat(Proportions.z(0.90)).isCloseTo(1.644854, within(1e-6));
  }
}
