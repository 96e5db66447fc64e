package io.grapevine.bench;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Ingest on generated exports (default 1M rows, as CSV with multi-line quoted text and as JSON
 * lines, in four files each). Per format, after a warm-up run: DuckDB reading the files and
 * writing Parquet; Grapevine's parsing alone (its reader, with line numbers and raw records, into
 * Parquet: the same work); Spark's own reader into Parquet (no lineage); and the whole ingest
 * stage (mapping, checks, pseudonyms, masking, duplicates, quarantine, partitioned Parquet, the
 * counts read back). Wall seconds, CPU seconds of this process (all run in it), MB/s per core, MB
 * per CPU second and the ratio to DuckDB's. Lives in test sources: DuckDB never enters the
 * product's jar. Started by {@code jobs/bench-ingest [ROWS] [ROUNDS]}.
 */
public final class IngestBenchmark {
  private static final int FILES = 4;
  private static final String[] WORDS = ("late refund broken app great support slow delivery never again "
      + "thank you quick answer rude agent waited hours lovely staff cold food crashed twice").split(" ");

  private IngestBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000L;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path work = Paths.get(args.length > 2 ? args[2] : "target/bench/ingest-" + rows).toAbsolutePath();
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
    // A first, smaller run compiles Spark's generated code and warms the JIT, as a long-lived
    // cluster's executors are warm; it is not reported.
    Path warm = work.resolveSibling(work.getFileName() + "-warmup");
    if (!Files.isDirectory(warm.resolve("csv"))) {
      generate(warm, Math.min(rows, 100_000));
    }
    Files.writeString(warm.resolve("catalog.yaml"), Files.readString(work.resolve("catalog.yaml")));
    SourceCatalog warmCatalog = SourceCatalog.load(warm.resolve("catalog.yaml").toString(), new Configuration());
    // Pieces of 2 MB, so that the warm-up also cuts its files as the measured runs do at any size.
    String maxPartition = spark.conf().get("spark.sql.files.maxPartitionBytes");
    spark.conf().set("spark.sql.files.maxPartitionBytes", String.valueOf(2L << 20));
    spark.conf().set("spark.sql.files.openCostInBytes", String.valueOf(1L << 20));
    for (String name : List.of("bench_csv", "bench_jsonl")) {
      Bench.delete(warm.resolve("out"));
      IngestJob.run(new JobContext(spark, warm.resolve("out").toString(), Months.parse("2026-10"),
          GrapevineConfig.defaults()), warmCatalog.only(name), Privacy.withKey("bench"), io.grapevine.core.MonthRange.upTo("2026-10"));
      IngestJob.readExport(spark, warmCatalog.only(name)).write().mode("overwrite").parquet(warm.resolve("parse").toString());
    }
    spark.conf().set("spark.sql.files.maxPartitionBytes", maxPartition);
    spark.conf().unset("spark.sql.files.openCostInBytes");

