package io.grapevine.cli;

import io.grapevine.core.Layout;
import io.grapevine.core.Storage;
import io.grapevine.core.Tables;
import io.grapevine.core.UserInputException;
import io.grapevine.metrics.AlertFeed;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "alerts", mixinStandardHelpOptions = true,
    description = "Print the alerts (spikes of negative feedback by day or week, channel and theme) whose "
        + "period starts on or after a day, newest first; --jsonl writes the same rows as JSON lines.")
final class AlertsCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "URI", description = "The jobs' output location.")
  String out;

  @Option(names = "--since", required = true, paramLabel = "YYYY-MM-DD", description = "First day of the periods shown.")
  String since;

  @Option(names = "--jsonl", paramLabel = "FILE", description = "Also write the alerts as JSON lines to this file.")
  Path jsonl;

  @Option(names = "--verbose",
      description = "Print Spark's own log lines; by default they go to a file in the temporary folder.")
  boolean verbose;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    LocalDate day;
    try {
      day = LocalDate.parse(since);
    } catch (DateTimeParseException e) {
      throw new UserInputException("--since '" + since + "' is not a day: expected YYYY-MM-DD, such as 2026-10-01");
    }
    // The alerts are the output: Spark's start-up warnings go to a file, not the terminal.
    QuietLogs logs = !verbose && Sessions.wouldStartLocal() ? QuietLogs.route(Path.of(
        System.getProperty("java.io.tmpdir"), "grapevine", "alerts-" + io.grapevine.core.JobContext.newRunId() + ".log"))
        : null;
    Sessions.Owned owned = Sessions.create("alerts");
    SparkSession spark = owned.spark();
    try {
      Tables tables = new Tables(spark, new Storage(new Layout(out), spark.sparkContext().hadoopConfiguration()),
          "alerts", null);
      List<Map<String, Object>> alerts = AlertFeed.since(tables, day);
      PrintWriter w = spec.commandLine().getOut();
      w.printf("%d alert%s since %s%n", alerts.size(), alerts.size() == 1 ? "" : "s", day);
      alerts.forEach(a -> w.println(AlertFeed.line(a)));
      w.flush();
      if (jsonl != null) {
        StringBuilder lines = new StringBuilder();
        alerts.forEach(a -> lines.append(AlertFeed.json(a)).append('\n'));
        Files.writeString(jsonl, lines.toString(), StandardCharsets.UTF_8);
      }
      return 0;
    } finally {
      owned.close();
      if (logs != null) {
        logs.close();
      }
    }
  }
}
