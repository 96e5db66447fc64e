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
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
    java.time.Instant runStart = java.time.Instant.now();
    checkRoots(ctx, catalog);
    catalog.sources().forEach(s -> ExportReader.resolveFormat(s, ctx.spark().sparkContext().hadoopConfiguration()));
    Map<String, ExportReader> readers = new LinkedHashMap<>();
    catalog.sources().forEach(s -> readers.put(s.name, ExportReader.forFormat(s.format)));
    validateAgainstExports(ctx, catalog, readers);

    recordKey(ctx, privacy);
    Map<String, Expectations> expectations = new LinkedHashMap<>();
    List<Dataset<Row>> feedback = new ArrayList<>();
    List<Dataset<Row>> accounts = new ArrayList<>();
    for (SourceSpec spec : catalog.sources()) {
      Expectations e = ctx.config().ingest.expectations.merged(spec.expectations);
      expectations.put(spec.name, e);
      Dataset<Row> raw = readers.get(spec.name).read(ctx.spark(), spec);
      FieldMapper mapper = new FieldMapper(spec, privacy, e, runStart);
      Dataset<Row> checked = mapper.check(raw);
      if (spec.kind == SourceSpec.Kind.FEEDBACK) {
        feedback.add(mapper.toFeedback(checked, ctx.runId()));
      } else {
        accounts.add(mapper.toAccounts(checked, ctx.runId(), ctx.monthLabel()));
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
    io.grapevine.core.ShuffleSizing.fit(ctx.spark(), inputBytes);
    // A small input is parsed once and kept in memory for the three passes below: there the cost
    // is each pass's start, not its reading. A large one is read again, which costs less than
    // caching its wide rows.
    boolean keep = io.grapevine.core.ShuffleSizing.small(ctx.spark(), inputBytes);
    List<Dataset<Row>> kept = new ArrayList<>();
    Dataset<Row> feedbackRows = feedback.isEmpty() ? null : keep(union(feedback), keep, kept);
    Dataset<Row> accountRows = accounts.isEmpty() ? null : keep(union(accounts), keep, kept);
    Outcomes feedbackOutcomes;
    Outcomes accountOutcomes;
    try {
      feedbackOutcomes = feedbackRows == null ? null
          : Outcomes.of(feedbackRows, FeedbackSchema.FEEDBACK_ID, files, counts, months, range);
      accountOutcomes = accountRows == null ? null
          : Outcomes.of(accountRows, AccountSchema.ACCOUNT_ID, files, counts, null, range);
    } catch (RuntimeException e) {
      throw diagnose(ctx, catalog, readers, e);
    }

    // Every source's expectations, judged on the counts before anything is written: a source that
    // fails one writes nothing (its earlier rows stay), the others are written.
    List<Expectations.Result> results = new ArrayList<>();
    java.util.Set<String> failed = new java.util.TreeSet<>();
    for (SourceSpec spec : catalog.sources()) {
      SourceCounts c = counts.get(spec.name);
      Outcomes o = spec.kind == SourceSpec.Kind.FEEDBACK ? feedbackOutcomes : accountOutcomes;
      List<Expectations.Result> judged = Expectations.evaluate(spec.name, expectations.get(spec.name),
          c.considered(), c.rejectedAll(), c.duplicates, c.idsAll() + c.duplicates, c.idsAll(),
          new Expectations.Evidence(c.rejectedByReasonAll,
              c.rejectedByReasonAll.getOrDefault(FieldMapper.NO_CONTENT, 0L),
              idMapping(spec), () -> c.duplicates > 0 && o != null
                  ? o.frequentIds(spec.name, spec.kind == SourceSpec.Kind.FEEDBACK ? feedbackRows : accountRows)
                  : List.of(),
              hints(spec)));
      if (spec.kind == SourceSpec.Kind.ACCOUNTS) {
        judged = judged.stream().filter(r -> !r.expectation.equals("max_no_content_share")).toList();
      }
      for (Expectations.Result r : judged) {
        results.add(r);
        if (r.failed()) {
          failed.add(spec.name);
        }
      }
    }
    Column written = failed.isEmpty() ? lit(true) : functions.not(col(FeedbackSchema.SOURCE).isin(failed.toArray()));
    List<String> feedbackSources = new ArrayList<>();
    List<String> accountSources = new ArrayList<>();
    for (SourceSpec spec : catalog.sources()) {
      if (!failed.contains(spec.name)) {
        (spec.kind == SourceSpec.Kind.FEEDBACK ? feedbackSources : accountSources).add(spec.name);
      }
    }

    Tables tables = ctx.tables();
    if (feedbackOutcomes != null) {
      tables.replaceAsSplit(Table.FEEDBACK,
          feedbackOutcomes.accepted(feedbackRows).where(range.contains(col(FeedbackSchema.REPORT_MONTH)).and(written))
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
          accountOutcomes.accepted(accountRows).where(written).select(accountColumns.toArray(Column[]::new)),
          ctx.monthLabel(), Tables.Scope.in(FeedbackSchema.SOURCE, accountSources));
    }
    Dataset<Row> quarantine = null;
    for (Dataset<Row> rows : java.util.Arrays.asList(feedbackRows, accountRows)) {
      if (rows != null) {
        Dataset<Row> q = Outcomes.quarantine(rows.where(written), range, ctx.monthLabel());
        quarantine = quarantine == null ? q : quarantine.unionByName(q);
      }
    }
    // The quarantine of these sources in these months, and their undated rejects wherever an
    // earlier run put them: a re-run replaces its own rejects, never adds a second copy.
    List<String> sources = new ArrayList<>(feedbackSources);
    sources.addAll(accountSources);
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
    long filtered = 0;
    Map<String, Object> perSource = new LinkedHashMap<>();
    for (Map.Entry<String, SourceCounts> e : counts.entrySet()) {
      SourceCounts c = e.getValue();
      boolean wrote = !failed.contains(e.getKey());
      if (wrote && c.read() != c.writtenAccepted + c.writtenQuarantined + c.duplicates + c.outside() + c.filtered) {
        throw new IllegalStateException("Counts of source " + e.getKey() + " do not reconcile: " + c);
      }
      read += c.read();
      if (wrote) {
        accepted += c.accepted;
        quarantined += c.quarantined();
      }
      duplicates += c.duplicates;
      outside += c.outside();
      filtered += c.filtered;
      Map<String, Object> m = c.asMap();
      m.put("written", wrote);
      SourceSpec spec = catalog.sources().stream().filter(s -> s.name.equals(e.getKey())).findFirst().orElseThrow();
      if (spec.autoAttributes) {
        m.put("attributes", spec.attributeChoices);
      }
      if (!spec.chosenMapping.isEmpty()) {
        m.put("alternatives_chosen", spec.chosenMapping);
      }
      if (!spec.autoDecisions.isEmpty()) {
        m.put("auto", spec.autoDecisions);
      }
      if (!spec.personalFieldsFound.isEmpty()) {
        m.put("personal_fields_found", spec.personalFieldsFound);
      }
      perSource.put(e.getKey(), m);
    }
    stage.rowsIn = read;
    stage.rowsOut = accepted;
    stage.rowsQuarantined = quarantined;
    List<String> warnings = results.stream().filter(r -> "warning".equals(r.outcome)).map(r -> r.message).toList();
    List<String> breaches = results.stream().filter(Expectations.Result::failed).map(r -> r.message).toList();
    stage.detail("catalog", catalog.location())
        .detail("months", range.toString())
        .detail("duplicates", duplicates)
        .detail(OUTSIDE, outside)
        .detail(FieldMapper.FILTERED, filtered)
        .detail("feedback_months", List.copyOf(months))
        .detail("sources", perSource)
        .detail("expectations", results)
        .detail("failed_sources", List.copyOf(failed))
        .detail("reconciled", true);
    warnings.forEach(w -> System.err.println("ingest: warning: " + w));
    stage.finish(ctx.storage());
    if (!breaches.isEmpty()) {
      throw new ExpectationsFailed(breaches);
    }
    return stage;
  }

  /**
   * A failure while reading and mapping the sources, as one line naming the source and the mapping
   * key whose expression failed at run time (found by evaluating each alone), or as it was when
   * no single expression explains it.
   */
  private static RuntimeException diagnose(JobContext ctx, SourceCatalog catalog, Map<String, ExportReader> readers,
      RuntimeException failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UserInputException u) {
        return u;
      }
    }
    for (SourceSpec spec : catalog.sources()) {
      Dataset<Row> raw = readers.get(spec.name).read(ctx.spark(), spec);
      List<String> keys = new ArrayList<>(FieldMapper.expressions(spec).keySet());
      if (spec.where != null) {
        keys.add("where");
      }
      for (String key : keys) {
        String sql = key.equals("where") ? spec.where : FieldMapper.expressions(spec).get(key);
        try {
          raw.select(expr(sql).cast(DataTypes.StringType)).write().format("noop").mode("overwrite").save();
        } catch (RuntimeException e) {
          String why = io.grapevine.core.Failures.rootMessage(e);
          return new UserInputException(String.format("Source '%s': %s expression '%s' fails at run time: %s; "
              + "try_cast, try_to_timestamp, try_divide and the like give an empty value instead of failing",
              spec.name, key.equals("where") ? "where" : "mapping." + key, sql, why), e);
        }
      }
    }
    return failure;
  }

  /**
   * Records which key pseudonymizes this output, or refuses a key other than the one that made the
   * pseudonyms already there: a customer's rows would fall under two keys, and outputs made with
   * the public development key must never take real customers' data unnoticed.
   */
  static void recordKey(JobContext ctx, Privacy privacy) {
    String path = ctx.layout().pseudonymKey();
    String kind = privacy.development() ? "development" : "secret";
    String existing = ctx.storage().readTextIfExists(path);
    if (existing != null) {
      try {
        com.fasterxml.jackson.databind.JsonNode was = StageRun.JSON.readTree(existing);
        if (!privacy.fingerprint().equals(was.path("fingerprint").asText())) {
          throw new UserInputException(String.format("Output %s was pseudonymized with %s key (fingerprint %s); "
              + "this run has %s key (fingerprint %s): a customer's rows would fall under two keys. Use the "
              + "same key, or another output location", ctx.layout().root(),
              was.path("key").asText().equals("development") ? "the public development" : "a secret",
              was.path("fingerprint").asText(), privacy.development() ? "the public development" : "a secret",
              privacy.fingerprint()));
        }
        return;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UserInputException("Unreadable " + path + ": it records which key made the output's pseudonyms");
      }
    }
    Map<String, String> record = new LinkedHashMap<>();
    record.put("key", kind);
    record.put("fingerprint", privacy.fingerprint());
    record.put("note", privacy.development()
        ? "pseudonyms made with the public development key: anyone can reverse them; for generated data only"
        : "pseudonyms made with a secret key from the environment");
    try {
      ctx.storage().writeText(path, StageRun.JSON.writeValueAsString(record));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The id mapping as a catalog names it, for messages; null when the source maps no id. */
  private static String idMapping(SourceSpec spec) {
    String key = spec.kind == SourceSpec.Kind.FEEDBACK ? Target.ID.key() : Target.ACCOUNT_ID.key();
    String column = spec.mappedColumns.get(key);
    if (column != null) {
      return "mapping." + key + " `" + column + "`";
    }
    String sql = spec.mapping.get(key);
    return sql == null ? null : "mapping." + key + " {expr: " + sql + "}";
  }

  /** Why rows of this source have no content: what it maps of text, rating, NPS, ..., and what to do. */
  static String noContentHint(SourceSpec spec) {
    List<String> mapped = FieldMapper.CONTENT.stream().map(Target::key)
        .filter(k -> spec.mapping.containsKey(k) && !spec.constants.contains(k)).toList();
    if (!mapped.isEmpty()) {
      return "no " + String.join(", ", mapped) + " in those rows: " + (mapped.size() == 1 ? "is it" : "are they")
          + " mapped to the right column?";
    }
    return "the source maps none of " + FieldMapper.CONTENT.stream().map(Target::key).collect(Collectors.joining(", "))
        + (spec.questionsAuto ? "; questions auto: " + spec.autoDecisions.getOrDefault("questions", "not run")
            + "; map the survey's, such as mapping: {nps: <column>, text: <column>}"
            : ": map the column that holds the feedback, such as mapping: {text: <column>}");
  }

  /** What each quarantine reason most likely means for this source, for a breach's message. */
  private static Map<String, String> hints(SourceSpec spec) {
    Map<String, String> h = new LinkedHashMap<>();
    String id = idMapping(spec);
    if (id != null) {
      h.put("missing_id", "the id (" + id + ") is empty in those rows: is it mapped to the right column?");
    }
    h.put("missing_event_ts", "the time (mapping.event_ts) is empty: is it mapped to the right column?");
    h.put("bad_timestamp", "times do not match timestamp_formats "
        + (spec.timestampFormats.isEmpty() ? FieldMapper.DEFAULT_TIME_FORMATS : spec.timestampFormats));
    h.put(FieldMapper.IMPLAUSIBLE, "placeholder dates (1970-01-01, year 9999) or a wrong time zone or format");
    h.put(FieldMapper.NO_CONTENT, noContentHint(spec));
    h.put("malformed_record", "records that cannot be split into the header's fields: check options.delimiter, "
        + "quote and skip_lines");
    h.put("bad_encoding", "the bytes are not " + spec.options.encoding + ": set options.encoding");
    return h;
  }

  /** A source breached an expectation at error level: the job fails after writing the others. */
  public static final class ExpectationsFailed extends io.grapevine.core.UserInputException {
    private static final long serialVersionUID = 1L;
    /** The exit status of a run some source of which failed its expectations. */
    public static final int EXIT_STATUS = 3;
    private final List<String> breaches;

    ExpectationsFailed(List<String> breaches) {
      super(String.join("\n", breaches));
      this.breaches = breaches;
    }

    public List<String> breaches() {
      return breaches;
    }
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
    static final String REPAIRED_ROWS = "_gv_repaired_rows";

    private static Column repairedColumn(Dataset<Row> rows) {
      return java.util.Arrays.asList(rows.columns()).contains(FieldMapper.REPAIRED)
          ? col(FieldMapper.REPAIRED) : lit(false);
    }

    /**
     * The export's ids that repeat most in a source, as the export writes them (three at most). Run
     * only to explain a breach: the grouping itself keeps numbers only, so it can hash.
     */
    List<String> frequentIds(String source, Dataset<Row> rows) {
      List<Row> top = groups.where(col(FeedbackSchema.SOURCE).equalTo(source).and(col(FieldMapper.REASON).isNull())
              .and(col(ROWS).gt(1)))
          .orderBy(functions.desc(ROWS)).limit(3).select(KEY).collectAsList();
      List<String> ids = new ArrayList<>();
      for (Row key : top) {
        Column exportId = java.util.Arrays.asList(rows.columns()).contains(FieldMapper.EXPORT_ID)
            ? col(FieldMapper.EXPORT_ID) : col(idColumn);
        List<Row> raw = rows.where(col(FeedbackSchema.SOURCE).equalTo(source).and(col(idColumn).equalTo(key.get(0))))
            .select(exportId).limit(1).collectAsList();
        raw.forEach(r -> ids.add(r.isNullAt(0) ? "null" : r.getString(0)));
      }
      return ids;
    }

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
              functions.count(when(inRange(range), lit(1))).as(IN_RANGE),
              functions.count(when(repairedColumn(rows), lit(1))).as(REPAIRED_ROWS))
          .persist(StorageLevel.MEMORY_AND_DISK());
      long duplicated = 0;
      for (Row r : groups.groupBy(col(FeedbackSchema.SOURCE), col(FieldMapper.REASON), col(FIRST_MONTH))
          .agg(functions.sum(ROWS), functions.count(lit(1)), functions.count(when(col(ROWS).gt(1), lit(1))),
              functions.sum(IN_RANGE), functions.sum(REPAIRED_ROWS))
          .collectAsList()) {
        SourceCounts c = counts.get(r.getString(0));
        c.repaired += r.isNullAt(7) ? 0 : r.getLong(7);
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
          c.idsAll += ids;
          c.add(DUPLICATE, null, n - ids);
          duplicated += r.getLong(5);
          if (inside && months != null) {
            months.add(month);
          }
        } else if (r.getString(1).equals(FieldMapper.FILTERED)) {
          c.filtered += n;
        } else {
          long inside = r.getLong(6);
          c.add(QUARANTINED, r.getString(1), inside);
          c.add(OUTSIDE, null, n - inside);
          c.rejectedByReasonAll.merge(r.getString(1), n, Long::sum);
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
      return rows.where(col(FieldMapper.REASON).isNotNull().and(col(FieldMapper.REASON).notEqual(FieldMapper.FILTERED))
          .and(inRange(range))).select(
          col(FeedbackSchema.SOURCE),
          col(FeedbackSchema.INGEST_FILE),
          col(FeedbackSchema.INGEST_ROW),
          col(FieldMapper.REASON).as("reason"),
          col(FieldMapper.MESSAGE).as("message"),
          col(RawColumns.RAW).as("raw_record"),
          // Undated (unreadable or implausible time): the run month takes it, with no time.
          when(col(FeedbackSchema.REPORT_MONTH).isNotNull(), eventTs(rows)).as(FeedbackSchema.EVENT_TS),
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
   * For each target mapped to alternatives, the first that fits the export (a column it has, an
   * expression valid over its columns), set as the target's mapping; a problem when none fits,
   * unless the list ends in null (then the target is left unmapped). A column alternative fits the
   * column of that name, or else the first with the same words ({@link #looseName}: {@code Review
   * Text}, {@code review_text}, {@code ReviewText} and {@code reviews.text} alike), as the same
   * export's header differs between tools and years.
   */
  static List<String> chooseAlternatives(SourceSpec spec, List<String> columns, Dataset<Row> noRows) {
    List<String> problems = new ArrayList<>();
    if (spec.whereAlternatives != null) {
      // The first condition valid over the export's columns; none fitting, the first is reported.
      spec.where = spec.whereAlternatives.get(0);
      for (String condition : spec.whereAlternatives) {
        if (condition == null) {
          spec.where = null;
          break;
        }
        try {
          noRows.select(expr(condition).cast(DataTypes.BooleanType)).schema();
          spec.where = condition;
          break;
        } catch (Exception e) {  // AnalysisException: not this export's shape
          // try the next
        }
      }
      spec.chosenMapping.put("where", spec.where);
    }
    spec.alternatives.forEach((key, alternatives) -> {
      spec.mappedColumns.remove(key);
      for (SourceSpec.Alternative a : alternatives) {
        if (a.none()) {
          if (nestedAlternative(spec, key, alternatives, noRows.schema())) {
            return;
          }
          spec.mapping.remove(key);
          spec.chosenMapping.put(key, null);
          return;
        }
        String column = a.column() == null ? null : matchingColumn(a.column(), columns, noRows.schema());
        if (column != null && key.equals(Target.RESPONSE_TEXT.key())
            && column.equals(spec.mappedColumns.get(Target.TEXT.key()))) {
          continue;  // the text itself (WordPress's comment_content) is no reply to it
        }
        if (column != null) {
          spec.mapping.put(key, SourceCatalog.quoteIdentifier(column));
          spec.mappedColumns.put(key, column);
          spec.chosenMapping.put(key, column);
          return;
        }
        if (a.sql() != null) {
          try {
            noRows.select(expr(a.sql())).schema();
            spec.mapping.put(key, a.sql());
            spec.chosenMapping.put(key, "{expr: " + a.sql() + "}");
            return;
          } catch (Exception e) {  // AnalysisException: not this export's shape
            // try the next
          }
        }
      }
      if (nestedAlternative(spec, key, alternatives, noRows.schema())) {
        return;
      }
      if (key.equals(Target.EVENT_TS.key()) && spec.timestampFormatsAuto) {
        List<String> byName = timeColumnsByName(columns, noRows.schema());
        if (!byName.isEmpty()) {
          byName.forEach(c -> alternatives.add(new SourceSpec.Alternative(c, null)));
          spec.mapping.put(key, SourceCatalog.quoteIdentifier(byName.get(0)));
          spec.mappedColumns.put(key, byName.get(0));
          spec.chosenMapping.put(key, byName.get(0));
          return;
        }
      }
      spec.mapping.remove(key);  // reported here, not again as an expression that does not compile
      problems.add(String.format("source '%s': mapping.%s: none of its alternatives %s fits the export",
          spec.name, key, alternatives.stream().map(a -> a.column() != null ? "'" + a.column() + "'"
              : "{expr: " + a.sql() + "}").toList()));
    });
    return problems;
  }

  /**
   * When no column of the export fits a target's column alternatives, a field inside one of its JSON
   * objects may: {@code reviewer_name} fits {@code reviewer.name} (Judge.me's API), {@code user_id}
   * {@code user.id} (a tweet's). Set as an expression; true when one fits.
   */
  private static boolean nestedAlternative(SourceSpec spec, String key, List<SourceSpec.Alternative> alternatives,
      StructType schema) {
    for (SourceSpec.Alternative a : alternatives) {
      String path = a.column() == null ? null : matchingField(a.column(), schema);
      if (path != null) {
        spec.mapping.put(key, path);
        spec.chosenMapping.put(key, path.replace("`", ""));
        return true;
      }
    }
    return false;
  }

  /** A plain field of a JSON object column whose object and field names have {@code name}'s words, as SQL. */
  static String matchingField(String name, StructType schema) {
    String loose = looseName(name);
    for (org.apache.spark.sql.types.StructField f : schema.fields()) {
      if (!(f.dataType() instanceof StructType inner)) {
        continue;
      }
      for (org.apache.spark.sql.types.StructField g : inner.fields()) {
        if (isPlain(inner, g.name()) && looseName(f.name() + "_" + g.name()).equals(loose)) {
          return SourceCatalog.quoteIdentifier(f.name()) + "." + SourceCatalog.quoteIdentifier(g.name());
        }
      }
    }
    return null;
  }

  /**
   * Whether a delimited export's column names look like its first record: two of them numbers, or a
   * number beside a long text or a link (Sentiment140's {@code "0","1467810369",...,"@switchfoot http://..."}).
   */
  static boolean headerless(SourceSpec spec, List<String> columns) {
    if (spec.options.columnNames != null || !ExportReader.delimited(spec.format)) {
      return false;
    }
    long numbers = columns.stream().filter(c -> c.matches("-?\\d+([.,]\\d+)?")).count();
    boolean texts = columns.stream().anyMatch(c -> c.length() > 40 || c.contains("http"));
    return numbers >= 2 || numbers == 1 && texts;
  }

  /** The export's columns once, cut short for a very wide export. */
  private static String shown(List<String> columns) {
    List<String> shown = columns.stream().limit(60).map(c -> c.length() > 60 ? c.substring(0, 57) + "..." : c).toList();
    return shown + (columns.size() > shown.size() ? " and " + (columns.size() - shown.size()) + " more" : "");
  }

  /**
   * The column named {@code name}, or else the first whose {@link #looseName} is the same, that
   * holds plain values (not a JSON object or list, which a vendor's reply or author may be: Trustpilot's
   * {@code companyReply} is not its CSV's {@code Company Reply}); null if none.
   */
  static String matchingColumn(String name, List<String> columns, StructType schema) {
    if (columns.contains(name) && (schema == null || isPlain(schema, name))) {
      return name;
    }
    String loose = looseName(name);
    return loose.isEmpty() ? null : columns.stream().filter(c -> looseName(c).equals(loose))
        .filter(c -> schema == null || isPlain(schema, c)).findFirst().orElse(null);
  }

  /**
   * A column name as its words, each in lower case and singular, run together: {@code Review Text},
   * {@code review_text}, {@code reviewText} and {@code reviews.text} alike, and {@code Ratings} as
   * {@code rating}. Words split at anything not a letter or digit and where a lower-case letter meets
   * an upper-case one; a word loses a plural -s (not -ss, -us, -is) when it is longer than three letters.
   */
  static String looseName(String name) {
    return String.join("", words(name));
  }

  /** A column name's words, each in lower case and singular ({@link #looseName}). */
  static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    int previous = 0;
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      i += Character.charCount(c);
      boolean boundary = !Character.isLetterOrDigit(c)
          || (Character.isUpperCase(c) && Character.isLowerCase(previous));
      if (boundary && word.length() > 0) {
        words.add(singular(word));
        word.setLength(0);
      }
      if (Character.isLetterOrDigit(c)) {
        word.appendCodePoint(Character.toLowerCase(c));
      }
      previous = c;
    }
    if (word.length() > 0) {
      words.add(singular(word));
    }
    return words;
  }

  /** Words that make a column a candidate event time when no listed name fits. */
  static final Set<String> TIME_WORDS = Set.of("date", "time", "timestamp", "datetime", "created",
      "submitted", "posted", "published", "day", "month");
  /** Words of a time that is not the event's (a record's update, a crawl, a reply): tried after the others. */
  static final Set<String> OTHER_TIME_WORDS = Set.of("updated", "modified", "edited", "seen", "added",
      "last", "crawled", "scraped", "played", "deleted", "expiry", "expire", "birth", "dob",
      "answer", "reply", "replied", "response", "responded");

  /**
   * With {@code timestamp_formats: auto}, when no listed name fits the event time: the columns
   * whose names hold a time word ({@code timestamp_created}, {@code Date of review}), those of an
   * update or a crawl last. They become the list's later alternatives, so that the first whose
   * values a known format reads is taken ({@link AutoFormats}).
   */
  static List<String> timeColumnsByName(List<String> columns, StructType schema) {
    List<String> found = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (String c : columns) {
      List<String> w = words(c);
      if (w.stream().noneMatch(TIME_WORDS::contains) || (schema != null && !isPlain(schema, c))) {
        continue;
      }
      (w.stream().anyMatch(OTHER_TIME_WORDS::contains) ? other : found).add(c);
    }
    found.addAll(other);
    return found;
  }

  private static boolean isPlain(StructType schema, String c) {
    org.apache.spark.sql.types.DataType t = schema.apply(c).dataType();
    return !(t instanceof StructType || t instanceof org.apache.spark.sql.types.ArrayType
        || t instanceof org.apache.spark.sql.types.MapType);
  }

  private static String singular(StringBuilder word) {
    int n = word.length();
    if (n > 4 && word.lastIndexOf("ies") == n - 3) {
      return word.substring(0, n - 3) + "y";
    }
    if (n > 3 && word.charAt(n - 1) == 's' && "sui".indexOf(word.charAt(n - 2)) < 0) {
      return word.substring(0, n - 1);
    }
    return word.toString();
  }

  /** Whether {@code target} is left to the export: not mapped, and not removed by the catalog's null. */
  static boolean open(SourceSpec spec, Target target) {
    return !spec.mapping.containsKey(target.key()) && !spec.unmapped.contains(target.key());
  }

  /** Fails when a source's path lies outside the catalog's folder and the allowed roots. */
  static void checkRoots(JobContext ctx, SourceCatalog catalog) {
    List<String> outside = catalog.outsideRoots(ctx.config().ingest.allowedRoots);
    if (!outside.isEmpty()) {
      throw new UserInputException("Catalog " + catalog.location() + " names files it may not read ("
          + outside.size() + " problem(s)):\n  - " + String.join("\n  - ", outside));
    }
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
        List<String> files = ExportReader.checkFiles(spec, ctx.spark().sparkContext().hadoopConfiguration());
        if (!files.isEmpty()) {
          problems.addAll(files);
          continue;
        }
        schema = readers.get(spec.name).schema(ctx.spark(), spec);
      } catch (UserInputException e) {
        problems.add(e.getMessage());
        continue;
      }
      List<String> columns = List.of(schema.fieldNames());
      Dataset<Row> noRows = ctx.spark().createDataFrame(List.<Row>of(), schema);
      List<String> unfit = chooseAlternatives(spec, columns, noRows);
      problems.addAll(unfit);
      if (!unfit.isEmpty()) {
        problems.add(String.format("source '%s': its export has the columns %s: map each key above to one of "
            + "them%s", spec.name, shown(columns), headerless(spec, columns)
                ? " (these names look like a record, not a header: for a file without a header row, name its "
                    + "columns with options: {column_names: [...]}, in their order)"
                : unfit.stream().anyMatch(p -> p.contains("mapping.event_ts:"))
                ? " (an export without a date: event_ts: {const: \"YYYY-MM-DD\"}, the day it was taken)" : ""));
      }
      if (unfit.isEmpty() && spec.kind == SourceSpec.Kind.FEEDBACK && open(spec, Target.CUSTOMER_NAME)) {
        String name = NameColumns.choose(columns);
        if (name != null) {
          spec.mapping.put(Target.CUSTOMER_NAME.key(), name);
          spec.autoDecisions.put(Target.CUSTOMER_NAME.key(), name.replace("`", "'")
              + ": a person's name by its column's words, masked wherever a text or reply repeats it");
        }
      }
      if (unfit.isEmpty() && spec.questionsAuto) {
        List<String> questions = AutoQuestions.candidates(spec, columns);
        try {
          List<Row> sample = List.of();
          if (!questions.isEmpty()) {
            Dataset<Row> rows = readers.get(spec.name).read(ctx.spark(), spec);
            if (List.of(rows.columns()).contains(RawColumns.ERROR)) {
              rows = rows.where(org.apache.spark.sql.functions.col(RawColumns.ERROR).isNull());
            }
            sample = rows.select(questions.stream()
                    .map(c -> org.apache.spark.sql.functions.col(SourceCatalog.quoteIdentifier(c))
                        .cast(org.apache.spark.sql.types.DataTypes.StringType))
                    .toArray(org.apache.spark.sql.Column[]::new))
                .limit(AutoQuestions.SAMPLE_ROWS).collectAsList();
          }
          spec.autoDecisions.put("questions", AutoQuestions.choose(spec, questions, sample,
              ExportReader.questions(schema)));
        } catch (UserInputException e) {
          problems.add(e.getMessage());
        }
      }
      if (unfit.isEmpty() && (spec.timestampFormatsAuto || spec.ratingScaleAuto)) {
        try {
          spec.autoDecisions.putAll(AutoFormats.decide(spec, readers.get(spec.name).read(ctx.spark(), spec)));
        } catch (UserInputException e) {
          problems.add(e.getMessage());
        }
      }
      if (spec.autoAttributes) {
        org.apache.spark.sql.Column[] all = columns.stream()
            .map(c -> org.apache.spark.sql.functions.col(SourceCatalog.quoteIdentifier(c)))
            .toArray(org.apache.spark.sql.Column[]::new);
        try {
          AutoAttributes.choose(spec, columns, readers.get(spec.name).read(ctx.spark(), spec).select(all)
              .limit(AutoAttributes.SAMPLE_ROWS).collectAsList());
        } catch (UserInputException e) {
          problems.add(e.getMessage());
        }
      }
      Map<String, String> named = new LinkedHashMap<>(spec.mappedColumns);
      spec.numericAttributes.forEach(a -> named.put("attributes." + a, a));
      spec.categoricalAttributes.forEach(a -> named.put("attributes." + a, a));
      List<String> missing = new ArrayList<>();
      named.forEach((key, column) -> {
        if (!columns.contains(column)) {
          missing.add(String.format("%s names column '%s'", key.startsWith("attributes.") ? key : "mapping." + key,
              column));
        }
      });
      if (!missing.isEmpty()) {
        problems.add(String.format("source '%s': %s, which the export lacks; it has %s", spec.name,
            String.join("; ", missing), shown(columns)));
      }
      Dataset<Row> empty = ctx.spark().createDataFrame(List.<Row>of(), schema);
      Map<String, String> invalid = invalidExpressions(spec, empty);
      invalid.values().forEach(why -> problems.add("source '" + spec.name + "': " + why));
      if ((!unfit.isEmpty() || !missing.isEmpty() || !invalid.isEmpty()) && spec.preset != null) {
        String fits = fittingPresets(ctx, catalog, spec);
        if (fits != null) {
          problems.add(fits);
        }
      }
      if (spec.where != null) {
        try {
          empty.select(expr(spec.where).cast(DataTypes.BooleanType)).schema();
        } catch (Exception e) {  // AnalysisException, undeclared in Java
          problems.add(String.format("source '%s': where condition '%s' is not valid over the export's columns: %s",
              spec.name, spec.where, e.getMessage().split("\n")[0]));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new UserInputException("Catalog " + catalog.location() + " does not fit its exports ("
          + problems.size() + " problem(s)):\n  - " + String.join("\n  - ", problems));
    }
  }

  /**
   * When a source's preset does not fit its export: the other presets that read the same entry (its
   * path and its own keys, their preset underneath) with every mapped column found and every
   * expression valid, said in one line; null when none does. {@code generic_reviews} is named only
   * when no vendor's preset fits. Qualtrics' legacy export read by {@code qualtrics_csv} is the case
   * that asked for it: the error now names {@code qualtrics_legacy_csv}.
   */
  static String fittingPresets(JobContext ctx, SourceCatalog catalog, SourceSpec spec) {
    org.apache.hadoop.conf.Configuration conf = ctx.spark().sparkContext().hadoopConfiguration();
    List<String> fits = new ArrayList<>();
    for (String name : SourceCatalog.presetNames()) {
      SourceSpec other = name.equals(spec.preset) ? null : catalog.withOtherPreset(spec, name);
      if (other == null || other.kind != spec.kind) {
        continue;
      }
      try {
        if (!ExportReader.checkFiles(other, conf).isEmpty()) {
          continue;
        }
        ExportReader.resolveFormat(other, conf);
        StructType schema = ExportReader.forFormat(other.format).schema(ctx.spark(), other);
        List<String> columns = List.of(schema.fieldNames());
        Dataset<Row> noRows = ctx.spark().createDataFrame(List.<Row>of(), schema);
        if (chooseAlternatives(other, columns, noRows).isEmpty() && columns.containsAll(other.mappedColumns.values())
            && invalidExpressions(other, noRows).isEmpty()) {
          fits.add(name);
        }
      } catch (RuntimeException e) {  // UserInputException, Spark's: not this preset's shape of file
        // try the next
      }
    }
    if (fits.size() > 1) {
      fits.remove(GENERIC_PRESET);
    }
    if (fits.isEmpty()) {
      return null;
    }
    return String.format("source '%s': the export fits preset%s %s, not '%s' (preset: %s)", spec.name,
        fits.size() > 1 ? "s" : "", fits.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ")),
        spec.preset, fits.get(0));
  }

  /** The preset for any table of reviews or answers, named only when no vendor's preset fits. */
  static final String GENERIC_PRESET = "generic_reviews";

  /**
   * The mapping expressions (those that are not plain columns) Spark cannot resolve over the export's
   * columns ({@code noRows}' schema), by target key: each said with the first line of Spark's reason.
   */
  static Map<String, String> invalidExpressions(SourceSpec spec, Dataset<Row> noRows) {
    Map<String, String> invalid = new LinkedHashMap<>();
    FieldMapper.expressions(spec).forEach((key, sql) -> {
      if (spec.mappedColumns.containsKey(key)) {
        return;
      }
      try {
        noRows.select(expr(sql)).schema();
      } catch (Exception e) {  // AnalysisException, undeclared in Java
        invalid.put(key, String.format("mapping.%s expression '%s' is not valid over the export's columns: %s",
            key, sql, e.getMessage().split("\n")[0]));
      }
    });
    return invalid;
  }

  /** Per-source outcome counts, as decided and as found written. */
  static final class SourceCounts {
    long accepted;
    long duplicates;
    long outside;
    long filtered;
    /** Rows whose texts had mojibake undone (options.repair_mojibake). */
    long repaired;
    /** Ids accepted in any month (in the months ingested or not). */
    long idsAll;
    /** Rejected rows by reason, in any month. */
    final Map<String, Long> rejectedByReasonAll = new TreeMap<>();
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
      return accepted + quarantined() + duplicates + outside + filtered;
    }

    long outside() {
      return outside;
    }

    /** Rows judged by the expectations: all those read but the filtered ones, in any month. */
    long considered() {
      return read() - filtered;
    }

    long idsAll() {
      return idsAll;
    }

    long rejectedAll() {
      return rejectedByReasonAll.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("read", read());
      m.put("accepted", accepted);
      m.put("quarantined", quarantined());
      m.put("duplicates", duplicates);
      m.put(OUTSIDE, outside);
      m.put(FieldMapper.FILTERED, filtered);
      if (repaired > 0) {
        m.put("mojibake_repaired", repaired);
      }
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
