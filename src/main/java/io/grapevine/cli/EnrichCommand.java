package io.grapevine.cli;

import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.enrich.EnrichJob;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "enrich", mixinStandardHelpOptions = true,
    description = "Decide sentiment for feedback: feedback -> feedback_enriched.")
final class EnrichCommand extends JobCommand {
  @Mixin
  MonthRangeOptions range;

  @Override
  List<StageRun> run(JobContext ctx) {
    return List.of(EnrichJob.run(ctx, range.fromLabel(ctx.month())));
  }
}
