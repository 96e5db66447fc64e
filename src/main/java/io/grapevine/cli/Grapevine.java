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
        SqlCommand.class, HistoryCommand.class, MaintainCommand.class, GenerateCommand.class})
public final class Grapevine implements Runnable {
  public static final int USER_ERROR = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  public static void main(String[] args) {
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
      for (Throwable t = ex; t != null; t = t.getCause()) {
        if (t instanceof UserInputException u) {
          cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + u.getMessage());
          cmd.getErr().flush();
          return USER_ERROR;
        }
      }
      throw ex;
    });
    return cl;
  }
}
