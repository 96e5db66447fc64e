package io.grapevine;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.churn.ScoreChurnJob;
import io.grapevine.core.Faults;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.Months;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import io.grapevine.enrich.EnrichJob;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import io.grapevine.metrics.MetricsJob;
import io.grapevine.sample.SampleGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Crashes at named points of ingest, enrich, metrics and score-churn (inside a table's write, after
 * its commit, between a file's writing and its move into place, before the manifest), on a copy of a
 * good output. After each: every table reads as it was before the stage or as an uninterrupted run
 * leaves it, never anything between; a manifest of the stage means all its tables are new; and a
 * re-run gives the tables of an uninterrupted run. Most crashes are thrown in this JVM (the stage
 * stops where a halt would stop it); one halts a separate JVM for real, lease and all.
 *
 * <p>It runs beside the other test classes (junit-platform.properties): its crashes are armed for its
 * own thread ({@link Faults#throwAt}) and its outputs are its own.
 */
@Execution(ExecutionMode.CONCURRENT)
class CrashTest {
  private static final String BEFORE = "2026-06";
  private static final String MONTH = "2026-07";
  private static final String FIRST = "2026-03";

  @TempDir
  static Path dir;
  private static SourceCatalog catalog;
  private static String churnModel;
  private static GrapevineConfig config;

  @BeforeAll
  static void goodOutput() throws Exception {
    new SampleGenerator(dir.resolve("data"), 11, Months.parse(FIRST), 5, 120).generate();
    catalog = SourceCatalog.load(dir.resolve("data/catalog.yaml").toString(), new Configuration());
    config = io.grapevine.SparkTestSession.config();
    Path good = dir.resolve("good");
    JobContext ctx = context(good, BEFORE);
    IngestJob.run(ctx, catalog, Privacy.fromEnvironment("UNSET_GRAPEVINE_KEY", true), MonthRange.upTo(BEFORE));
    EnrichJob.run(ctx, FIRST);
    MetricsJob.run(ctx, FIRST);
    // Score with the sample run's model (made meanwhile by the other lane's tests, or now): the
    // tables, not the training, are what a crash can break.
    churnModel = SampleRun.context().storage().current(SampleRun.context().layout().churnModels(SampleRun.MONTH));
    ScoreChurnJob.run(ctx, churnModel);
  }

  @AfterEach
  void disarm() {
    Faults.disarm();
  }

  private static JobContext context(Path out, String month) {
    return new JobContext(SparkTestSession.get(), out.toString(), Months.parse(month), config);
  }

  private static final Map<String, Consumer<JobContext>> STAGES = new LinkedHashMap<>();

  static {
    STAGES.put(Stages.INGEST, ctx -> IngestJob.run(ctx, catalog, Privacy.fromEnvironment("UNSET_GRAPEVINE_KEY", true), new MonthRange(FIRST, MONTH)));
    STAGES.put(Stages.ENRICH, ctx -> EnrichJob.run(ctx, FIRST));
    STAGES.put(Stages.METRICS, ctx -> MetricsJob.run(ctx, FIRST));
    STAGES.put(Stages.SCORE_CHURN, ctx -> ScoreChurnJob.run(ctx, churnModel));
  }

  /** Fingerprints already taken of an output no stage changes again (the good one, each stage's expected). */
  private static final Map<Path, Map<Table, String>> KNOWN = new java.util.concurrent.ConcurrentHashMap<>();

  /** Each table's content (every column but run_id), as a count and a sum of row hashes; absent: null. */
  static Map<Table, String> fingerprints(Path out) {
    return fingerprints(out, null, null);
  }

  /** {@link #fingerprints(Path)} of an output that stays as it is, taken once. */
  private static Map<Table, String> settled(Path out) {
    return KNOWN.computeIfAbsent(out, CrashTest::fingerprints);
  }

  /**
   * {@link #fingerprints(Path)}, reading only the tables whose Delta log differs from {@code base}'s:
   * a table with the very same log files as the copy it came from holds the same rows, so its
   * fingerprint is {@code known}'s.
   */
  static Map<Table, String> fingerprints(Path out, Path base, Map<Table, String> known) {
    Map<Table, String> prints = new LinkedHashMap<>();
    for (Table t : Table.values()) {
      Path log = out.resolve(t.dirName()).resolve("_delta_log");
      if (!Files.isDirectory(log)) {
        prints.put(t, null);
        continue;
      }
      if (base != null && logFiles(log).equals(logFiles(base.resolve(t.dirName()).resolve("_delta_log")))) {
        prints.put(t, known.get(t));
        continue;
      }
      Dataset<Row> rows = SparkTestSession.table(out, t);
      Column[] cols = Arrays.stream(rows.columns()).filter(c -> !c.equals(FeedbackSchema.RUN_ID))
          .map(functions::col).toArray(Column[]::new);
      Row r = rows.agg(functions.count(functions.lit(1)),
          functions.sum(functions.xxhash64(cols).cast("decimal(38,0)"))).first();
      prints.put(t, r.getLong(0) + "/" + (r.isNullAt(1) ? 0 : r.getDecimal(1)));
    }
    return prints;
  }

  private static List<String> logFiles(Path log) {
    if (!Files.isDirectory(log)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(log)) {
      return files.map(f -> f.getFileName() + ":" + f.toFile().length()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void copy(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean crashed(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof Faults.InjectedCrash || String.valueOf(c.getMessage()).contains("fault injected at")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code stage} on a copy of {@code base} once uninterrupted and once per point with a crash
   * there (on one copy, crash after crash), then re-runs it; returns the uninterrupted result.
   */
  private static Path crashAt(String stage, Path base, List<String> points) {
    Path expected = dir.resolve(stage + "-expected");
    copy(base, expected);
    STAGES.get(stage).accept(context(expected, MONTH));
    Map<Table, String> before = settled(base);
    Map<Table, String> after = fingerprints(expected, base, before);
    KNOWN.put(expected, after);
    assertThat(after).as("the stage changes something to check against").isNotEqualTo(before);

    Path crashed = dir.resolve(stage + "-crashed");
    copy(base, crashed);
    List<String> reached = new ArrayList<>();
    for (String point : points) {
      Faults.throwAt(point);
      try {
        STAGES.get(stage).accept(context(crashed, MONTH));
      } catch (Exception e) {  // Spark's own exceptions are checked, undeclared in Java
        assertThat(crashed(e)).as("crashed at %s, not for another reason: %s", point, e).isTrue();
        reached.add(point);
      } finally {
        Faults.disarm();
      }
      Map<Table, String> now = fingerprints(crashed, base, before);
      for (Table t : Table.values()) {
        assertThat(now.get(t)).as("%s after a crash at %s: the old rows or the new, nothing between", t, point)
            .isIn(before.get(t), after.get(t));
      }
      if (Files.exists(crashed.resolve("manifest/" + MONTH + "/" + stage + ".json"))) {
        assertThat(now).as("a manifest of %s means all its outputs are complete (crash at %s)", stage, point)
            .isEqualTo(after);
      }
    }
    assertThat(reached).as("every point of %s is on its path", stage).containsExactlyElementsOf(points);
    STAGES.get(stage).accept(context(crashed, MONTH));
    assertThat(fingerprints(crashed, base, before)).as("a re-run after the crashes gives an uninterrupted run's tables")
        .isEqualTo(after);
    return expected;
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)  // the class's two tests one after the other, in its lane
  void everyStageLeavesOldOrNewTablesWhereverItStops() {
    Path good = dir.resolve("good");
    Path ingested = crashAt(Stages.INGEST, good, List.of("ingest.feedback.writing", "ingest.feedback.committed",
        "ingest.accounts.writing", "ingest.quarantine.committed", "ingest.manifest"));
    Path enriched = crashAt(Stages.ENRICH, ingested, List.of("enrich.feedback_enriched.writing",
        "enrich.models.written", "enrich.manifest"));
    Path measured = crashAt(Stages.METRICS, enriched, List.of("metrics.channel_monthly.writing",
        "metrics.source_monthly.committed", "metrics.response_quality_monthly.writing", "metrics.manifest"));
    crashAt(Stages.SCORE_CHURN, measured, List.of("score-churn.account_risk.writing",
        "score-churn.account_risk.committed"));
  }

  @Test
  @Execution(ExecutionMode.SAME_THREAD)
  void aRealHaltMidWriteLeavesTheOldTablesAndALeaseThatExpires() throws Exception {
    Path out = dir.resolve("halted");
    copy(dir.resolve("good"), out);
    Path good = dir.resolve("good");
    Map<Table, String> before = settled(good);
    Path launcher = SparkTestSession.projectDir().resolve("target/launcher");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(Arrays.asList(Files.readString(launcher.resolve("jvm.options")).trim().split("\\s+")));
    command.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
        "-D" + Faults.PROPERTY + "=ingest.feedback.writing",
        "-Dlog4j2.configurationFile=" + SparkTestSession.projectDir().resolve("jobs/log4j2-local.properties"),
        "-cp", SparkTestSession.projectDir().resolve("target/classes") + ":"
            + Files.readString(launcher.resolve("classpath.txt")).trim(),
        "io.grapevine.cli.Grapevine", "ingest", "--month", MONTH, "--from", FIRST,
        "--catalog", dir.resolve("data/catalog.yaml").toString(), "--out", out.toString(), "--dev-pseudonym-key"));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("halted.log").toFile()).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(dir.resolve("halted.log"))).isEqualTo(Faults.HALT_STATUS);
    assertThat(fingerprints(out, good, before)).isEqualTo(before);
    // The halted run's lease is still there, renewed moments ago: a new run is refused until it expires.
    assertThat(out.resolve("_grapevine/lease.json")).content().contains("grapevine ingest");
    int refused = io.grapevine.cli.Grapevine.commandLine().execute("ingest", "--month", MONTH, "--from", FIRST,
        "--catalog", dir.resolve("data/catalog.yaml").toString(), "--out", out.toString(), "--dev-pseudonym-key");
    assertThat(refused).isEqualTo(2);
    int done = io.grapevine.cli.Grapevine.commandLine().execute("ingest", "--month", MONTH, "--from", FIRST,
        "--catalog", dir.resolve("data/catalog.yaml").toString(), "--out", out.toString(), "--dev-pseudonym-key",
        "--wait", "--conf", "output.lease_ttl_seconds=5");
    assertThat(done).isZero();
    Path expected = dir.resolve(Stages.INGEST + "-expected");
    if (!KNOWN.containsKey(expected)) {  // run before the other test made its uninterrupted ingest
      expected = dir.resolve("halted-expected");
      copy(good, expected);
      STAGES.get(Stages.INGEST).accept(context(expected, MONTH));
    }
    assertThat(fingerprints(out, good, before)).isEqualTo(settled(expected));
    assertThat(out.resolve("_grapevine/lease.json")).doesNotExist();
  }
}
