package io.grapevine.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Kaplan-Meier and the Weibull restricted mean, against figures worked by hand. */
class SurvivalMathTest {
  @Test
  void kaplanMeierStepsAndGreenwoodLogLogInterval() {
    // Ten accounts. Month 1: one churns, one is censored. Month 2: two of the eight left churn.
    // Month 3: the six left are censored.
    long[] churned = {0, 1, 2, 0};
    long[] censored = {0, 1, 0, 6};
    List<Survival.Step> steps = Survival.kaplanMeier(churned, censored, 0.95);
    assertThat(steps).extracting(Survival.Step::atRisk).containsExactly(10L, 8L, 6L);
    assertThat(steps.get(0).survival()).isCloseTo(0.9, within(1e-12));
    assertThat(steps.get(1).survival()).isCloseTo(0.9 * 6 / 8, within(1e-12));
    assertThat(steps.get(2).survival()).isCloseTo(0.675, within(1e-12));
    // log-log interval: S^exp(+-z sqrt(sum d / (n (n - d))) / |log S|)
    double s = 0.675;
    double a = 1.959964 * Math.sqrt(1.0 / (10 * 9) + 2.0 / (8 * 6)) / Math.abs(Math.log(s));
    assertThat(steps.get(1).low()).isCloseTo(Math.pow(s, Math.exp(a)), within(1e-5));
    assertThat(steps.get(1).high()).isCloseTo(Math.pow(s, Math.exp(-a)), within(1e-5));
    assertThat(steps.get(1).low()).isLessThan(s);
    assertThat(steps.get(1).high()).isGreaterThan(s).isLessThan(1);
  }

  @Test
  void noChurnKeepsSurvivalAtOneAndEveryoneChurningEndsAtZero() {
    assertThat(Survival.kaplanMeier(new long[] {0, 0, 0}, new long[] {0, 4, 1}, 0.95))
        .allSatisfy(st -> assertThat(st.survival()).isEqualTo(1.0));
    List<Survival.Step> all = Survival.kaplanMeier(new long[] {0, 2, 3}, new long[] {0, 0, 0}, 0.95);
    assertThat(all.get(1).survival()).isZero();
    assertThat(all.get(1).atRisk()).isEqualTo(3);
  }

  @Test
  void restrictedMeanOfAnExponentialLifetimeIsMemoryless() {
    // sigma 1: exponential with mean lambda; within tau months, E[min(T, tau)] = lambda (1 - exp(-tau / lambda)).
    double lambda = 10;
    double expected = lambda * (1 - Math.exp(-24 / lambda));
    assertThat(Survival.restrictedMeanRemaining(lambda, 1, 0, 24)).isCloseTo(expected, within(1e-4));
    assertThat(Survival.restrictedMeanRemaining(lambda, 1, 36, 24)).isCloseTo(expected, within(1e-4));
  }

  @Test
  void aRisingHazardLeavesLessTimeToThoseWhoHaveLastedLonger() {
    // sigma 0.5: Weibull shape 2, a hazard rising with time.
    double fresh = Survival.restrictedMeanRemaining(12, 0.5, 0, 24);
    double older = Survival.restrictedMeanRemaining(12, 0.5, 12, 24);
    assertThat(older).isLessThan(fresh);
    // Against the closed form for shape 2 from 0: integral of exp(-(t/12)^2) over 0..24 = 12 sqrt(pi)/2 erf(2).
    assertThat(fresh).isCloseTo(12 * Math.sqrt(Math.PI) / 2 * org.apache.commons.math3.special.Erf.erf(2), within(1e-4));
    assertThat(Survival.restrictedMeanRemaining(1e9, 1, 0, 24)).isCloseTo(24, within(1e-3));
  }
}
