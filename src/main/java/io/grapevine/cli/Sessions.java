package io.grapevine.cli;

import io.grapevine.core.SessionDefaults;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession for a job: the master comes from spark-submit or -Dspark.master. */
final class Sessions {
  private Sessions() {}

  /** A session, and whether this command started it (and so stops it when done). */
  record Owned(SparkSession spark, boolean started) implements AutoCloseable {
    @Override
    public void close() {
      if (started) {
        spark.stop();
      }
    }
  }

  /**
   * The session a command runs in: the one already running in this JVM (a notebook's, a test's),
   * left running afterwards; or a new one, stopped when the command ends.
   */
  static Owned create(String job) {
    if (SparkSession.getDefaultSession().isDefined()) {
      return new Owned(SparkSession.getDefaultSession().get(), false);
    }
    return new Owned(newSession(job), true);
  }

  /** Whether {@link #create} would start an embedded session of its own (not join one, not a cluster). */
  static boolean wouldStartLocal() {
    return SparkSession.getDefaultSession().isEmpty()
        // What new SparkConf() would read, without starting Spark's logging before the run's log is set.
        && System.getProperty("spark.master", "local[*]").startsWith("local");
  }

  private static SparkSession newSession(String job) {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder =
        SessionDefaults.apply(SparkSession.builder().appName("grapevine " + job));
    if (!conf.contains("spark.master")) {
      // Nobody named a cluster: run embedded on this machine's cores.
      builder.master("local[*]");
    }
    if (conf.get("spark.master", "local[*]").startsWith("local")
        && !conf.contains("spark.sql.shuffle.partitions")) {
      // One machine: a few shuffle partitions per core, not the cluster default of 200.
      builder.config("spark.sql.shuffle.partitions", String.valueOf(
          Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));
    }
    return builder.getOrCreate();
  }
}
