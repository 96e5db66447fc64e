package io.grapevine.core;

import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/** Report months: parsing {@code YYYY-MM} strictly and turning a month into UTC bounds. */
public final class Months {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM").withResolverStyle(ResolverStyle.STRICT);

  private Months() {}

  public static YearMonth parse(String text) {
    if (text == null || !text.matches("\\d{4}-\\d{2}")) {
      throw new IllegalArgumentException(
          String.format("'%s' is not a month: expected YYYY-MM, for example 2026-10", text));
    }
    try {
      return YearMonth.parse(text, FORMAT);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          String.format("'%s' is not a month: expected YYYY-MM with MM from 01 to 12", text));
    }
  }

  /** The value of the {@code report_month} partition column. */
  public static String label(YearMonth month) {
    return month.format(FORMAT);
  }

  /** First instant of the month, UTC. */
  public static Timestamp start(YearMonth month) {
    return Timestamp.from(month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
  }

  /** First instant after the month, UTC. */
  public static Timestamp end(YearMonth month) {
    return start(month.plusMonths(1));
  }
}
