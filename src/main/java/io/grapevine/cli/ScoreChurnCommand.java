package io.grapevine.cli;

import io.grapevine.churn.ScoreChurnJob;
import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "score-churn", mixinStandardHelpOptions = true,
    description = "Score accounts active at the end of the month: account_risk with tiers and reasons.")
final class ScoreChurnCommand extends JobCommand {
  @Option(names = "--model", paramLabel = "VERSION|URI",
      description = "A model version under --out (churn-2026-09) or a saved model folder; "
          + "default: the model trained for --month.")
  String model;

  @Override
  List<StageRun> run(JobContext ctx) {
    return List.of(ScoreChurnJob.run(ctx, model));
  }
}
