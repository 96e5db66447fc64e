package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.AccountSchema;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import io.grapevine.core.Tables;
import io.grapevine.core.UserInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingest: every catalog source into {@code feedback} (partitioned by the month of each row's
 * {@code event_ts}), {@code accounts} (the run month's snapshot) and {@code quarantine} (rejected
 * rows with reasons, in the month of their event, or the run month when it cannot be read).
 * Duplicates of a {@code feedback_id} (or {@code account_id}) are removed and counted.
 *
 * <p>A run replaces only what it owns: the rows of its catalog's sources in the months it was asked
 * for; rows of other sources and other months stay. Rows of the exports outside those months are
 * counted ({@code outside_months}), not written. Per source, rows read = accepted + quarantined +
 * duplicates + outside months.
 */
public final class IngestJob {
  public static final String ACCEPTED = "accepted";
  public static final String QUARANTINED = "quarantined";
  public static final String DUPLICATE = "duplicate";
  public static final String OUTSIDE = "outside_months";

  private IngestJob() {}

  /** Ingests the run month alone. */
  public static StageRun run(JobContext ctx, SourceCatalog catalog, Privacy privacy) {
    return run(ctx, catalog, privacy, MonthRange.only(ctx.monthLabel()));
  }

  public static StageRun run(JobContext ctx, SourceCatalog catalog, Privacy privacy, MonthRange range) {
    StageRun stage = ctx.startStage(Stages.INGEST);
    Map<String, ExportReader> readers = new LinkedHashMap<>();
    catalog.sources().forEach(s -> readers.put(s.name, ExportReader.forFormat(s.format)));
    validateAgainstExports(ctx, catalog, readers);

    List<Dataset<Row>> feedback = new ArrayList<>();
    List<Dataset<Row>> accounts = new ArrayList<>();
    List<String> feedbackSources = new ArrayList<>();
    List<String> accountSources = new ArrayList<>();
    for (SourceSpec spec : catalog.sources()) {
      Dataset<Row> raw = readers.get(spec.name).read(ctx.spark(), spec);
      FieldMapper mapper = new FieldMapper(spec, privacy);
      Dataset<Row> checked = mapper.check(raw);
      if (spec.kind == SourceSpec.Kind.FEEDBACK) {
        feedback.add(mapper.toFeedback(checked, ctx.runId()));
        feedbackSources.add(spec.name);
      } else {
        accounts.add(mapper.toAccounts(checked, ctx.runId(), ctx.monthLabel()));
        accountSources.add(spec.name);
      }
    }

    // One narrow pass decides every row's fate: per id its count and its first row by file and
    // line, per source and reason the rejected rows. Feedback is then written in a second pass that
    // keeps each id's first row, without moving the wide rows between tasks.
    Map<String, SourceCounts> counts = new TreeMap<>();
    catalog.sources().forEach(s -> counts.put(s.name, new SourceCounts()));
    java.util.SortedSet<String> months = new java.util.TreeSet<>();
    java.util.SortedMap<String, Long> inputFiles = inputFiles(ctx, catalog);
    List<String> files = List.copyOf(inputFiles.keySet());
    long inputBytes = inputFiles.values().stream().mapToLong(Long::longValue).sum();
    int writeTasks = writeTasks(ctx, inputBytes);
    // A small input is parsed once and kept in memory for the three passes below: there the cost
    // is each pass's start, not its reading. A large one is read again, which costs less than
    // caching its wide rows.
    boolean keep = inputBytes < ctx.spark().sessionState().conf().filesMaxPartitionBytes();
    List<Dataset<Row>> kept = new ArrayList<>();
    Dataset<Row> feedbackRows = feedback.isEmpty() ? null : keep(union(feedback), keep, kept);
    Dataset<Row> accountRows = accounts.isEmpty() ? null : keep(union(accounts), keep, kept);
    Outcomes feedbackOutcomes = feedbackRows == null ? null
        : Outcomes.of(feedbackRows, FeedbackSchema.FEEDBACK_ID, files, counts, months, range);
    Outcomes accountOutcomes = accountRows == null ? null
        : Outcomes.of(accountRows, AccountSchema.ACCOUNT_ID, files, counts, null, range);

    // Decided counts reconcile by construction; nothing is written unless they do.
    for (Map.Entry<String, SourceCounts> e : counts.entrySet()) {
      e.getValue().checkDecided(e.getKey());
    }

    Tables tables = ctx.tables();
    if (feedbackOutcomes != null) {
      tables.replaceAsSplit(Table.FEEDBACK,
          feedbackOutcomes.accepted(feedbackRows).where(range.contains(col(FeedbackSchema.REPORT_MONTH)))
              .select(FeedbackSchema.columnsWithMonth()),
          range.scope().and(Tables.Scope.in(FeedbackSchema.SOURCE, feedbackSources)), writeTasks);
    }
    if (accountOutcomes != null) {
      List<Column> accountColumns = new ArrayList<>();
      for (String c : accountRows.columns()) {
        if (!c.startsWith("_gv_") && !c.equals(FeedbackSchema.REPORT_MONTH)) {
          accountColumns.add(col(c));
        }
      }
      tables.replaceMonth(Table.ACCOUNTS,
          accountOutcomes.accepted(accountRows).select(accountColumns.toArray(Column[]::new)),
          ctx.monthLabel(), Tables.Scope.in(FeedbackSchema.SOURCE, accountSources));
    }
    Dataset<Row> quarantine = null;
    for (Dataset<Row> rows : java.util.Arrays.asList(feedbackRows, accountRows)) {
      if (rows != null) {
        Dataset<Row> q = Outcomes.quarantine(rows, range, ctx.monthLabel());
        quarantine = quarantine == null ? q : quarantine.unionByName(q);
      }
    }
    // The quarantine of these sources in these months, and their undated rejects wherever an
    // earlier run put them: a re-run replaces its own rejects, never adds a second copy.
    List<String> sources = catalog.sources().stream().map(s -> s.name).toList();
    tables.replaceMonths(Table.QUARANTINE, quarantine,
        Tables.Scope.in(FeedbackSchema.SOURCE, sources).and(range.scope().or(
            Tables.Scope.isNull(FeedbackSchema.EVENT_TS).and(
                Tables.Scope.in(FeedbackSchema.INGEST_FILE, files)))));
    if (feedbackOutcomes != null) {
      feedbackOutcomes.groups.unpersist();
    }
    if (accountOutcomes != null) {
      accountOutcomes.groups.unpersist();
    }
    kept.forEach(Dataset::unpersist);

    countWritten(ctx, Table.FEEDBACK, feedbackRows == null ? List.of() : List.copyOf(months), counts, false);
    countWritten(ctx, Table.ACCOUNTS, accountRows == null ? List.of() : List.of(ctx.monthLabel()), counts, false);
    countWritten(ctx, Table.QUARANTINE, null, counts, true);

    long read = 0;
    long accepted = 0;
    long quarantined = 0;
    long duplicates = 0;
    long outside = 0;
    Map<String, Object> perSource = new LinkedHashMap<>();
    for (Map.Entry<String, SourceCounts> e : counts.entrySet()) {
      SourceCounts c = e.getValue();
      if (c.read() != c.writtenAccepted + c.writtenQuarantined + c.duplicates + c.outside) {
        throw new IllegalStateException("Counts of source " + e.getKey() + " do not reconcile: " + c);
      }
      read += c.read();
      accepted += c.accepted;
      quarantined += c.quarantined();
      duplicates += c.duplicates;
      outside += c.outside;
      perSource.put(e.getKey(), c.asMap());
    }
    stage.rowsIn = read;
    stage.rowsOut = accepted;
    stage.rowsQuarantined = quarantined;
    stage.detail("catalog", catalog.location())
        .detail("months", range.toString())
        .detail("duplicates", duplicates)
        .detail("outside_months", outside)
        .detail("feedback_months", List.copyOf(months))
        .detail("sources", perSource)
        .detail("reconciled", true);
    return stage.finish(ctx.storage());
  }

