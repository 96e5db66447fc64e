package io.grapevine.cli;

import io.grapevine.core.Layout;
import io.grapevine.core.Storage;
import io.grapevine.core.Table;
import io.grapevine.core.Tables;
import io.grapevine.core.UserInputException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "history", mixinStandardHelpOptions = true,
    description = "List a table's versions, newest first: version, time, run, stage, operation, rows "
        + "written, rows removed. 'grapevine report --as-of RUN' rebuilds a report from those versions.")
final class HistoryCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "URI", description = "The jobs' output location.")
  String out;

  @Parameters(paramLabel = "TABLE", description = "A table: feedback, channel_monthly, account_risk, ...")
  String table;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    Table t = Arrays.stream(Table.values()).filter(x -> x.dirName().equals(table)).findFirst()
        .orElseThrow(() -> new UserInputException("Unknown table '" + table + "': expected one of "
            + Arrays.stream(Table.values()).map(Table::dirName).toList()));
    Sessions.Owned owned = Sessions.create("history");
    SparkSession spark = owned.spark();
    try {
      Tables tables = new Tables(spark, new Storage(new Layout(out), spark.sparkContext().hadoopConfiguration()),
          "history", null);
      if (!tables.exists(t)) {
        throw new UserInputException("No " + table + " table under " + out);
      }
      PrintWriter w = spec.commandLine().getOut();
      w.printf("%-8s %-24s %-34s %-12s %-10s %12s %12s%n", "version", "time", "run", "stage", "operation",
          "rows_written", "rows_removed");
      for (Tables.Version v : tables.history(t)) {
        w.printf("%-8d %-24s %-34s %-12s %-10s %12s %12s%n", v.version(), v.timestamp(),
            v.runId() == null ? "-" : v.runId(), v.stage() == null ? "-" : v.stage(), v.operation(),
            v.rowsWritten() == null ? "-" : String.format("%,d", v.rowsWritten()),
            v.rowsRemoved() == null ? "-" : String.format("%,d", v.rowsRemoved()));
      }
      w.flush();
      return 0;
    } finally {
      owned.close();
    }
  }
}
