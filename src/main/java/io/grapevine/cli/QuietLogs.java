package io.grapevine.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * A quiet embedded run: Spark's and MLlib's log lines go to one file per run instead of the
 * terminal, which then shows only the jobs' own lines. The file is created on the first line logged,
 * so a run that logs nothing leaves none; {@link #lines()} says how many it holds. Only for a run
 * that started its own local session with log4j-core on the classpath; elsewhere (a cluster, a
 * notebook's session, {@code --verbose}) logging is left as configured.
 */
final class QuietLogs {
  private static final String APPENDER = "grapevine-run-log";
  private final Path file;

  private QuietLogs(Path file) {
    this.file = file;
  }

  /** Routes the root logger to {@code file}; null when logging is not log4j-core's to route. */
  static QuietLogs route(Path file) {
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
      return null;
    }
    Configuration config = context.getConfiguration();
    FileAppender appender = FileAppender.newBuilder()
        .setName(APPENDER)
        .withFileName(file.toString())
        .withCreateOnDemand(true)
        .withAppend(true)
        .setLayout(PatternLayout.newBuilder().withConfiguration(config)
            .withPattern("%d{yyyy-MM-dd HH:mm:ss} %p %c{1}: %m%n").build())
        .setConfiguration(config)
        .build();
    appender.start();
    config.addAppender(appender);
    LoggerConfig root = config.getRootLogger();
    for (String name : root.getAppenders().keySet()) {
      root.removeAppender(name);
    }
    root.addAppender(appender, null, null);
    // Loggers configured with their own appenders keep them; send those to the file too.
    for (LoggerConfig logger : config.getLoggers().values()) {
      if (logger != root) {
        for (String name : logger.getAppenders().keySet()) {
          logger.removeAppender(name);
        }
      }
    }
    context.updateLoggers();
    return new QuietLogs(file);
  }

  Path file() {
    return file;
  }

  /** Lines logged at WARN or above so far (0 when nothing was logged). */
  long lines() {
    if (!Files.exists(file)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(l -> l.contains(" " + Level.WARN.name() + " ") || l.contains(" " + Level.ERROR.name() + " ")
          || l.contains(" " + Level.FATAL.name() + " ")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops writing the file (at the end of the command). */
  void close() {
    if (LogManager.getContext(false) instanceof LoggerContext context) {
      Appender a = context.getConfiguration().getAppender(APPENDER);
      if (a != null) {
        a.stop();
      }
    }
  }
}
