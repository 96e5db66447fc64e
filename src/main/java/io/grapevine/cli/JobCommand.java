package io.grapevine.cli;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Lease;
import io.grapevine.core.StageRun;
import io.grapevine.core.Layout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
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

  private final String runId = JobContext.newRunId();
  private final Set<StageRun> printed = Collections.newSetFromMap(new IdentityHashMap<>());
  private QuietLogs logs;
  private long logLinesShown;

  /** The context the stages run in; a subcommand may read the tables as of an earlier time. */
  JobContext context(SparkSession spark, GrapevineConfig config) {
    return new JobContext(spark, job.out, job.month, config, runId, null);
  }

  @Override
  public final Integer call() {
    if (!job.verbose && Sessions.wouldStartLocal()) {
      logs = QuietLogs.route(localLogFile());
    }
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
          print(r);
        }
      }
      return 0;
    } finally {
      owned.close();
      if (logs != null) {
        logs.close();
      }
    }
  }

  /** Prints a stage's line once, as soon as it is done (run-all calls this after each stage). */
  void print(StageRun r) {
    if (!printed.add(r)) {
      return;
    }
    String line = describe(r);
    if (logs != null) {
      long lines = logs.lines();
      if (lines > logLinesShown) {
        line += String.format("  [%,d log line%s: %s]", lines - logLinesShown, lines - logLinesShown == 1 ? "" : "s",
            logs.file());
        logLinesShown = lines;
      }
    }
    spec.commandLine().getOut().println(line);
    spec.commandLine().getOut().flush();
  }

  /**
   * Where an embedded run's log goes: {@code OUT/logs/RUN.log} when the output is on this machine,
   * else the same name under the system's temporary folder.
   */
  private Path localLogFile() {
    String relative = new Layout(job.out).log(runId).substring(new Layout(job.out).root().length() + 1);
    java.net.URI uri = java.net.URI.create(job.out.replace(" ", "%20"));
    Path base = uri.getScheme() == null ? Path.of(job.out)
        : "file".equals(uri.getScheme()) ? Path.of(uri)
        : Path.of(System.getProperty("java.io.tmpdir"), "grapevine");
    return base.resolve(relative).toAbsolutePath().normalize();
  }

  static String describe(StageRun r) {
    if (r.details.containsKey(StageRun.SKIPPED)) {
      return String.format("%-12s %s  skipped: %s", r.stage, r.reportMonth, r.details.get(StageRun.SKIPPED));
    }
    String line = String.format("%-12s %s  in %,d  out %,d", r.stage, r.reportMonth, r.rowsIn, r.rowsOut);
    if (r.rowsQuarantined > 0) {
      line += String.format("  quarantined %,d", r.rowsQuarantined);
    }
    Object duplicates = r.details.get("duplicates");
    if (duplicates != null) {
      line += String.format("  duplicates %,d", ((Number) duplicates).longValue());
    }
    // The rest of what was read, so that the line adds up: left out by a where: condition, or outside the months.
    for (String left : List.of(io.grapevine.ingest.FieldMapper.FILTERED, io.grapevine.ingest.IngestJob.OUTSIDE)) {
      if (r.details.get(left) instanceof Number n && n.longValue() > 0) {
        line += String.format("  %s %,d", left.replace('_', ' '), n.longValue());
      }
    }
    return line + String.format("  (%.1f s)", r.seconds);
  }
}
