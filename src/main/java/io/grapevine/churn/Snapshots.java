package io.grapevine.churn;

import io.grapevine.core.Months;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/** Snapshot dates for training: month starts whose label horizon is fully observed. */
public final class Snapshots {
  private Snapshots() {}

  /**
   * Up to {@code count} month starts, latest first dropped until {@code start + horizon} lies within
   * the run month; the earliest is one month after the first month with feedback, so every snapshot
   * has some history behind it. Returned oldest first.
   */
  public static List<Timestamp> training(YearMonth firstFeedbackMonth, YearMonth runMonth,
      int horizonDays, int count) {
    long observedUntil = Months.end(runMonth).getTime();
    List<Timestamp> snaps = new ArrayList<>();
    for (YearMonth m = runMonth; !m.isBefore(firstFeedbackMonth.plusMonths(1)); m = m.minusMonths(1)) {
      Timestamp start = Months.start(m);
      if (start.getTime() + horizonDays * 86_400_000L <= observedUntil) {
        snaps.add(0, start);
        if (snaps.size() == count) {
          break;
        }
      }
    }
    return snaps;
  }
}
