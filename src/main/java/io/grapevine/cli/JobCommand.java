package io.grapevine.cli;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A subcommand that runs stages: checks what it can before Spark starts, then runs with one
 * session and prints one line per stage.
 */
abstract class JobCommand implements Callable<Integer> {
  @Mixin
  JobOptions job;

  @Spec
  CommandSpec spec;

  /** Checks that need no Spark (config, catalog, keys), so mistakes surface in a second. */
  void preflight(GrapevineConfig config) {}

  abstract List<StageRun> run(JobContext ctx);

  @Override
  public final Integer call() {
    GrapevineConfig config = job.loadConfig();
    preflight(config);
    SparkSession spark = Sessions.create(spec.name());
    try {
      JobContext ctx = new JobContext(spark, job.out, job.month, config);
      for (StageRun r : run(ctx)) {
        spec.commandLine().getOut().println(describe(r));
      }
      spec.commandLine().getOut().flush();
      return 0;
    } finally {
      spark.stop();
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
