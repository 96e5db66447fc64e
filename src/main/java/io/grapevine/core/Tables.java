package io.grapevine.core;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The output tables: Delta tables, one folder each, partitioned by {@code report_month}. A write
 * replaces exactly the rows its {@link Scope} selects (the months a stage rebuilt; for ingest, its
 * sources' rows in those months) in one atomic commit: a reader sees the table before the commit or
 * after it, never a part. Every commit carries the run's id, stage and month, which {@code grapevine
 * history} lists; reads can be made "as of" an earlier time (time travel).
 */
public final class Tables {
  private final SparkSession spark;
  private final Layout layout;
  private final Storage storage;
  private final String runId;
  /** Reads see every table as it was at this time (Delta's timestampAsOf); null: the current version. */
  private final String asOf;
  private String stage = "job";
  private Lease lease;

  public Tables(SparkSession spark, Storage storage, String runId, String asOf) {
    this.spark = spark;
    this.layout = storage.layout();
    this.storage = storage;
    this.runId = runId;
    this.asOf = asOf;
  }

  /** The stage whose commits follow (named in each commit and in fault points). */
  public void stage(String stage) {
    this.stage = stage;
  }

  /** The run's lease on the output location: every commit first checks it is still held. */
  public void lease(Lease lease) {
    this.lease = lease;
  }

  public String asOf() {
    return asOf;
  }

  public String path(Table table) {
    return layout.table(table);
  }

  /** Whether the table exists (as of the read time, when one is set). */
  public boolean exists(Table table) {
    if (!storage.exists(path(table) + "/_delta_log")) {
      if (storage.exists(path(table))) {
        throw legacy(table);
      }
      return false;
    }
    if (asOf == null) {
      return true;
    }
    try {
      reader(table).load(path(table)).schema();
      return true;
    } catch (Exception e) {  // the table did not exist yet at that time
      return false;
    }
  }

  private UserInputException legacy(Table table) {
    return new UserInputException(String.format(
        "Table %s at %s is not a Delta table (an earlier Grapevine wrote plain Parquet there): run "
            + "'grapevine maintain --out %s --convert' once, or use a new output location",
        table.dirName(), path(table), layout.root()));
  }

  /** Fails with a message naming the stage to run first when a table is missing. */
  public void require(Table table, String producedBy) {
    if (!exists(table)) {
      throw new UserInputException(String.format(
          "No %s table at %s: run '%s' for this output location first", table.dirName(), path(table),
          producedBy));
    }
  }

  private org.apache.spark.sql.DataFrameReader reader(Table table) {
    org.apache.spark.sql.DataFrameReader r = spark.read().format("delta");
    return asOf == null ? r : r.option("timestampAsOf", asOf);
  }

  public Dataset<Row> read(Table table) {
    if (!storage.exists(path(table) + "/_delta_log") && storage.exists(path(table))) {
      throw legacy(table);
    }
    return reader(table).load(path(table));
  }

  /** Rows of the months from {@code fromMonth} to {@code toMonth}, both included. */
  public Dataset<Row> read(Table table, String fromMonth, String toMonth) {
    return read(table).where(col(FeedbackSchema.REPORT_MONTH).geq(fromMonth)
        .and(col(FeedbackSchema.REPORT_MONTH).leq(toMonth)));
  }

  /** A data file's month, from the partition folder its path names ({@code .../report_month=2026-10/part-...}). */
  private static final java.util.regex.Pattern MONTH_FOLDER =
      java.util.regex.Pattern.compile("/" + FeedbackSchema.REPORT_MONTH + "=([^/]+)/[^/]+$");

  /**
   * The {@code report_month} values present, sorted; none when the table is absent. They are the
   * partitions of the table's current files, as Delta's log lists them ({@code inputFiles}), so no row
   * is read: the sample's run-all asks 16 times, a query over the rows each time before.
   */
  public List<String> months(Table table) {
    if (!exists(table)) {
      return List.of();
    }
    java.util.TreeSet<String> months = new java.util.TreeSet<>();
    for (String file : read(table).inputFiles()) {
      java.util.regex.Matcher m = MONTH_FOLDER.matcher(file);
      if (!m.find()) {
        // Not laid out by month (never so for Grapevine's own tables): the rows say.
        return read(table).select(FeedbackSchema.REPORT_MONTH).distinct().collectAsList().stream()
            .map(r -> r.getString(0)).sorted().toList();
      }
      months.add(unescape(m.group(1)));
    }
    return List.copyOf(months);
  }

