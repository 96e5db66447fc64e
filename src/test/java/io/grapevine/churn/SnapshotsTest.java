package io.grapevine.churn;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotsTest {
  private static List<String> days(List<Timestamp> ts) {
    return ts.stream().map(t -> t.toInstant().toString().substring(0, 10)).toList();
  }

  @Test
  void latestSnapshotsWhoseHorizonEndsWithinTheRunMonth() {
    // Horizon 90 days from 2026-08-01 ends 2026-10-30, inside October; from 2026-09-01 it does not.
    assertThat(days(Snapshots.training(YearMonth.of(2026, 3), YearMonth.of(2026, 10), 90, 4)))
        .containsExactly("2026-05-01", "2026-06-01", "2026-07-01", "2026-08-01");
  }

  @Test
  void neverBeforeOneMonthOfHistory() {
    assertThat(days(Snapshots.training(YearMonth.of(2026, 6), YearMonth.of(2026, 10), 90, 10)))
        .containsExactly("2026-07-01", "2026-08-01");
    assertThat(Snapshots.training(YearMonth.of(2026, 9), YearMonth.of(2026, 10), 90, 4)).isEmpty();
  }
}
