package io.grapevine.cli;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.core.UserInputException;
import io.grapevine.report.ReportJob;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write the month's executive report (HTML, PDF when Chromium is present) and JSON summary.")
final class ReportCommand extends JobCommand {
  @Option(names = "--as-of", paramLabel = "RUN",
      description = "Rebuild the report as run RUN left the outputs (every table read as of just after "
          + "that run's last commit; see 'grapevine history'), into reports/<month>/as-of-RUN/.")
  String asOfRun;

  @Override
  JobContext context(SparkSession spark, GrapevineConfig config) {
    JobContext now = super.context(spark, config);
    if (asOfRun == null) {
      return now;
    }
    String time = now.tables().timeAfterRun(asOfRun);
    if (time == null) {
      throw new UserInputException("No table under " + job.out + " has a commit of run " + asOfRun
          + ": 'grapevine history --out " + job.out + " TABLE' lists the runs");
    }
    return new JobContext(spark, job.out, job.month, config, JobContext.newRunId(), time);
  }

  @Override
  List<StageRun> run(JobContext ctx) {
    return List.of(ReportJob.run(ctx, asOfRun));
  }
}