  /** A partition folder's value as Spark escaped it ({@code %3A} for {@code :}); months need none. */
  private static String unescape(String value) {
    return java.net.URLDecoder.decode(value.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The rows of the newest month at or before {@code month} (a snapshot table such as accounts or
   * themes, read as of a run month); null when the table has none.
   */
  public Dataset<Row> latestAtOrBefore(Table table, String month) {
    List<String> before = months(table).stream().filter(m -> m.compareTo(month) <= 0).toList();
    if (before.isEmpty()) {
      return null;
    }
    String latest = before.get(before.size() - 1);
    return read(table, latest, latest);
  }

  /** Whether a table has rows for {@code month}. */
  public boolean hasMonth(Table table, String month) {
    return months(table).contains(month);
  }

  /**
   * Registers every table present as a temporary view named after its folder ({@code feedback},
   * {@code channel_monthly}, ...), for SQL over the outputs; returns the names.
   */
  public List<String> registerViews() {
    List<String> views = new ArrayList<>();
    for (Table t : Table.values()) {
      if (exists(t)) {
        read(t).createOrReplaceTempView(t.dirName());
        views.add(t.dirName());
      }
    }
    return views;
  }

  /**
   * Replaces the rows of {@code table} that {@code scope} selects with {@code rows} in one commit.
   * Every row written must lie within the scope (Delta checks it). Each month's rows are gathered
   * into one file, which keeps BI tools' file listings short.
   */
  public void replaceMonths(Table table, Dataset<Row> rows, Scope scope) {
    commit(table, rows.repartition(col(FeedbackSchema.REPORT_MONTH)), scope);
  }

  /**
   * Like {@link #replaceMonths}, without moving rows between tasks: at most {@code tasks} tasks
   * each write the months their rows hold (a file per task and month). For a stage whose rows are
   * already spread by size, such as ingest over its input's splits.
   */
  public void replaceAsSplit(Table table, Dataset<Row> rows, Scope scope, int tasks) {
    commit(table, rows.coalesce(Math.max(1, tasks)), scope);
  }

  /**
   * Replaces one month's rows ({@code rows} without {@code report_month}; the month is added),
   * also when {@code rows} is empty, so a re-run never leaves rows of an earlier run behind.
   * {@code extra} narrows what is replaced within the month (null: the whole month).
   */
  public void replaceMonth(Table table, Dataset<Row> rows, String month, Scope extra) {
    Scope scope = extra == null ? Scope.month(month) : Scope.month(month).and(extra);
    commit(table, rows.withColumn(FeedbackSchema.REPORT_MONTH, lit(month)).repartition(1), scope);
  }

  private void commit(Table table, Dataset<Row> rows, Scope scope) {
    String point = stage + "." + table.dirName();
    // The partition column last in every table, as readers of the partition folders see it.
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    for (String c : rows.columns()) {
      if (!c.equals(FeedbackSchema.REPORT_MONTH)) {
        columns.add(col(c));
      }
    }
    columns.add(col(FeedbackSchema.REPORT_MONTH));
    Dataset<Row> out = Faults.inWrite(rows.select(columns.toArray(org.apache.spark.sql.Column[]::new)),
        point + ".writing");
    if (lease != null) {
      lease.assertHeld();
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("run_id", runId);
    meta.put("stage", stage);
    String metadata;
    try {
      metadata = StageRun.JSON.writer().without(
          com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(meta);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    try {
      out.write().format("delta").mode(SaveMode.Overwrite)
          .option("replaceWhere", scope.sql())
          .option("mergeSchema", "true")
          .option("userMetadata", metadata)
          .partitionBy(FeedbackSchema.REPORT_MONTH)
          .save(path(table));
    } catch (RuntimeException e) {
      if (e.getClass().getName().startsWith("io.delta.exceptions.Concurrent")
          || e.getClass().getSimpleName().startsWith("Concurrent")) {
        throw new UserInputException(String.format("Table %s at %s was changed by another run while this "
            + "one wrote it (%s): one writer at a time; run again when the other has finished",
            table.dirName(), path(table), e.getClass().getSimpleName()), e);
      }
      throw e;
    }
    Faults.point(point + ".committed");
  }

  /** One commit of a table's history. */
  public record Version(long version, String timestamp, String operation, String runId, String stage,
      Long rowsWritten, Long rowsRemoved) {}

  /** The table's commits, newest first (as far back as its log is kept). */
  public List<Version> history(Table table) {
    List<Version> versions = new ArrayList<>();
    for (Row r : DeltaTable.forPath(spark, path(table)).history()
        .select("version", "timestamp", "operation", "userMetadata", "operationMetrics")
        .collectAsList()) {
      String run = null;
      String stageName = null;
      if (!r.isNullAt(3)) {
        try {
          com.fasterxml.jackson.databind.JsonNode meta = StageRun.JSON.readTree(r.getString(3));
          run = meta.path("run_id").asText(null);
          stageName = meta.path("stage").asText(null);
        } catch (JsonProcessingException e) {
          run = r.getString(3);
        }
      }
      Map<String, String> metrics = r.isNullAt(4) ? Map.of() : r.getJavaMap(4);
      versions.add(new Version(r.getLong(0), r.getTimestamp(1).toInstant().toString(), r.getString(2), run,
          stageName, number(metrics.get("numOutputRows")),
          number(metrics.containsKey("numDeletedRows") ? metrics.get("numDeletedRows")
              : metrics.get("numTargetRowsDeleted"))));
    }
    return versions;
  }

  private static Long number(String s) {
    return s == null ? null : Long.parseLong(s);
  }

  /**
   * The time just after a run's last commit, across every table: reading every table as of it
   * shows the outputs as that run left them. Null when no table has a commit of that run.
   */
  public String timeAfterRun(String run) {
    java.time.Instant last = null;
    for (Table t : Table.values()) {
      if (storage.exists(path(t) + "/_delta_log")) {
        for (Version v : history(t)) {
          if (run.equals(v.runId())) {
            java.time.Instant at = java.time.Instant.parse(v.timestamp());
            last = last == null || at.isAfter(last) ? at : last;
          }
        }
      }
    }
    return last == null ? null : last.toString();
  }

  /** Removes the files no version younger than {@code retainHours} needs; returns nothing. */
  public void vacuum(Table table, double retainHours) {
    DeltaTable.forPath(spark, path(table)).vacuum(retainHours);
  }

  /** Turns a table written as plain Parquet by an earlier Grapevine into a Delta table in place. */
  public void convertLegacy(Table table) {
    DeltaTable.convertToDelta(spark, "parquet.`" + path(table) + "`",
        FeedbackSchema.REPORT_MONTH + " STRING");
  }

  /** Whether the folder holds plain Parquet of an earlier Grapevine rather than a Delta table. */
  public boolean isLegacy(Table table) {
    return storage.exists(path(table)) && !storage.exists(path(table) + "/_delta_log");
  }

  /**
   * Which rows a write replaces, as a Delta {@code replaceWhere} condition built only from checked
   * values (months, names, paths as quoted literals).
   */
  public static final class Scope {
    private final String sql;

    private Scope(String sql) {
      this.sql = sql;
    }

    public String sql() {
      return sql;
    }

    /** Every row of the table. */
    public static Scope all() {
      return new Scope("true");
    }

    public static Scope month(String month) {
      return new Scope(FeedbackSchema.REPORT_MONTH + " = " + literal(Months.label(Months.parse(month))));
    }

    /** Months from {@code from} (null: from the first) to {@code to} (null: to the last), both included. */
    public static Scope months(String from, String to) {
      List<String> parts = new ArrayList<>();
      if (from != null) {
        parts.add(FeedbackSchema.REPORT_MONTH + " >= " + literal(Months.label(Months.parse(from))));
      }
      if (to != null) {
        parts.add(FeedbackSchema.REPORT_MONTH + " <= " + literal(Months.label(Months.parse(to))));
      }
      return new Scope(parts.isEmpty() ? "true" : String.join(" AND ", parts));
    }

    /** Rows whose {@code column} holds one of {@code values} (none: no row). */
    public static Scope in(String column, Collection<String> values) {
      if (values.isEmpty()) {
        return new Scope("false");
      }
      return new Scope("`" + column + "` IN (" + values.stream().map(Scope::literal)
          .collect(Collectors.joining(", ")) + ")");
    }

    public static Scope isNull(String column) {
      return new Scope("`" + column + "` IS NULL");
    }

    public Scope and(Scope other) {
      return new Scope("(" + sql + ") AND (" + other.sql + ")");
    }

    public Scope or(Scope other) {
      return new Scope("(" + sql + ") OR (" + other.sql + ")");
    }

    /** A Spark SQL string literal. */
    static String literal(String value) {
      return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public String toString() {
      return sql;
    }
  }
}
