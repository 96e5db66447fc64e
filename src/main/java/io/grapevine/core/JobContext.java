package io.grapevine.core;

import java.time.YearMonth;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;

/**
 * What every job runs with: the session, the output location (its {@link Layout}, its files and its
 * tables), the month, the configuration, the run's id and, when a command took one, the run's lease.
 */
public final class JobContext {
  private final SparkSession spark;
  private final Layout layout;
  private final Storage storage;
  private final Tables tables;
  private final YearMonth month;
  private final GrapevineConfig config;
  private final String runId;

  public JobContext(SparkSession spark, String out, YearMonth month, GrapevineConfig config) {
    this(spark, out, month, config, newRunId(), null);
  }

  /**
   * @param asOf null, or a time: every table is then read as it was at that time (time travel),
   *     for rebuilding a report as an earlier run left the outputs
   */
  public JobContext(SparkSession spark, String out, YearMonth month, GrapevineConfig config,
      String runId, String asOf) {
    this.spark = spark;
    // Months, report_month and times without an offset are all UTC; a session of someone else's
    // (a notebook's) may be in another zone.
    if (!"UTC".equals(spark.conf().get("spark.sql.session.timeZone", "UTC"))) {
      spark.conf().set("spark.sql.session.timeZone", "UTC");
    }
    this.layout = new Layout(out);
    this.storage = new Storage(layout, spark.sparkContext().hadoopConfiguration());
    this.tables = new Tables(spark, storage, runId, asOf);
    this.month = month;
    this.config = config;
    this.runId = runId;
  }

  /** A run id: the UTC time it started and a random suffix, so ids sort by time. */
  public static String newRunId() {
    return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now())
        + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public SparkSession spark() {
    return spark;
  }

  public Layout layout() {
    return layout;
  }

  public Storage storage() {
    return storage;
  }

  public Tables tables() {
    return tables;
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

  /** Holds every commit of this context to the lease (see {@link Lease}). */
  public JobContext withLease(Lease lease) {
    tables.lease(lease);
    return this;
  }

  /** Starts a stage's record; its commits carry the stage's name. */
  public StageRun startStage(String stage) {
    tables.stage(stage);
    // Every stage after ingest reads feedback and accounts, or what was made from them.
    ShuffleSizing.fit(spark, ShuffleSizing.bytesUnder(spark, tables.path(Table.FEEDBACK))
        + ShuffleSizing.bytesUnder(spark, tables.path(Table.ACCOUNTS)));
    return StageRun.start(stage, monthLabel(), runId);
  }
}
