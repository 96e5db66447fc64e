package io.grapevine.bench;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import io.grapevine.pipeline.Pipeline;
import io.grapevine.sample.SampleGenerator;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Does a stage's cost follow the rows or the months they span? The sample's six exports with about the
 * same number of feedback rows, once over 12 months and once over 200 (the generator's accounts are
 * scaled until the totals agree within 3%), each through the whole pipeline ({@code run-all}, every month
 * rebuilt; feedback only, see {@link #FEEDBACK_CATALOG}) in one JVM, the two interleaved, after a warm-up
 * on the committed sample. Prints each stage's CPU seconds per 1,000 feedback rows for both spans and
 * their ratio (200 over 12, medians of the rounds); the last line is {@code months_ratio X.XX}, the whole
 * pipeline's. Started by {@code jobs/bench-months [ROWS] [ROUNDS]}.
 */
public final class MonthsBenchmark {
  private static final String MONTH = "2026-10";
  private static final int[] SPANS = {12, 200};
  /**
   * The generated catalog without its accounts: the generator's accounts all sign up before its first
   * month, so over 200 months every one has churned and there is nothing to learn churn from. The churn
   * stages look at a fixed number of monthly snapshots whatever the span; the report reads one month.
   */
  private static final String FEEDBACK_CATALOG = "catalog-feedback.yaml";

  private MonthsBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = Long.parseLong(args[0]);
    int rounds = Integer.parseInt(args[1]);
    Path data = Paths.get(args[2]).toAbsolutePath();
    Path work = Paths.get(args[3]).toAbsolutePath();
    Path sample = Paths.get(args[4]).toAbsolutePath();
    Map<Integer, Path> exports = new LinkedHashMap<>();
    Map<Integer, Long> generated = new LinkedHashMap<>();
    for (int months : SPANS) {
      Path dir = data.resolve("months-" + months + "-" + rows);
      generated.put(months, generate(dir, months, rows));
      exports.put(months, dir);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    SparkSession spark = Bench.session("grapevine bench-months", cores);
    GrapevineConfig config = GrapevineConfig.defaults();
    run(spark, config, sample.resolve("catalog.yaml"), work.resolve("warmup"));
    // stage -> span -> CPU seconds per round
    Map<String, Map<Integer, List<Double>>> cpu = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      for (int months : SPANS) {
        Map<String, Double> measured = run(spark, config, exports.get(months).resolve(FEEDBACK_CATALOG),
            work.resolve("months-" + months));
        StringBuilder line = new StringBuilder(String.format("round %d, %3d months:", round, months));
        measured.forEach((stage, m) -> {
          cpu.computeIfAbsent(stage, s -> new LinkedHashMap<>()).computeIfAbsent(months, s -> new ArrayList<>()).add(m);
          line.append(String.format("  %s %.1f", stage, m));
        });
        System.out.println(line + " CPU s");
      }
    }
    System.out.println();
    System.out.printf("machine: %d cores, %s; feedback rows generated: %,d over 12 months, %,d over 200%n", cores,
        Bench.cpuName(), generated.get(12), generated.get(200));
    System.out.printf("%-12s %12s %12s %16s %16s %7s%n", "stage", "CPU s, 12", "CPU s, 200", "ms/1k rows, 12",
        "ms/1k rows, 200", "ratio");
    double[] total = new double[2];
    long[] totalRows = {generated.get(12), generated.get(200)};
    for (String stage : cpu.keySet()) {
      double a = Bench.median(cpu.get(stage).get(12));
      double b = Bench.median(cpu.get(stage).get(200));
      total[0] += a;
      total[1] += b;
      System.out.printf("%-12s %12.1f %12.1f %16.2f %16.2f %7.2f%n", stage, a, b, 1000 * a / totalRows[0],
          1000 * b / totalRows[1], (b / totalRows[1]) / (a / totalRows[0]));
    }
    double ratio = (total[1] / totalRows[1]) / (total[0] / totalRows[0]);
    System.out.printf("%-12s %12.1f %12.1f %16.2f %16.2f %7.2f%n", "pipeline", total[0], total[1],
        1000 * total[0] / totalRows[0], 1000 * total[1] / totalRows[1], ratio);
    System.out.printf("months_ratio %.2f%n", ratio);
    spark.stop();
  }

  /**
   * Generates the sample's exports over {@code months} months ending in {@link #MONTH} with about
   * {@code rows} feedback rows; returns the feedback rows written.
   */
  private static long generate(Path dir, int months, long rows) throws java.io.IOException {
    YearMonth start = Months.parse(MONTH).minusMonths(months - 1);
    int accounts = SampleGenerator.accountsForRows(rows, months);
    long written = 0;
    for (int attempt = 0; attempt < 6; attempt++) {
      written = new SampleGenerator(dir, SampleGenerator.DEFAULT_SEED, start, months, accounts).generate()
          .entrySet().stream().filter(e -> !e.getKey().equals("accounts")).mapToLong(Map.Entry::getValue).sum();
      if (Math.abs(written - rows) <= 0.03 * rows) {
        break;
      }
      // Accounts churn as months pass, so a long span needs more of them for the same rows.
      accounts = (int) Math.max(100, Math.round(accounts * (double) rows / written));
    }
    String catalog = java.nio.file.Files.readString(dir.resolve("catalog.yaml"));
    int accountsEntry = catalog.indexOf("  - name: sample_accounts");
    java.nio.file.Files.writeString(dir.resolve(FEEDBACK_CATALOG),
        accountsEntry < 0 ? catalog : catalog.substring(0, accountsEntry));
    return written;
  }

  /** The whole pipeline on {@code catalogFile}'s exports into a fresh {@code out}; stage -> CPU seconds (skipped ones left out). */
  private static Map<String, Double> run(SparkSession spark, GrapevineConfig config, Path catalogFile, Path out)
      throws Exception {
    Bench.delete(out);
    JobContext ctx = new JobContext(spark, out.toString(), Months.parse(MONTH), config);
    SourceCatalog catalog = SourceCatalog.load(catalogFile.toString(), new Configuration());
    Map<String, Double> measured = new LinkedHashMap<>();
    long[] last = {Bench.processCpuNanos()};
    Pipeline.runAll(ctx, catalog, Privacy.withKey("bench"), null, (StageRun r) -> {
      long now = Bench.processCpuNanos();
      if (!r.details.containsKey(StageRun.SKIPPED)) {
        measured.put(r.stage, (now - last[0]) / 1e9);
      }
      last[0] = now;
    });
    return measured;
  }

}
