package io.grapevine.bench;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.Months;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The whole ingest stage alone, run after run in one JVM, for profiling one change at a time:
 * {@code IngestStageProfile CATALOG SOURCE RUNS} prints wall and CPU seconds of each run.
 */
public final class IngestStageProfile {
  private IngestStageProfile() {}

  public static void main(String[] args) throws Exception {
    SparkSession spark = Bench.session("grapevine ingest-profile", Runtime.getRuntime().availableProcessors());
    SourceCatalog catalog = SourceCatalog.load(args[0], new Configuration()).only(args[1]);
    Path out = Path.of(args[0]).toAbsolutePath().resolveSibling("profile-out");
    java.util.Map<Integer, long[]> cpuByJob = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Map<Integer, Integer> jobOfStage = new java.util.concurrent.ConcurrentHashMap<>();
    java.util.Map<Integer, String> site = new java.util.concurrent.ConcurrentHashMap<>();
    spark.sparkContext().addSparkListener(new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
        cpuByJob.put(e.jobId(), new long[] {System.nanoTime(), 0});
        scala.jdk.javaapi.CollectionConverters.asJava(e.stageIds()).forEach(st -> jobOfStage.put((Integer) st, e.jobId()));
        String cs = scala.jdk.javaapi.CollectionConverters.asJava(e.stageInfos()).stream()
            .map(i -> i.numTasks() + "t " + i.details().lines().filter(l -> l.contains("io.grapevine")).findFirst().orElse(i.name()).trim())
            .collect(java.util.stream.Collectors.joining(" | "));
        site.put(e.jobId(), cs);
      }

      @Override
      public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
        Integer job = jobOfStage.get(e.stageId());
        if (job != null && e.taskMetrics() != null) {
          cpuByJob.get(job)[1] += e.taskMetrics().executorCpuTime();
        }
      }

      @Override
      public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd e) {
        long[] v = cpuByJob.get(e.jobId());
        if (System.getenv("PROFILE_JOBS") != null) {
          System.out.printf("  job %d  wall %.2f s  task CPU %.2f s  %s%n", e.jobId(), (System.nanoTime() - v[0]) / 1e9,
              v[1] / 1e9, site.get(e.jobId()));
        }
      }
    });
    for (int i = 0; i < Integer.parseInt(args[2]); i++) {
      Bench.delete(out);
      long cpu = Bench.processCpuNanos();
      long wall = System.nanoTime();
      long rows = IngestJob.run(new JobContext(spark, out.toString(), Months.parse("2026-10"),
          GrapevineConfig.defaults()), catalog, Privacy.withKey("bench"), MonthRange.upTo("2026-10")).rowsIn;
      System.out.printf("run %d: %,d rows  wall %.1f s  CPU %.1f s%n", i + 1, rows, (System.nanoTime() - wall) / 1e9,
          (Bench.processCpuNanos() - cpu) / 1e9);
    }
    spark.stop();
  }
}
