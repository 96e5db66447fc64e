package io.grapevine.cli;

import io.grapevine.core.SafeCsv;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_json;

import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import io.grapevine.core.JobContext;
import io.grapevine.core.Layout;
import io.grapevine.core.Storage;
import io.grapevine.core.Tables;
import io.grapevine.core.UserInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Spark SQL over a run's output tables, for notebooks and scripts: every table under {@code --out}
 * is a view named after its folder; results come back as CSV (with a header) or JSON lines.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run Spark SQL over the output tables (every table under --out is a view of its name: "
        + "feedback_enriched, channel_monthly, themes, driver_monthly, alerts, survival, account_risk... "
        + "docs/tables.md lists them all) and print the result as CSV or JSON lines.")
final class SqlCommand implements Callable<Integer> {
  enum Format { csv, json }

  @Option(names = "--out", required = true, paramLabel = "URI", description = "The jobs' output location.")
  String out;

  @Option(names = "--format", paramLabel = "csv|json", description = "Result format (default ${DEFAULT-VALUE}).")
  Format format = Format.csv;

  @Option(names = "--save-dir", paramLabel = "DIR",
      description = "Write the result of the n-th query to DIR/qn.csv (or .jsonl) instead of printing it.")
  Path saveDir;

  @Option(names = "--max-rows", paramLabel = "N",
      description = "Rows returned per query at most (default ${DEFAULT-VALUE}); more is an error.")
  int maxRows = 1_000_000;

  @Option(names = "--raw",
      description = "Write cells as they are. By default a CSV cell that begins with =, +, -, @, a tab or a "
          + "carriage return (and is not a plain number) gets a leading ' so that a spreadsheet shows it as "
          + "text instead of running it as a formula.")
  boolean raw;

  @Option(names = "--verbose",
      description = "Print Spark's own log lines; by default they go to a file in the temporary folder.")
  boolean verbose;

  @Parameters(arity = "1..*", paramLabel = "QUERY", description = "SELECT statements, run in order.")
  List<String> queries = new ArrayList<>();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    // A query's output is its result only: Spark's start-up warnings go to a file, not the terminal.
    QuietLogs logs = !verbose && Sessions.wouldStartLocal() ? QuietLogs.route(Path.of(
        System.getProperty("java.io.tmpdir"), "grapevine", "sql-" + JobContext.newRunId() + ".log")) : null;
    Sessions.Owned owned = Sessions.create("sql");
    SparkSession spark = owned.spark();
    try {
      Tables tables = new Tables(spark, new Storage(new Layout(out), spark.sparkContext().hadoopConfiguration()),
          "sql", null);
      List<String> views = tables.registerViews();
      if (views.isEmpty()) {
        throw new UserInputException("No Grapevine tables under " + out + ": run a job (such as run-all) first");
      }
      if (saveDir != null) {
        Files.createDirectories(saveDir);
      }
      for (int i = 0; i < queries.size(); i++) {
        Dataset<Row> result = query(spark, queries.get(i), i + 1, views);
        if (saveDir == null) {
          PrintWriter w = spec.commandLine().getOut();
          write(result, w);
          w.flush();
        } else {
          Path file = saveDir.resolve("q" + (i + 1) + (format == Format.csv ? ".csv" : ".jsonl"));
          try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(result, w);
          }
        }
      }
      return 0;
    } finally {
      owned.close();
      if (logs != null) {
        logs.close();
      }
    }
  }

  private Dataset<Row> query(SparkSession spark, String sql, int n, List<String> views) {
    Dataset<Row> result;
    try {
      result = spark.sql(sql);
      result.schema();
    } catch (Exception e) {
      // Scala throws AnalysisException (parse errors included) without declaring it.
      if (!(e instanceof AnalysisException)) {
        throw e;
      }
      throw new UserInputException(String.format("Query %d: %s (tables: %s)", n,
          e.getMessage().split("\n")[0], String.join(", ", views)));
    }
    return result;
  }

  private void write(Dataset<Row> result, Writer w) throws IOException {
    Dataset<Row> rows = result.limit(maxRows + 1);
    long written = 0;
    if (format == Format.json) {
      for (Iterator<String> it = rows.toJSON().toLocalIterator(); it.hasNext(); ) {
        checkRows(++written);
        w.write(it.next());
        w.write('\n');
      }
      return;
    }
    CsvWriterSettings settings = new CsvWriterSettings();
    settings.getFormat().setLineSeparator("\n");
    settings.setQuoteEscapingEnabled(true);
    CsvWriter csv = new CsvWriter(w, settings);
    csv.writeHeaders(result.columns());
    for (Iterator<Row> it = asText(rows).toLocalIterator(); it.hasNext(); ) {
      checkRows(++written);
      Row r = it.next();
      Object[] values = new Object[r.size()];
      for (int i = 0; i < r.size(); i++) {
        values[i] = raw ? r.get(i) : SafeCsv.cell(r.get(i));
      }
      csv.writeRow(values);
    }
    csv.flush();
  }

  private void checkRows(long written) {
    if (written > maxRows) {
      throw new UserInputException("The result has more than " + maxRows
          + " rows: aggregate in SQL, add a LIMIT, or raise --max-rows");
    }
  }

  /** Every column as text: plain values as Spark writes them, nested ones (arrays, maps) as JSON. */
  private static Dataset<Row> asText(Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      Column c = col("`" + f.name().replace("`", "``") + "`");
      cols.add((f.dataType() instanceof AtomicType ? c.cast("string") : to_json(c)).as(f.name()));
    }
    return rows.select(cols.toArray(new Column[0]));
  }
}
