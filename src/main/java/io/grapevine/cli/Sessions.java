package io.grapevine.cli;

import io.grapevine.core.SessionDefaults;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the SparkSession for a job: the master comes from spark-submit or -Dspark.master. */
final class Sessions {
  private Sessions() {}

  static SparkSession create(String job) {
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
