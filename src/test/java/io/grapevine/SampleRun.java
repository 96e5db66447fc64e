package io.grapevine;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * The whole pipeline on the bundled sample for month 2026-10, run once per test JVM and shared by
 * every test that reads its output (the end-to-end checks, the report and notebook tests).
 */
public final class SampleRun {
  public static final String MONTH = "2026-10";
  private static Path out;
  private static SourceCatalog catalog;
  private static List<StageRun> runs;

  private SampleRun() {}

  public static synchronized Path out() {
    if (out == null) {
      try {
        Path dir = Files.createTempDirectory("grapevine-sample-run");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        catalog = SourceCatalog.load(
            SparkTestSession.projectDir().resolve("data/sample/catalog.yaml").toString(), new Configuration());
        out = dir;
        runs = io.grapevine.pipeline.Pipeline.runAll(context(), catalog, Privacy.withKey("test-key"), null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  public static synchronized List<StageRun> runs() {
    out();
    return runs;
  }

  public static synchronized SourceCatalog catalog() {
    out();
    return catalog;
  }

  /** A context on the shared output for month 2026-10 with the default configuration. */
  public static synchronized JobContext context() {
    if (out == null) {
      out();
    }
    return new JobContext(SparkTestSession.get(), out.toString(), Months.parse(MONTH), io.grapevine.SparkTestSession.config());
  }

  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: the folder is in the temporary directory.
    }
  }
}
