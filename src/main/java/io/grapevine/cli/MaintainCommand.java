package io.grapevine.cli;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Lease;
import io.grapevine.core.Maintenance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = "Remove what an output location no longer needs: table files older than the retention "
        + "that no version needs, earlier model versions, runs' own manifest copies, and what killed "
        + "runs left behind. Time travel reaches back as far as the retention.")
final class MaintainCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "URI", description = "The jobs' output location.")
  String out;

  @Option(names = "--retain-hours", paramLabel = "HOURS",
      description = "Keep what versions younger than this need (default: output.retain_hours, 168).")
  Double retainHours;

  @Option(names = "--convert",
      description = "Turn tables an earlier Grapevine wrote as plain Parquet into Delta tables, in place.")
  boolean convert;

  @Option(names = "--wait", description = "When a run is writing to --out, wait for it instead of stopping.")
  boolean waitForLease;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML file overriding the defaults.")
  Path config;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    GrapevineConfig cfg = GrapevineConfig.load(config, overrides);
    double hours = retainHours == null ? cfg.output.retainHours : retainHours;
    if (hours < 0) {
      throw new io.grapevine.core.UserInputException("--retain-hours must be 0 or more, not " + hours);
    }
    Sessions.Owned owned = Sessions.create("maintain");
    SparkSession spark = owned.spark();
    try {
      JobContext ctx = new JobContext(spark, out, java.time.YearMonth.now(), cfg);
      try (Lease lease = Lease.acquire(ctx.storage(), ctx.runId(), "grapevine maintain",
          Duration.ofSeconds(cfg.output.leaseTtlSeconds), waitForLease,
          m -> spec.commandLine().getErr().println("maintain: " + m))) {
        for (String line : Maintenance.run(spark, ctx.storage(), ctx.tables(), hours, convert)) {
          spec.commandLine().getOut().println(line);
        }
      }
      spec.commandLine().getOut().flush();
      return 0;
    } finally {
      owned.close();
    }
  }
}
