package io.grapevine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.api.Test;

/** The exact tails of the alerts and the Mantel-Haenszel estimate of the key drivers, on known cases. */
class DriversAndAlertsMathTest {
  @Test
  void alertTailsAreTheDistributionsUpperTails() {
    for (long k : new long[] {1, 3, 5, 12}) {
      assertThat(Alerts.poissonUpperTail(k, 2.0))
          .isCloseTo(1 - new PoissonDistribution(2.0).cumulativeProbability((int) k - 1), within(1e-12));
      assertThat(Alerts.binomialUpperTail(k, 20, 0.2))
          .isCloseTo(1 - new BinomialDistribution(20, 0.2).cumulativeProbability((int) k - 1), within(1e-12));
    }
    assertThat(Alerts.poissonUpperTail(0, 3.0)).isEqualTo(1.0);
    assertThat(Alerts.binomialUpperTail(21, 20, 0.5)).isZero();
    // Far in the tail, where 1 - cdf would round to 0, the tail is still a number.
    assertThat(Alerts.poissonUpperTail(60, 1.1)).isPositive().isLessThan(1e-60);
  }

  @Test
  void oneStratumGivesTheCrossProductRatioAndWoolfsError() {
    // 10 of 30 texts with the driver are negative, 5 of 45 without.
    KeyDrivers.Estimate e = KeyDrivers.estimate(List.of(new KeyDrivers.Cell(10, 20, 5, 40)), 75);
    assertThat(e.oddsRatio()).isCloseTo(4.0, within(1e-12));
    assertThat(e.logSe()).isCloseTo(Math.sqrt(1 / 10.0 + 1 / 20.0 + 1 / 5.0 + 1 / 40.0), within(1e-12));
    // The channel's rate is 15/75: at that rate the driver's 30 texts would hold 6 negatives, not 10.
    assertThat(e.impact()).isCloseTo(4.0 / 75, within(1e-12));
  }

  @Test
  void aStratumWhereTheOutcomeNeverVariesAddsNothing() {
    KeyDrivers.Cell varied = new KeyDrivers.Cell(10, 20, 5, 40);
    KeyDrivers.Estimate alone = KeyDrivers.estimate(List.of(varied), 75);
    // Complaints: every one negative, with and without the driver.
    KeyDrivers.Estimate both = KeyDrivers.estimate(List.of(varied, new KeyDrivers.Cell(6, 0, 9, 0)), 90);
    assertThat(both.oddsRatio()).isCloseTo(alone.oddsRatio(), within(1e-12));
    assertThat(both.logSe()).isCloseTo(alone.logSe(), within(1e-12));
    assertThat(both.rowsWith()).isEqualTo(36);
  }
}