    System.out.printf("machine: %d cores (%s), Java %s; input: %,d rows as CSV (%.0f MB, %d files, 10%% of texts "
        + "multi-line) and as JSON lines (%.0f MB); after a warm-up run on %,d rows; median of %d runs by CPU "
        + "seconds%n", cores, Bench.cpuName(), System.getProperty("java.version"), rows, csvMb, FILES, jsonMb,
        Math.min(rows, 100_000), rounds);
    System.out.printf("%-44s %8s %8s %12s %14s %10s%n", "", "wall s", "CPU s", "MB/s/core", "MB/CPU-second",
        "vs DuckDB");
    String[] names = {"bench_csv", "bench_jsonl"};
    double[] mb = {csvMb, jsonMb};
    for (int f = 0; f < 2; f++) {
      final int i = f;
      String format = i == 0 ? "CSV" : "JSON lines";
      SourceCatalog one = catalog.only(names[i]);
      Path duckOut = work.resolve("duck-" + names[i] + ".parquet");
      String read = i == 0
          ? "read_csv('" + work.resolve("csv") + "/*.csv', header = true, quote = '\"', escape = '\"', all_varchar = true)"
          : "read_json('" + work.resolve("jsonl") + "/*.jsonl', format = 'newline_delimited')";
      Run duckRun = () -> {
        Files.deleteIfExists(duckOut);
        try (Connection duckDb = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duckDb.createStatement()) {
          st.execute("SET threads = " + cores);
          st.execute("COPY (SELECT * FROM " + read + ") TO '" + duckOut + "' (FORMAT PARQUET)");
          try (ResultSet rs = st.executeQuery("SELECT count(*) FROM '" + duckOut + "'")) {
            rs.next();
            return rs.getLong(1);
          }
        }
      };
      Path parseOut = work.resolve("parse-" + names[i]);
      // The records with their file and line, as ingest's mapping receives them; the raw record
      // the reader also keeps (for the quarantine) is not written.
      Run parseRun = () -> {
        IngestJob.readExport(spark, one).drop("_gv_raw").write().mode("overwrite").parquet(parseOut.toString());
        return spark.read().parquet(parseOut.toString()).count();
      };
      Path sparkOut = work.resolve("spark-reader-" + names[i]);
      Run sparkRun = () -> {
        (i == 0
            ? spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"")
                .csv(work.resolve("csv").toString())
            : spark.read().json(work.resolve("jsonl").toString()))
            .write().mode("overwrite").parquet(sparkOut.toString());
        return spark.read().parquet(sparkOut.toString()).count();
      };
      Path out = work.resolve("out-" + names[i]);
      Run ingestRun = () -> {
        Bench.delete(out);
        return IngestJob.run(new JobContext(spark, out.toString(), Months.parse("2026-10"),
            GrapevineConfig.defaults()), one, Privacy.withKey("bench"), io.grapevine.core.MonthRange.upTo("2026-10")).rowsIn;
      };
      // Rounds interleave the four, so that what one leaves behind (garbage, a cooling JIT) falls
      // on each alike; each starts after a full collection.
      List<List<Measure>> runs = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
      List<Run> all = List.of(duckRun, parseRun, sparkRun, ingestRun);
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < all.size(); k++) {
          System.gc();
          runs.get(k).add(measure(all.get(k)));
        }
      }
      Measure duck = median(runs.get(0));
      Measure parse = median(runs.get(1));
      Measure sparkReader = median(runs.get(2));
      Measure ingest = median(runs.get(3));

      print("DuckDB: read + Parquet, " + format, duck, mb[i], cores, duck);
      print("Grapevine parse (reader + Parquet), " + format, parse, mb[i], cores, duck);
      print("Spark's own reader + Parquet, " + format, sparkReader, mb[i], cores, duck);
      print("Grapevine whole ingest stage, " + format, ingest, mb[i], cores, duck);
    }
    spark.stop();
  }

  /** One timed run: wall and CPU seconds of this process, and the rows it counted. */
  private record Measure(double wall, double cpu, long rows) {}

  private interface Run {
    long call() throws Exception;
  }

  private static Measure measure(Run run) throws Exception {
    long cpu0 = Bench.processCpuNanos();
    long t0 = System.nanoTime();
    long n = run.call();
    return new Measure(Bench.seconds(t0), (Bench.processCpuNanos() - cpu0) / 1e9, n);
  }

  /** The run with the median CPU seconds. */
  private static Measure median(List<Measure> runs) {
    List<Measure> sorted = new ArrayList<>(runs);
    sorted.sort(java.util.Comparator.comparingDouble(Measure::cpu));
    return sorted.get(sorted.size() / 2);
  }

  private static void print(String what, Measure m, double mb, int cores, Measure duck) {
    System.out.printf("%-44s %8.1f %8.1f %12.1f %14.1f %10.2f   (%,d rows)%n", what, m.wall(), m.cpu(),
        mb / m.wall() / cores, mb / m.cpu(), (mb / m.cpu()) / (mb / duck.cpu()), m.rows());
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
