package io.grapevine.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's action list, from a summary built by hand: which theme it tells an executive to fix first. */
class ReportActionsTest {
  private static Summary summary(List<WhatToFix.Theme> themes) {
    MonthTotals.Side none = new MonthTotals.Side(null, null, null, null, null, null, null, null, null);
    MonthTotals.Headline headline = new MonthTotals.Headline(100L, 90L, 0.9, 0.5, null, 0.4, 0.3, 0.5,
        null, null, null, null);
    return new Summary("2026-10", "2026-09", 0.5, headline, List.of(), new MonthTotals.WordOfMouth(none, none,
        0.95, 5, null), "2025-11", Map.of(), List.of(), themes, null, null, null, null, null, List.of());
  }

  @Test
  void theThemeToFixFirstIsTheFirstByImpactWhoseFeedbackIsSignificantlyMoreNegative() {
    // Ranked first by impact, but its odds ratio's interval holds 1: within noise.
    WhatToFix.Theme noisy = new WhatToFix.Theme("t1", "delays / late", 100L, 60L, 0.05, 1.4, 0.9, 2.1, List.of());
    WhatToFix.Theme real = new WhatToFix.Theme("t2", "refund / charge", 80L, 50L, 0.03, 2.2, 1.5, 3.1, List.of());
    assertThat(ReportPage.actions(summary(List.of(noisy, real))))
        .anySatisfy(a -> assertThat(a).startsWith("Fix \"refund / charge\" first").contains("3.0 pts lower"))
        .noneSatisfy(a -> assertThat(a).contains("delays"));
    assertThat(ReportPage.actions(summary(List.of(noisy)))).noneSatisfy(a -> assertThat(a).startsWith("Fix"));
    assertThat(ReportPage.actions(summary(null))).noneSatisfy(a -> assertThat(a).startsWith("Fix"));
  }
}
