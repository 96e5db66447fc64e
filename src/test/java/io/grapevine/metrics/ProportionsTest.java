package io.grapevine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.interval.ConfidenceInterval;
import org.apache.commons.math3.stat.interval.WilsonScoreInterval;
import org.junit.jupiter.api.Test;

class ProportionsTest {
  @Test
  void wilsonMatchesCommonsMath() {
    for (int[] xn : new int[][] {{0, 10}, {3, 10}, {48, 100}, {999, 1000}, {1, 1}}) {
      double[] ours = Proportions.wilson(xn[0], xn[1], 0.95);
      ConfidenceInterval ref = new WilsonScoreInterval().createInterval(xn[1], xn[0], 0.95);
      assertThat(ours[0]).isCloseTo(ref.getLowerBound(), within(1e-9));
      assertThat(ours[1]).isCloseTo(ref.getUpperBound(), within(1e-9));
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
