package io.grapevine.cli;

import io.grapevine.core.Months;
import io.grapevine.sample.SampleGenerator;
import io.grapevine.sample.TabularAccountsGenerator;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write generated exports with a known truth: the bundled sample, or large volumes "
        + "for benchmarks (--rows). Needs no Spark.")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write (local).")
  Path out;

  @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed = SampleGenerator.DEFAULT_SEED;

  @Option(names = "--start", paramLabel = "YYYY-MM", converter = JobOptions.MonthConverter.class,
      description = "First month (default 2026-03).")
  YearMonth start = SampleGenerator.DEFAULT_START;

  @Option(names = "--months", description = "Months to generate (default ${DEFAULT-VALUE}).")
  int months = SampleGenerator.DEFAULT_MONTHS;

  @Option(names = "--accounts", description = "Accounts (default ${DEFAULT-VALUE}; ignored with --rows).")
  int accounts = SampleGenerator.DEFAULT_ACCOUNTS;

  @Option(names = "--rows", description = "About this many feedback rows in all (sets --accounts).")
  Long rows;

  @Option(names = "--tabular-accounts", paramLabel = "N",
      description = "Instead: N accounts with a churn flag and 28 attributes, for the churn benchmark.")
  Long tabularAccounts;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (tabularAccounts != null) {
      long written = TabularAccountsGenerator.generate(out, tabularAccounts, seed);
      spec.commandLine().getOut().printf("generated %,d accounts with a churn flag under %s%n", written, out);
      spec.commandLine().getOut().flush();
      return 0;
    }
    int n = rows != null ? SampleGenerator.accountsForRows(rows, months) : accounts;
    Map<String, Long> written = new SampleGenerator(out, seed, start, months, n).generate();
    spec.commandLine().getOut().printf("generated %s..%s for %,d accounts under %s%n",
        Months.label(start), Months.label(start.plusMonths(months - 1)), n, out);
    written.forEach((k, v) -> spec.commandLine().getOut().printf("  %-11s %,d rows%n", k, v));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
