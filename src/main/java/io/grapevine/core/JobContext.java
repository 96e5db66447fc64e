package io.grapevine.core;

import java.time.YearMonth;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/** What every job runs with: the session, the output location, the month, the configuration. */
public final class JobContext {
  private final SparkSession spark;
  private final Storage storage;
  private final YearMonth month;
  private final GrapevineConfig config;
  private final String runId;

  public JobContext(SparkSession spark, String out, YearMonth month, GrapevineConfig config) {
    this(spark, out, month, config, UUID.randomUUID().toString());
  }

  public JobContext(SparkSession spark, String out, YearMonth month, GrapevineConfig config,
      String runId) {
    this.spark = spark;
    this.storage = new Storage(out, spark.sparkContext().hadoopConfiguration());
    this.month = month;
    this.config = config;
    this.runId = runId;
  }

  public SparkSession spark() {
    return spark;
  }

  public Storage storage() {
    return storage;
  }

  public YearMonth month() {
    return month;
  }

  /** The month as {@code YYYY-MM}, the value of {@code report_month}. */
  public String monthLabel() {
    return Months.label(month);
  }

  public GrapevineConfig config() {
    return config;
  }

  public String runId() {
    return runId;
  }

  public StageRun startStage(String stage) {
    return StageRun.start(stage, monthLabel(), runId);
  }
}
