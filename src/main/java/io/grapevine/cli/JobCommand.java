package io.grapevine.cli;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Lease;
import io.grapevine.core.StageRun;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A subcommand that runs stages: checks what it can before Spark starts, takes the output
 * location's lease (one writer at a time), then runs with one session and prints one line per stage.
 */
abstract class JobCommand implements Callable<Integer> {
  @Mixin
  JobOptions job;

  @Spec
  CommandSpec spec;

  /** Checks that need no Spark (config, catalog, keys), so mistakes surface in a second. */
  void preflight(GrapevineConfig config) {}

  abstract List<StageRun> run(JobContext ctx);

  /** The context the stages run in; a subcommand may read the tables as of an earlier time. */
  JobContext context(SparkSession spark, GrapevineConfig config) {
    return new JobContext(spark, job.out, job.month, config);
  }

  @Override
  public final Integer call() {
    GrapevineConfig config = job.loadConfig();
    preflight(config);
    Sessions.Owned owned = Sessions.create(spec.name());
    SparkSession spark = owned.spark();
    try {
      JobContext ctx = context(spark, config);
      try (Lease lease = Lease.acquire(ctx.storage(), ctx.runId(), spec.qualifiedName(),
          Duration.ofSeconds(config.output.leaseTtlSeconds), job.waitForLease,
          message -> spec.commandLine().getErr().println(spec.name() + ": " + message))) {
        ctx.withLease(lease);
        for (StageRun r : run(ctx)) {
          spec.commandLine().getOut().println(describe(r));
        }
        spec.commandLine().getOut().flush();
      }
      return 0;
    } finally {
      owned.close();
    }
  }

  static String describe(StageRun r) {
    String line = String.format("%-12s %s  in %,d  out %,d", r.stage, r.reportMonth, r.rowsIn, r.rowsOut);
    if (r.rowsQuarantined > 0) {
      line += String.format("  quarantined %,d", r.rowsQuarantined);
    }
    Object duplicates = r.details.get("duplicates");
    if (duplicates != null) {
      line += String.format("  duplicates %,d", ((Number) duplicates).longValue());
    }
    return line + String.format("  (%.1f s)", r.seconds);
  }
}
