package io.grapevine;

import io.grapevine.core.SessionDefaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of the test JVM: local[2], UI off, few shuffle partitions. */
public final class SparkTestSession {
  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      io.grapevine.core.localfs.LocalFiles.install();
      spark = SessionDefaults.apply(SparkSession.builder())
          .master("local[2]")
          .appName("grapevine-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.default.parallelism", "2")
          .getOrCreate();
    }
    return spark;
  }

  /**
   * The default configuration, with the shared datasets and the project's sample among the roots a
   * catalog may read ({@code ingest.allowed_roots}): tests' catalogs point there from elsewhere.
   */
  public static io.grapevine.core.GrapevineConfig config() {
    io.grapevine.core.GrapevineConfig config = io.grapevine.core.GrapevineConfig.defaults();
    config.ingest.allowedRoots.add(projectDir().resolve("../shared/datasets").normalize().toString());
    config.ingest.allowedRoots.add(projectDir().resolve("data").normalize().toString());
    return config;
  }

  /** A Delta table of an output location, as a reader sees it now. */
  public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> table(Path out, io.grapevine.core.Table table) {
    return get().read().format("delta").load(out.resolve(table.dirName()).toString());
  }

  /** The project's root folder (where pom.xml is). */
  public static Path projectDir() {
    String dir = System.getProperty("grapevine.project.dir");
    return dir != null ? Paths.get(dir) : Paths.get("").toAbsolutePath();
  }

  /** Whether {@code ../shared/datasets} is beside the project (developer machines and CI, not a user's clone). */
  public static boolean sharedDatasetsPresent() {
    return Files.isDirectory(projectDir().resolve("../shared/datasets"));
  }

  /** {@code ../shared/datasets/<name>} when present, else null. */
  public static Path sharedDataset(String name) {
    Path p = projectDir().resolve("../shared/datasets").resolve(name).normalize();
    return Files.isDirectory(p) ? p : null;
  }
}