  /**
   * Every source's export as read, before mapping: its own columns (all text for CSV) beside the
   * lineage columns {@code _gv_file}, {@code _gv_line}, {@code _gv_raw} and {@code _gv_error}. For
   * looking at a new export, and for measuring parsing alone.
   */
  public static Dataset<Row> readExport(org.apache.spark.sql.SparkSession spark, SourceCatalog catalog) {
    if (catalog.sources().size() != 1) {
      throw new IllegalArgumentException("readExport reads one source; the catalog has " + catalog.sources().size());
    }
    SourceSpec spec = catalog.sources().get(0);
    ExportReader reader = ExportReader.forFormat(spec.format);
    reader.schema(spark, spec);
    return reader.read(spark, spec);
  }

  /**
   * Adds the rows this run actually wrote, per source, read back from its commit ({@code months}:
   * where to look; null: everywhere).
   */
  private static void countWritten(JobContext ctx, Table table, List<String> months,
      Map<String, SourceCounts> counts, boolean quarantine) {
    if (months != null && months.isEmpty() || !ctx.tables().exists(table)) {
      return;
    }
    Dataset<Row> written = ctx.tables().read(table).where(col(FeedbackSchema.RUN_ID).equalTo(ctx.runId()));
    if (months != null) {
      written = written.where(col(FeedbackSchema.REPORT_MONTH).isin(months.toArray()));
    }
    for (Row r : written.groupBy(FeedbackSchema.SOURCE).count().collectAsList()) {
      SourceCounts c = counts.get(r.getString(0));
      if (quarantine) {
        c.writtenQuarantined += r.getLong(1);
      } else {
        c.writtenAccepted += r.getLong(1);
      }
    }
  }

