package io.grapevine.core;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

/**
 * How a stage's shuffles are planned, from the size of its input. Adaptive query execution re-plans a
 * query at each shuffle: every exchange becomes a job of its own, and the rest is planned again when it
 * ends. That pays on large inputs (it merges small partitions, splits skewed ones, turns joins into
 * broadcasts once the sizes are known) and costs on small ones, where each of a stage's hundreds of
 * queries pays the extra jobs and planning for nothing: CrashTest's 22 stage runs on the sample, 2 cores,
 * took 334 and 344 s without it against 379 and 428 s with it, interleaved (docs/benchmarks.md). A stage
 * whose input is under one read partition's bytes ({@code spark.sql.files.maxPartitionBytes}, the size
 * ingest already keeps in memory) runs without it, on two shuffle partitions per core; a larger one runs
 * as the session was set. A setting the user gave Spark ({@code --conf spark.sql.adaptive.enabled=...}) is left alone, and
 * so is a session Grapevine did not configure ({@link SessionDefaults}: someone else's, a notebook's).
 */
public final class ShuffleSizing {
  static final String ADAPTIVE = "spark.sql.adaptive.enabled";
  static final String PARTITIONS = "spark.sql.shuffle.partitions";
  static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  /** Spark's internal choice between generated and interpreted code for expressions. */
  static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";
  /** Inputs under this many bytes run interpreted, without generated code. */
  static final String INTERPRET_BELOW = "spark.grapevine.interpretBelowBytes";
  /** Set by {@link SessionDefaults}: a session whose shuffles Grapevine may plan per stage. */
  static final String OWN = "spark.grapevine.sizeShuffles";
  private static final String SAVED = "grapevine.shuffleSizing.saved.";

  private ShuffleSizing() {}

  /** Plans the session's next queries for an input of this many bytes. */
  public static void fit(SparkSession spark, long inputBytes) {
    if (!"true".equals(spark.conf().get(OWN, "false")) || spark.sparkContext().getConf().contains(ADAPTIVE)) {
      return;
    }
    RuntimeConfig conf = spark.conf();
    if (!conf.contains(SAVED + ADAPTIVE)) {
      conf.set(SAVED + ADAPTIVE, conf.get(ADAPTIVE, "true"));
      conf.set(SAVED + PARTITIONS, conf.get(PARTITIONS, "200"));
    }
    if (small(spark, inputBytes)) {
      conf.set(ADAPTIVE, "false");
      conf.set(PARTITIONS, String.valueOf(Math.max(4, 2 * spark.sparkContext().defaultParallelism())));
    } else {
      conf.set(ADAPTIVE, conf.get(SAVED + ADAPTIVE));
      conf.set(PARTITIONS, conf.get(SAVED + PARTITIONS));
    }
    interpret(spark, inputBytes);
  }

  /**
   * Below {@link #INTERPRET_BELOW} bytes (16 MB unless set) a stage's queries run interpreted: no
   * whole-stage code generation, and expressions evaluated rather than compiled. Generating and compiling
   * each query's classes (Janino, then the JIT) costs tens of milliseconds per query whatever its rows;
   * over the sample's few thousand rows that is most of a query's time. The Quick start's run-all took
   * 79.5 s compiled and 67.2 s interpreted, the same tables; at 100,000 rows the two are even
   * (docs/benchmarks.md). {@code spark.sql.codegen.factoryMode} is internal to Spark; it is set here
   * only. A choice the user gave Spark for either setting is left alone.
   */
  private static void interpret(SparkSession spark, long inputBytes) {
    org.apache.spark.SparkConf given = spark.sparkContext().getConf();
    if (given.contains(WHOLE_STAGE) || given.contains(FACTORY_MODE)) {
      return;
    }
    boolean interpreted = inputBytes < given.getLong(INTERPRET_BELOW, 16L << 20);
    spark.conf().set(WHOLE_STAGE, String.valueOf(!interpreted));
    spark.conf().set(FACTORY_MODE, interpreted ? "NO_CODEGEN" : "FALLBACK");
  }

  /** Whether an input of this many bytes is small enough to run without re-planning. */
  public static boolean small(SparkSession spark, long inputBytes) {
    return inputBytes < spark.sessionState().conf().filesMaxPartitionBytes();
  }

  /** Bytes under a folder (a table's files, removed ones not yet vacuumed included); 0 when it does not exist. */
  public static long bytesUnder(SparkSession spark, String folder) {
    Path path = new Path(folder);
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).getContentSummary(path).getLength();
    } catch (FileNotFoundException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot measure " + folder, e);
    }
  }

  /** Rows a learner takes per partition (up to {@code ceiling} partitions). */
  static final int LEARNER_ROWS_PER_PARTITION = 50_000;

  /**
   * {@code rows} (kept in memory by the caller, {@code count} of them) in as few partitions as a
   * learner needs: one per 50,000 rows, at most {@code ceiling}. MLlib's optimizers pass over their
   * input once per iteration, one task per partition each time; over a few thousand rows a pass costs
   * its scheduling, not its rows, so they go in one task (train-churn on the sample: 37 to 40 s before,
   * 23 to 29 s after, docs/benchmarks.md).
   */
  public static org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> forLearner(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows, long count, int ceiling) {
    long wanted = Math.max(1, (count + LEARNER_ROWS_PER_PARTITION - 1) / LEARNER_ROWS_PER_PARTITION);
    return wanted >= ceiling ? rows : rows.coalesce((int) wanted);
  }
}
