package io.grapevine.cli;

import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.metrics.MetricsJob;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = "Compute the monthly metric tables: feedback_enriched -> channel_monthly.")
final class MetricsCommand extends JobCommand {
  @Mixin
  MonthRangeOptions range;

  @Override
  List<StageRun> run(JobContext ctx) {
    return List.of(MetricsJob.run(ctx, range.fromLabel(ctx.month())));
  }
}
