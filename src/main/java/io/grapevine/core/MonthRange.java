package io.grapevine.core;

import org.apache.spark.sql.Column;

/**
 * The months a run rebuilds: from {@code from} (null: the first month its input holds) to
 * {@code to}, both included.
 */
public record MonthRange(String from, String to) {
  public MonthRange {
    if (to == null) {
      throw new IllegalArgumentException("a month range needs its last month");
    }
    if (from != null && from.compareTo(to) > 0) {
      throw new UserInputException("--from " + from + " is after --month " + to);
    }
  }

  public static MonthRange only(String month) {
    return new MonthRange(month, month);
  }

  /** Every month up to and including {@code to}. */
  public static MonthRange upTo(String to) {
    return new MonthRange(null, to);
  }

  public boolean contains(String month) {
    return month != null && month.compareTo(to) <= 0 && (from == null || month.compareTo(from) >= 0);
  }

  /** Whether {@code report_month} lies within the range (false for null). */
  public Column contains(Column month) {
    Column c = month.leq(to);
    return from == null ? c : c.and(month.geq(from));
  }

  public Tables.Scope scope() {
    return Tables.Scope.months(from, to);
  }

  /** The range's months, such as {@code 2026-03..2026-10} or {@code ..2026-10}. */
  @Override
  public String toString() {
    return (from == null ? "" : from) + ".." + to;
  }
}