  private static Dataset<Row> keep(Dataset<Row> rows, boolean keep, List<Dataset<Row>> kept) {
    if (!keep) {
      return rows;
    }
    Dataset<Row> cached = rows.persist(StorageLevel.MEMORY_AND_DISK());
    kept.add(cached);
    return cached;
  }

  /** Every file the catalog's sources name, with its size. */
  private static java.util.SortedMap<String, Long> inputFiles(JobContext ctx, SourceCatalog catalog) {
    org.apache.hadoop.conf.Configuration conf = ctx.spark().sparkContext().hadoopConfiguration();
    java.util.SortedMap<String, Long> files = new java.util.TreeMap<>();
    for (SourceSpec spec : catalog.sources()) {
      files.putAll(ExportReader.fileSizes(spec, conf));
    }
    return files;
  }

  /**
   * How many tasks write feedback: one per {@code spark.sql.files.maxPartitionBytes} of input, and
   * at least one per core, so a small sample writes a file or two per month and a large export
   * writes on every core.
   */
  private static int writeTasks(JobContext ctx, long bytes) {
    long split = ctx.spark().sessionState().conf().filesMaxPartitionBytes();
    long bySize = (bytes + split - 1) / split;
    return (int) Math.min(Integer.MAX_VALUE, Math.max(ctx.spark().sparkContext().defaultParallelism(), bySize));
  }

  /**
   * Every row's fate, decided from narrow columns: per accepted id, how many rows carry it and
   * which comes first by file and line (that one is kept, the others are duplicates); per source
   * and reason, how many rows were rejected. The aggregation holds numbers only, so Spark hashes
   * it instead of sorting every row; its groups are kept in memory for the second pass.
   */
  static final class Outcomes {
    static final String KEY = "_gv_key";
    static final String ROWS = "_gv_rows";
    static final String FIRST = "_gv_first";
    static final String FIRST_MONTH = "_gv_first_month";
    /** Up to this many duplicated ids are sent to every task; beyond it, rows and ids are sorted together. */
    static final long BROADCAST_IDS = 500_000;

    final Dataset<Row> groups;
    private final String idColumn;
    private final List<String> files;
    private final long duplicatedIds;

    private Outcomes(Dataset<Row> groups, String idColumn, List<String> files, long duplicatedIds) {
      this.groups = groups;
      this.idColumn = idColumn;
      this.files = files;
      this.duplicatedIds = duplicatedIds;
    }

    /**
     * A row's place in the run's input as one number: its file's rank among all the run's files
     * (sorted by path) above 32 bits, its line below. An id's first row has the smallest.
     */
    static Column position(Column file, List<String> files) {
      Column rank = functions.udf(new FileRank(files), DataTypes.LongType).apply(file);
      return functions.shiftleft(rank, 32).plus(col(FeedbackSchema.INGEST_ROW));
    }
    static final String IN_RANGE = "_gv_in_range";

    /**
     * Whether a row belongs to the months being ingested: its event's month lies in the range, or
     * it has no readable event (a reject the run month takes).
     */
    static Column inRange(MonthRange range) {
      Column month = col(FeedbackSchema.REPORT_MONTH);
      return month.isNull().or(range.contains(month));
    }

