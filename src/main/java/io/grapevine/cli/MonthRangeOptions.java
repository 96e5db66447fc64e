package io.grapevine.cli;

import io.grapevine.core.Months;
import java.time.YearMonth;
import picocli.CommandLine.Option;

/** For stages that can rebuild a range of months at once. */
final class MonthRangeOptions {
  @Option(names = "--from", paramLabel = "YYYY-MM", converter = JobOptions.MonthConverter.class,
      description = "First month to (re)build; default: the --month alone.")
  YearMonth from;

  String fromLabel(YearMonth month) {
    YearMonth first = from == null ? month : from;
    if (first.isAfter(month)) {
      throw new io.grapevine.core.UserInputException(
          "--from " + Months.label(first) + " is after --month " + Months.label(month));
    }
    return Months.label(first);
  }
}
