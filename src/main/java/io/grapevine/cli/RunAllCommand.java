package io.grapevine.cli;

import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.pipeline.Pipeline;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run-all", mixinStandardHelpOptions = true,
    description = "The whole monthly pipeline: ingest, enrich, metrics, train-churn, score-churn, "
        + "report; then manifest/<month>/run_manifest.json.")
public final class RunAllCommand extends CatalogJobCommand {
  @Option(names = "--from", paramLabel = "YYYY-MM", converter = JobOptions.MonthConverter.class,
      description = "First month to ingest and rebuild; default: every month the exports hold up to --month.")
  java.time.YearMonth from;

  @Override
  List<StageRun> run(JobContext ctx) {
    String first = from == null ? null : io.grapevine.core.Months.label(from);
    return Pipeline.runAll(ctx, catalog, privacy, first, this::print);
  }
}