    /**
     * Groups {@code rows} and adds each source's outcomes to {@code counts}, and the months of
     * accepted rows within {@code range} to {@code months}.
     */
    static Outcomes of(Dataset<Row> rows, String idColumn, List<String> files,
        Map<String, SourceCounts> counts, java.util.Set<String> months, MonthRange range) {
      Column good = col(FieldMapper.REASON).isNull();
      Column position = position(col(FeedbackSchema.INGEST_FILE), files);
      Column monthIndex = functions.year(functions.to_date(col(FeedbackSchema.REPORT_MONTH), "yyyy-MM"))
          .multiply(12).plus(functions.month(functions.to_date(col(FeedbackSchema.REPORT_MONTH), "yyyy-MM")));
      Dataset<Row> groups = rows
          .groupBy(col(FeedbackSchema.SOURCE), col(FieldMapper.REASON), when(good, col(idColumn)).as(KEY))
          .agg(functions.count(lit(1)).as(ROWS), functions.min(position).as(FIRST),
              functions.min_by(monthIndex, position).as(FIRST_MONTH),
              functions.count(when(inRange(range), lit(1))).as(IN_RANGE))
          .persist(StorageLevel.MEMORY_AND_DISK());
      long duplicated = 0;
      for (Row r : groups.groupBy(col(FeedbackSchema.SOURCE), col(FieldMapper.REASON), col(FIRST_MONTH))
          .agg(functions.sum(ROWS), functions.count(lit(1)), functions.count(when(col(ROWS).gt(1), lit(1))),
              functions.sum(IN_RANGE))
          .collectAsList()) {
        SourceCounts c = counts.get(r.getString(0));
        long n = r.getLong(3);
        if (r.isNullAt(1)) {
          long ids = r.getLong(4);
          String month = null;
          if (!r.isNullAt(2)) {
            int m = r.getInt(2) - 1;
            month = String.format("%04d-%02d", m / 12, m % 12 + 1);
          }
          // An id is accepted here when its first row falls in the months ingested.
          boolean inside = range.contains(month);
          c.add(inside ? ACCEPTED : OUTSIDE, null, ids);
          c.add(DUPLICATE, null, n - ids);
          duplicated += r.getLong(5);
          if (inside && months != null) {
            months.add(month);
          }
        } else {
          long inside = r.getLong(6);
          c.add(QUARANTINED, r.getString(1), inside);
          c.add(OUTSIDE, null, n - inside);
        }
      }
      return new Outcomes(groups, idColumn, files, duplicated);
    }

    /** The accepted rows: each id's first by file and line. */
    Dataset<Row> accepted(Dataset<Row> rows) {
      Dataset<Row> good = rows.where(col(FieldMapper.REASON).isNull());
      if (duplicatedIds == 0) {
        return good;
      }
      Dataset<Row> firsts = groups
          .where(col(FieldMapper.REASON).isNull().and(col(ROWS).gt(1)))
          .select(col(KEY), col(FIRST));
      if (duplicatedIds <= BROADCAST_IDS) {
        firsts = functions.broadcast(firsts);
      }
      return good.join(firsts, good.col(idColumn).equalTo(firsts.col(KEY)), "left")
          .where(col(KEY).isNull().or(position(col(FeedbackSchema.INGEST_FILE), files).equalTo(col(FIRST))))
          .drop(KEY, FIRST);
    }

    /**
     * The rejected rows of the months ingested, in the quarantine's shape: in the month of their
     * event, or {@code runMonth} when it could not be read.
     */
    static Dataset<Row> quarantine(Dataset<Row> rows, MonthRange range, String runMonth) {
      return rows.where(col(FieldMapper.REASON).isNotNull().and(inRange(range))).select(
          col(FeedbackSchema.SOURCE),
          col(FeedbackSchema.INGEST_FILE),
          col(FeedbackSchema.INGEST_ROW),
          col(FieldMapper.REASON).as("reason"),
          col(FieldMapper.MESSAGE).as("message"),
          Privacy.mask(col(RawColumns.RAW)).as("raw_record"),
          eventTs(rows).as(FeedbackSchema.EVENT_TS),
          col(FeedbackSchema.RUN_ID),
          functions.coalesce(col(FeedbackSchema.REPORT_MONTH), lit(runMonth)).as(FeedbackSchema.REPORT_MONTH));
    }

    private static Column eventTs(Dataset<Row> rows) {
      return java.util.Arrays.asList(rows.columns()).contains(FeedbackSchema.EVENT_TS)
          ? col(FeedbackSchema.EVENT_TS) : lit(null).cast(DataTypes.TimestampType);
    }
  }

  /**
   * A file's rank among the run's files. Readers name a file as Hadoop or Spark spells its path
   * ({@code file:/a}, {@code file:///a}, percent-encoded or not): all compare by the path alone.
   */
  static final class FileRank implements org.apache.spark.sql.api.java.UDF1<String, Long> {
    private static final long serialVersionUID = 1L;
    private final Map<String, Long> ranks = new java.util.HashMap<>();
    private transient String last;
    private transient Long lastRank;

