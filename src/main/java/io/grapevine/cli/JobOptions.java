package io.grapevine.cli;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Months;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;

/** Options every job takes. */
final class JobOptions {
  @Option(names = "--month", required = true, paramLabel = "YYYY-MM",
      converter = MonthConverter.class, description = "The report month, such as 2026-10.")
  YearMonth month;

  @Option(names = "--out", required = true, paramLabel = "URI",
      description = "Output location for every table: a local path, hdfs://..., s3a://...")
  String out;

  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML file overriding the defaults (same keys as grapevine-defaults.yaml).")
  Path config;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "Override one setting, such as --conf churn.horizon_days=60 (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--wait",
      description = "When another run is writing to --out, wait for it to finish instead of stopping.")
  boolean waitForLease;

  @Option(names = "--verbose",
      description = "Show Spark's and MLlib's log lines on the terminal (by default an embedded run writes "
          + "them to OUT/logs/RUN.log and names the file when there are any).")
  boolean verbose;

  GrapevineConfig loadConfig() {
    return GrapevineConfig.load(config, overrides);
  }

  static final class MonthConverter implements ITypeConverter<YearMonth> {
    @Override
    public YearMonth convert(String value) {
      try {
        return Months.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
