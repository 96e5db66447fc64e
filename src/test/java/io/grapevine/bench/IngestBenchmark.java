package io.grapevine.bench;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Ingest on generated exports (default 1M rows, as CSV with multi-line quoted text and as JSON
 * lines, in four files each) against DuckDB reading the same files and writing Parquet: wall
 * seconds, CPU seconds of this process (both run in it), MB/s per core and MB per CPU second, and
 * the ratio. Lives in test sources: DuckDB never enters the product's jar. Started by
 * {@code jobs/bench-ingest [ROWS]}.
 */
public final class IngestBenchmark {
  private static final int FILES = 4;
  private static final String[] WORDS = ("late refund broken app great support slow delivery never again "
      + "thank you quick answer rude agent waited hours lovely staff cold food crashed twice").split(" ");

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000L;
    Path work = Paths.get(args.length > 1 ? args[1] : "target/bench/ingest-" + rows).toAbsolutePath();
    int cores = Runtime.getRuntime().availableProcessors();
    if (!Files.isDirectory(work.resolve("csv"))) {
      generate(work, rows);
    }
    double csvMb = megabytes(work.resolve("csv"));
    double jsonMb = megabytes(work.resolve("jsonl"));
    Files.writeString(work.resolve("catalog.yaml"), """
        sources:
          - name: bench_csv
            path: csv/*.csv
            format: csv
            channel: review_site
            rating_scale: [1, 5]
            mapping: {id: id, event_ts: created_at, rating: rating, text: text}
          - name: bench_jsonl
            path: jsonl/*.jsonl
            format: jsonl
            channel: review_site
            rating_scale: [1, 5]
            mapping: {id: id, event_ts: created_at, rating: rating, text: text}
        """);
    SparkSession spark = Bench.session("grapevine bench-ingest", cores);
    SourceCatalog catalog = SourceCatalog.load(work.resolve("catalog.yaml").toString(), new Configuration());
    System.out.printf("machine: %d cores; input: %,d rows as CSV (%.0f MB, %d files, 10%% of texts multi-line) "
        + "and as JSON lines (%.0f MB)%n", cores, rows, csvMb, FILES, jsonMb);
    System.out.printf("%-28s %8s %8s %12s %14s%n", "", "wall s", "CPU s", "MB/s/core", "MB/CPU-second");
    double[] spark2 = new double[2];
    double[] duck2 = new double[2];
    String[] names = {"bench_csv", "bench_jsonl"};
    double[] mb = {csvMb, jsonMb};
    for (int i = 0; i < 2; i++) {
      Path out = work.resolve("out-" + names[i]);
      Bench.delete(out);
      long cpu0 = cpu();
      long t0 = System.nanoTime();
      StageRun run = IngestJob.run(new JobContext(spark, out.toString(), Months.parse("2026-10"),
          GrapevineConfig.defaults()), catalog.only(names[i]), Privacy.withKey("bench"));
      double wall = Bench.seconds(t0);
      double cpuS = (cpu() - cpu0) / 1e9;
      spark2[i] = mb[i] / cpuS;
      System.out.printf("%-28s %8.1f %8.1f %12.1f %14.1f   (%,d rows in)%n", "Spark ingest, " + names[i].substring(6),
          wall, cpuS, mb[i] / wall / cores, mb[i] / cpuS, run.rowsIn);

      Path duckOut = work.resolve("duck-" + names[i] + ".parquet");
      Files.deleteIfExists(duckOut);
      String read = i == 0
          ? "read_csv('" + work.resolve("csv") + "/*.csv', header = true, quote = '\"', escape = '\"', all_varchar = true)"
          : "read_json('" + work.resolve("jsonl") + "/*.jsonl', format = 'newline_delimited')";
      cpu0 = cpu();
      t0 = System.nanoTime();
      long duckRows;
      try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
        st.execute("SET threads = " + cores);
        st.execute("COPY (SELECT * FROM " + read + ") TO '" + duckOut + "' (FORMAT PARQUET)");
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM '" + duckOut + "'")) {
          rs.next();
          duckRows = rs.getLong(1);
        }
      }
      wall = Bench.seconds(t0);
      cpuS = (cpu() - cpu0) / 1e9;
      duck2[i] = mb[i] / cpuS;
      System.out.printf("%-28s %8.1f %8.1f %12.1f %14.1f   (%,d rows)%n", "DuckDB read + Parquet, " + names[i].substring(6),
          wall, cpuS, mb[i] / wall / cores, mb[i] / cpuS, duckRows);
    }
    spark.stop();
    System.out.printf("throughput per CPU second, Spark / DuckDB: CSV %.2f, JSON lines %.2f%n",
        spark2[0] / duck2[0], spark2[1] / duck2[1]);
  }

  /** Process CPU time in nanoseconds (Spark's executors and DuckDB's threads both run in this JVM). */
  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void generate(Path work, long rows) throws IOException {
    Files.createDirectories(work.resolve("csv"));
    Files.createDirectories(work.resolve("jsonl"));
    SplittableRandom random = new SplittableRandom(42);
    long start = Instant.parse("2026-10-01T00:00:00Z").getEpochSecond();
    for (int f = 0; f < FILES; f++) {
      try (BufferedWriter csv = Files.newBufferedWriter(work.resolve("csv/part-" + f + ".csv"), StandardCharsets.UTF_8);
          BufferedWriter json = Files.newBufferedWriter(work.resolve("jsonl/part-" + f + ".jsonl"), StandardCharsets.UTF_8)) {
        csv.write("id,created_at,rating,text\n");
        for (long r = f; r < rows; r += FILES) {
          StringBuilder text = new StringBuilder();
          int words = 8 + random.nextInt(30);
          for (int w = 0; w < words; w++) {
            text.append(w == 0 ? "" : random.nextInt(10) == 0 ? ", " : " ").append(WORDS[random.nextInt(WORDS.length)]);
          }
          if (random.nextInt(10) == 0) {
            text.append("\nP.S. ").append(WORDS[random.nextInt(WORDS.length)]).append(" \"again\"");
          }
          String t = text.toString();
          String ts = Instant.ofEpochSecond(start + random.nextLong(30L * 86_400)).toString();
          int rating = 1 + random.nextInt(5);
          csv.write("r" + r + "," + ts + "," + rating + ",\"" + t.replace("\"", "\"\"") + "\"\n");
          json.write("{\"id\":\"r" + r + "\",\"created_at\":\"" + ts + "\",\"rating\":" + rating + ",\"text\":\""
              + t.replace("\"", "\\\"").replace("\n", "\\n") + "\"}\n");
        }
      }
    }
  }

  private static double megabytes(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.mapToLong(p -> p.toFile().length()).sum() / 1e6;
    }
  }

}
