package io.grapevine.core;

import org.apache.spark.sql.SparkSession;

/** Session settings every Grapevine job relies on, for the jobs and the tests alike. */
public final class SessionDefaults {
  private SessionDefaults() {}

  public static SparkSession.Builder apply(SparkSession.Builder builder) {
    return builder
        // Months and day boundaries are UTC whatever the machine's zone.
        .config("spark.sql.session.timeZone", "UTC")
        // report_month=2026-10 stays a string, never a guessed date.
        .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
        // HotSpot never compiles a method over 8,000 bytes of bytecode and runs it interpreted.
        // Ingest's checks make a generated stage that large; over this limit Spark splits the
        // stage into operators whose code the JIT does compile (Spark's own advice for HotSpot).
        .config("spark.sql.codegen.hugeMethodLimit", "8000")
        // Every output table is a Delta table.
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        // A table's state (its list of files) is rebuilt from the log in this many tasks. Delta's
        // default, 50, suits tables of millions of files; Grapevine's hold a few files per month, and
        // 50 tasks per commit and per read cost more than the rest of a small stage.
        .config("spark.databricks.delta.snapshotPartitions", "2")
        // Spark keeps 100 compiled classes of generated code; one run of the pipeline makes about
        // 1,650, many the same code again (each stage's reads, Delta's own log queries), so most were
        // compiled twice or more. With 2,000 the sample's run-all compiled 1,319 classes instead of
        // 1,652 (17.3 s of Janino instead of 23.6 s; 216 CPU s instead of 253; docs/benchmarks.md).
        .config("spark.sql.codegen.cache.maxEntries", "2000")
        // Each stage plans its shuffles for the size of its input (ShuffleSizing).
        .config(ShuffleSizing.OWN, "true");
  }
}
