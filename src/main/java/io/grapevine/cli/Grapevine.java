package io.grapevine.cli;

import io.grapevine.core.UserInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command-line entry point: {@code grapevine SUBCOMMAND [options]}. */
@Command(name = "grapevine", mixinStandardHelpOptions = true, version = "grapevine 0.1.0",
    description = "Word-of-mouth and churn-risk analytics on Apache Spark.",
    subcommands = {IngestCommand.class, EnrichCommand.class, MetricsCommand.class,
        TrainChurnCommand.class, ScoreChurnCommand.class, ReportCommand.class, RunAllCommand.class,
        SqlCommand.class, AlertsCommand.class, ActionsCommand.class, HistoryCommand.class, MaintainCommand.class, GenerateCommand.class})
public final class Grapevine implements Runnable {
  public static final int USER_ERROR = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  public static void main(String[] args) {
    // Before the catalog check's first look at a file: Hadoop keeps the local file system it made first.
    // The master as spark-submit or the launcher gives it; tests and benchmarks install it for their sessions.
    io.grapevine.core.localfs.LocalFiles.installFor(System.getProperty("spark.master", "local[*]"));
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it without exiting the JVM. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Grapevine());
    cl.setParameterExceptionHandler((ex, args) -> {
      CommandLine cmd = ex.getCommandLine();
      PrintWriter err = cmd.getErr();
      String message = ex.getMessage();
      if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
          && !cmd.getCommandSpec().subcommands().isEmpty()) {
        message = "Unknown subcommand '" + u.getUnmatched().get(0) + "': expected one of "
            + String.join(", ", cmd.getSubcommands().keySet());
      }
      err.println(cmd.getCommandName() + ": " + message + " (see '"
          + cmd.getCommandSpec().qualifiedName() + " --help')");
      err.flush();
      return USER_ERROR;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
      String name = cmd.getCommandSpec().qualifiedName();
      for (Throwable t = ex; t != null; t = t.getCause()) {
        if (t instanceof io.grapevine.ingest.IngestJob.ExpectationsFailed f) {
          f.breaches().forEach(b -> cmd.getErr().println(name + ": " + b));
          cmd.getErr().flush();
          return io.grapevine.ingest.IngestJob.ExpectationsFailed.EXIT_STATUS;
        }
        if (t instanceof UserInputException u) {
          cmd.getErr().println(name + ": " + u.getMessage());
          cmd.getErr().flush();
          return USER_ERROR;
        }
      }
      // Not something the user did: one line here, the whole trace in a file beside.
      java.nio.file.Path trace = null;
      try {
        trace = java.nio.file.Files.createTempFile("grapevine-error-", ".log");
        java.io.StringWriter w = new java.io.StringWriter();
        ex.printStackTrace(new PrintWriter(w));
        java.nio.file.Files.writeString(trace, w.toString());
      } catch (java.io.IOException ignored) {
        // the one line below still says what failed
      }
      cmd.getErr().println(name + ": failed: " + io.grapevine.core.Failures.rootMessage(ex)
          + (trace == null ? "" : " (stack trace in " + trace + ")"));
      cmd.getErr().flush();
      return 1;
    });
    return cl;
  }
}
