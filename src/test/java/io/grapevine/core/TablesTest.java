package io.grapevine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table's months come from its current files; they agree with its rows, now and as of a past run. */
class TablesTest {
  @TempDir
  Path dir;

  private static List<String> monthsOfRows(Tables tables, Table table) {
    return tables.read(table).select(FeedbackSchema.REPORT_MONTH).distinct().collectAsList().stream()
        .map(r -> r.getString(0)).sorted().toList();
  }

  @Test
  void monthsAreThoseWithRowsAsDeltaListsTheFiles() throws Exception {
    SparkSession spark = SparkTestSession.get();
    JobContext ctx = new JobContext(spark, dir.toString(), Months.parse("2026-03"), SparkTestSession.config());
    Tables tables = ctx.tables();
    assertThat(tables.months(Table.THEMES)).isEmpty();
    assertThat(tables.hasMonth(Table.THEMES, "2026-01")).isFalse();

    Dataset<Row> rows = spark.sql("SELECT * FROM VALUES ('2026-01', 'a'), ('2026-01', 'b'), ('2026-03', 'c'), "
        + "('2025-12', 'd') AS t(report_month, word)");
    tables.replaceMonths(Table.THEMES, rows, Tables.Scope.all());
    assertThat(tables.months(Table.THEMES)).containsExactly("2025-12", "2026-01", "2026-03")
        .isEqualTo(monthsOfRows(tables, Table.THEMES));
    assertThat(tables.hasMonth(Table.THEMES, "2026-01")).isTrue();
    assertThat(tables.hasMonth(Table.THEMES, "2026-02")).isFalse();
    String before = tables.timeAfterRun(ctx.runId());
    // Delta dates a commit by its log file's time, as coarse as a second on some file systems: the next
    // commit a second later, so that this time names the first commit alone.
    Thread.sleep(1100);

    // A month replaced by no rows has no files left, so it is no longer one of the table's months.
    JobContext later = new JobContext(spark, dir.toString(), Months.parse("2026-03"), SparkTestSession.config());
    later.tables().replaceMonth(Table.THEMES, spark.sql("SELECT 'x' AS word WHERE false"), "2026-01", null);
    assertThat(later.tables().months(Table.THEMES)).containsExactly("2025-12", "2026-03")
        .isEqualTo(monthsOfRows(later.tables(), Table.THEMES));
    assertThat(later.tables().hasMonth(Table.THEMES, "2026-01")).isFalse();

    // Read as the first run left the outputs (time travel), the month is there again.
    Tables asBefore = new Tables(spark, later.storage(), "reader", before);
    assertThat(asBefore.months(Table.THEMES)).containsExactly("2025-12", "2026-01", "2026-03")
        .isEqualTo(monthsOfRows(asBefore, Table.THEMES));
  }

  @Test
  void aTableNotLaidOutByMonthIsAskedItsRows() {
    // Written by another tool (a notebook's overwrite, a copy) without report_month folders: no file names
    // a month, so the months come from the rows.
    SparkSession spark = SparkTestSession.get();
    JobContext ctx = new JobContext(spark, dir.toString(), Months.parse("2026-03"), SparkTestSession.config());
    spark.sql("SELECT * FROM VALUES ('2026-02', 'a'), ('2025-11', 'b'), ('2026-02', 'c') AS t(report_month, word)")
        .write().format("delta").save(ctx.tables().path(Table.THEMES));
    assertThat(ctx.tables().months(Table.THEMES)).containsExactly("2025-11", "2026-02");
    assertThat(ctx.tables().hasMonth(Table.THEMES, "2026-02")).isTrue();
  }
}
