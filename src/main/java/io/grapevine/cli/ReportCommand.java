package io.grapevine.cli;

import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.report.ReportJob;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write the month's executive report (HTML) and JSON summary.")
final class ReportCommand extends JobCommand {
  @Override
  List<StageRun> run(JobContext ctx) {
    return List.of(ReportJob.run(ctx));
  }
}
