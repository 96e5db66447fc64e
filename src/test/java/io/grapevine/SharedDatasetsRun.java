package io.grapevine;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The real exports of ../shared/datasets ingested once per test JVM through
 * jobs/shared-datasets-catalog.yaml, shared by the ingest and enrich tests on real data. Callers
 * check {@link SparkTestSession#sharedDatasetsPresent()} first.
 */
public final class SharedDatasetsRun {
  public static final String MONTH = "2026-10";
  private static Path out;
  private static StageRun ingest;
  private static Dataset<Row> feedback;

  private SharedDatasetsRun() {}

  public static synchronized Path out() {
    if (out == null) {
      try {
        Path dir = Files.createTempDirectory("grapevine-shared-run");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SampleRun.delete(dir)));
        SourceCatalog catalog = SourceCatalog.load(
            SparkTestSession.projectDir().resolve("jobs/shared-datasets-catalog.yaml").toString(),
            new Configuration());
        ingest = IngestJob.run(context(dir), catalog, Privacy.withKey("test-key"), io.grapevine.core.MonthRange.upTo("2026-10"));
        out = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  public static synchronized StageRun ingest() {
    out();
    return ingest;
  }

  /** The ingested feedback table, cached. */
  public static synchronized Dataset<Row> feedback() {
    if (feedback == null) {
      feedback = SparkTestSession.table(out(), io.grapevine.core.Table.FEEDBACK).cache();
    }
    return feedback;
  }

  public static JobContext context() {
    return context(out());
  }

  private static JobContext context(Path dir) {
    return new JobContext(SparkTestSession.get(), dir.toString(), Months.parse(MONTH), io.grapevine.SparkTestSession.config());
  }
}
