package io.grapevine.cli;

import io.grapevine.churn.TrainChurnJob;
import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "train-churn", mixinStandardHelpOptions = true,
    description = "Train and save the churn model on snapshots up to the month, tested out of time.")
final class TrainChurnCommand extends JobCommand {
  @Override
  List<StageRun> run(JobContext ctx) {
    return List.of(TrainChurnJob.run(ctx));
  }
}