    FileRank(List<String> files) {
      List<String> sorted = files.stream().map(FileRank::pathOf).sorted().toList();
      for (int i = 0; i < sorted.size(); i++) {
        ranks.put(sorted.get(i), (long) i);
      }
    }

    static String pathOf(String file) {
      return java.net.URI.create(new org.apache.hadoop.fs.Path(file).toUri().toString()).getPath();
    }

    @Override
    public Long call(String file) {
      if (!file.equals(last)) {
        Long rank = ranks.get(pathOf(file));
        if (rank == null) {
          rank = ranks.get(java.net.URLDecoder.decode(pathOf(file), java.nio.charset.StandardCharsets.UTF_8));
        }
        if (rank == null) {
          throw new IllegalStateException("A reader named a file the catalog does not list: " + file);
        }
        last = file;
        lastRank = rank;
      }
      return lastRank;
    }
  }

  /** All parts by column name; accounts exports with different attributes leave the others null. */
  private static Dataset<Row> union(List<Dataset<Row>> parts) {
    Dataset<Row> all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) {
      all = all.unionByName(parts.get(i), true);
    }
    return all;
  }

  /**
   * Checks every source against its export before any data is read: mapped columns exist, and
   * every mapping expression is valid SQL over the export's columns. All problems in one error.
   */
  static void validateAgainstExports(JobContext ctx, SourceCatalog catalog,
      Map<String, ExportReader> readers) {
    List<String> problems = new ArrayList<>();
    for (SourceSpec spec : catalog.sources()) {
      StructType schema;
      try {
        schema = readers.get(spec.name).schema(ctx.spark(), spec);
      } catch (UserInputException e) {
        problems.add(e.getMessage());
        continue;
      }
      List<String> columns = List.of(schema.fieldNames());
      Map<String, String> named = new LinkedHashMap<>(spec.mappedColumns);
      spec.numericAttributes.forEach(a -> named.put("attributes." + a, a));
      spec.categoricalAttributes.forEach(a -> named.put("attributes." + a, a));
      named.forEach((key, column) -> {
        if (!columns.contains(column)) {
          problems.add(String.format("source '%s': %s names column '%s', which the export lacks "
              + "(it has %s)", spec.name, key.startsWith("attributes.") ? key : "mapping." + key,
              column, columns));
        }
      });
      Dataset<Row> empty = ctx.spark().createDataFrame(List.<Row>of(), schema);
      FieldMapper.expressions(spec).forEach((key, sql) -> {
        if (spec.mappedColumns.containsKey(key)) {
          return;
        }
        try {
          empty.select(expr(sql)).schema();
        } catch (Exception e) {  // AnalysisException, undeclared in Java
          problems.add(String.format("source '%s': mapping.%s expression '%s' is not valid over the "
              + "export's columns: %s", spec.name, key, sql, e.getMessage().split("\n")[0]));
        }
      });
    }
    if (!problems.isEmpty()) {
      throw new UserInputException("Catalog " + catalog.location() + " does not fit its exports ("
          + problems.size() + " problem(s)):\n  - " + String.join("\n  - ", problems));
    }
  }

  /** Per-source outcome counts, as decided and as found written. */
  static final class SourceCounts {
    long accepted;
    long duplicates;
    long outside;
    long writtenAccepted;
    long writtenQuarantined;
    final Map<String, Long> quarantinedByReason = new TreeMap<>();

    void add(String outcome, String reason, long n) {
      switch (outcome) {
        case ACCEPTED -> accepted += n;
        case DUPLICATE -> duplicates += n;
        case OUTSIDE -> outside += n;
        default -> quarantinedByReason.merge(reason, n, Long::sum);
      }
    }

    long quarantined() {
      return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    long read() {
      return accepted + quarantined() + duplicates + outside;
    }

    /** The rows a run decided to write: read less duplicates and rows of other months. */
    void checkDecided(String source) {
      if (accepted < 0 || duplicates < 0 || outside < 0) {
        throw new IllegalStateException("Counts of source " + source + " are negative: " + this);
      }
    }

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("read", read());
      m.put("accepted", accepted);
      m.put("quarantined", quarantined());
      m.put("duplicates", duplicates);
      m.put("outside_months", outside);
      m.put("quarantined_by_reason", quarantinedByReason);
      m.put("written_accepted", writtenAccepted);
      m.put("written_quarantined", writtenQuarantined);
      return m;
    }

    @Override
    public String toString() {
      return asMap().toString();
    }
  }
}
