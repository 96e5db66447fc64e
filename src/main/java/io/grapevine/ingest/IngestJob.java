package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.AccountSchema;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import io.grapevine.core.UserInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingest: every catalog source into {@code feedback} (partitioned by the month of each row's
 * {@code event_ts}), {@code accounts} (the run month's snapshot) and {@code quarantine} (the run
 * month's rejected rows with reasons). Duplicates of a {@code feedback_id} (or {@code account_id})
 * are removed and counted; per source, rows read = accepted + quarantined + duplicates.
 */
public final class IngestJob {
  static final String OUTCOME = "_gv_outcome";
  public static final String ACCEPTED = "accepted";
  public static final String QUARANTINED = "quarantined";
  public static final String DUPLICATE = "duplicate";

  private IngestJob() {}

  public static StageRun run(JobContext ctx, SourceCatalog catalog, Privacy privacy) {
    StageRun stage = ctx.startStage(Stages.INGEST);
    Map<String, ExportReader> readers = new LinkedHashMap<>();
    catalog.sources().forEach(s -> readers.put(s.name, ExportReader.forFormat(s.format)));
    validateAgainstExports(ctx, catalog, readers);

    List<Dataset<Row>> feedback = new ArrayList<>();
    List<Dataset<Row>> accounts = new ArrayList<>();
    for (SourceSpec spec : catalog.sources()) {
      Dataset<Row> raw = readers.get(spec.name).read(ctx.spark(), spec);
      FieldMapper mapper = new FieldMapper(spec, privacy);
      Dataset<Row> checked = mapper.check(raw);
      if (spec.kind == SourceSpec.Kind.FEEDBACK) {
        feedback.add(mapper.toFeedback(checked, ctx.runId()));
      } else {
        accounts.add(mapper.toAccounts(checked, ctx.runId(), ctx.monthLabel()));
      }
    }

    List<Dataset<Row>> marked = new ArrayList<>();
    if (!feedback.isEmpty()) {
      marked.add(markDuplicates(union(feedback), FeedbackSchema.FEEDBACK_ID)
          .persist(StorageLevel.MEMORY_AND_DISK()));
    }
    if (!accounts.isEmpty()) {
      marked.add(markDuplicates(union(accounts), AccountSchema.ACCOUNT_ID)
          .persist(StorageLevel.MEMORY_AND_DISK()));
    }

    Map<String, SourceCounts> counts = new TreeMap<>();
    catalog.sources().forEach(s -> counts.put(s.name, new SourceCounts()));
    // The months this run writes feedback for: the read-back below looks at those partitions only.
    java.util.SortedSet<String> months = new java.util.TreeSet<>();
    for (int i = 0; i < marked.size(); i++) {
      boolean isFeedback = i == 0 && !feedback.isEmpty();
      for (Row r : marked.get(i).groupBy(col(FeedbackSchema.SOURCE), col(OUTCOME), col(FieldMapper.REASON),
          col(FeedbackSchema.REPORT_MONTH)).count().collectAsList()) {
        counts.get(r.getString(0)).add(r.getString(1), r.getString(2), r.getLong(4));
        if (isFeedback && ACCEPTED.equals(r.getString(1))) {
          months.add(r.getString(3));
        }
      }
    }

    if (!feedback.isEmpty()) {
      Dataset<Row> accepted = marked.get(0).where(col(OUTCOME).equalTo(ACCEPTED))
          .select(FeedbackSchema.columnsWithMonth());
      ctx.storage().writeMonths(accepted, Table.FEEDBACK);
    }
    if (!accounts.isEmpty()) {
      Dataset<Row> m = marked.get(marked.size() - 1);
      List<Column> accountColumns = new ArrayList<>();
      for (String c : m.columns()) {
        if (!c.startsWith("_gv_") && !c.equals(FeedbackSchema.REPORT_MONTH)) {
          accountColumns.add(col(c));
        }
      }
      ctx.storage().writeMonth(m.where(col(OUTCOME).equalTo(ACCEPTED))
          .select(accountColumns.toArray(Column[]::new)), Table.ACCOUNTS, ctx.monthLabel());
    }
    Dataset<Row> quarantine = null;
    for (Dataset<Row> m : marked) {
      Dataset<Row> q = toQuarantine(m.where(col(OUTCOME).equalTo(QUARANTINED)));
      quarantine = quarantine == null ? q : quarantine.unionByName(q);
    }
    if (quarantine != null) {
      ctx.storage().writeMonth(quarantine, Table.QUARANTINE, ctx.monthLabel());
    }
    marked.forEach(Dataset::unpersist);
    List<String> runMonth = List.of(ctx.monthLabel());
    countWritten(ctx, feedback.isEmpty() ? null : Table.FEEDBACK, List.copyOf(months), counts, false);
    countWritten(ctx, accounts.isEmpty() ? null : Table.ACCOUNTS, runMonth, counts, false);
    countWritten(ctx, quarantine == null ? null : Table.QUARANTINE, runMonth, counts, true);

    long read = 0;
    long accepted = 0;
    long quarantined = 0;
    long duplicates = 0;
    Map<String, Object> perSource = new LinkedHashMap<>();
    for (Map.Entry<String, SourceCounts> e : counts.entrySet()) {
      SourceCounts c = e.getValue();
      if (c.read() != c.writtenAccepted + c.writtenQuarantined + c.duplicates) {
        throw new IllegalStateException("Counts of source " + e.getKey() + " do not reconcile: " + c);
      }
      read += c.read();
      accepted += c.accepted;
      quarantined += c.quarantined();
      duplicates += c.duplicates;
      perSource.put(e.getKey(), c.asMap());
    }
    stage.rowsIn = read;
    stage.rowsOut = accepted;
    stage.rowsQuarantined = quarantined;
    stage.detail("catalog", catalog.location())
        .detail("duplicates", duplicates)
        .detail("feedback_months", List.copyOf(months))
        .detail("sources", perSource)
        .detail("reconciled", true);
    return stage.finish(ctx.storage());
  }

  /** Adds the rows this run actually wrote, per source, read back from the months it wrote. */
  private static void countWritten(JobContext ctx, Table table, List<String> months,
      Map<String, SourceCounts> counts, boolean quarantine) {
    if (table == null || months.isEmpty()) {
      return;
    }
    for (Row r : ctx.storage().read(ctx.spark(), table)
        .where(col(FeedbackSchema.REPORT_MONTH).isin(months.toArray())
            .and(col(FeedbackSchema.RUN_ID).equalTo(ctx.runId())))
        .groupBy(FeedbackSchema.SOURCE).count().collectAsList()) {
      SourceCounts c = counts.get(r.getString(0));
      if (quarantine) {
        c.writtenQuarantined += r.getLong(1);
      } else {
        c.writtenAccepted += r.getLong(1);
      }
    }
  }

  /** Marks each row accepted, quarantined, or a duplicate of an earlier accepted row. */
  static Dataset<Row> markDuplicates(Dataset<Row> rows, String idColumn) {
    Column good = col(FieldMapper.REASON).isNull();
    Column rank = row_number().over(Window.partitionBy(col(idColumn), good)
        .orderBy(col(FeedbackSchema.INGEST_FILE), col(FeedbackSchema.INGEST_ROW)));
    return rows.withColumn(OUTCOME,
        when(functions.not(good), lit(QUARANTINED)).when(rank.gt(1), lit(DUPLICATE)).otherwise(lit(ACCEPTED)));
  }

  static Dataset<Row> toQuarantine(Dataset<Row> rejected) {
    return rejected.select(
        col(FeedbackSchema.SOURCE),
        col(FeedbackSchema.INGEST_FILE),
        col(FeedbackSchema.INGEST_ROW),
        col(FieldMapper.REASON).as("reason"),
        col(FieldMapper.MESSAGE).as("message"),
        Privacy.mask(col(RawColumns.RAW)).as("raw_record"),
        col(FeedbackSchema.RUN_ID));
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
    long writtenAccepted;
    long writtenQuarantined;
    final Map<String, Long> quarantinedByReason = new TreeMap<>();

    void add(String outcome, String reason, long n) {
      switch (outcome) {
        case ACCEPTED -> accepted += n;
        case DUPLICATE -> duplicates += n;
        default -> quarantinedByReason.merge(reason, n, Long::sum);
      }
    }

    long quarantined() {
      return quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    long read() {
      return accepted + quarantined() + duplicates;
    }

    Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("read", read());
      m.put("accepted", accepted);
      m.put("quarantined", quarantined());
      m.put("duplicates", duplicates);
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
