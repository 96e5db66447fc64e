package io.grapevine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.grapevine.churn.ScoreChurnJob;
import io.grapevine.churn.TrainChurnJob;
import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.core.Table;
import io.grapevine.enrich.EnrichJob;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import io.grapevine.metrics.MetricsJob;
import io.grapevine.report.ReportJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run-all", mixinStandardHelpOptions = true,
    description = "The whole monthly pipeline: ingest, enrich, metrics, train-churn, score-churn, "
        + "report; then manifest/<month>/run_manifest.json.")
public final class RunAllCommand extends CatalogJobCommand {
  @Mixin
  MonthRangeOptions range;

  @Override
  List<StageRun> run(JobContext ctx) {
    return pipeline(ctx, catalog, privacy, range.from == null ? null : range.fromLabel(ctx.month()));
  }

  /**
   * Every stage for the context's month. Enrich and metrics rebuild the months from {@code from}
   * (null: the first month the exports hold, so trends and churn have their history).
   */
  public static List<StageRun> pipeline(JobContext ctx, SourceCatalog catalog, Privacy privacy,
      String from) {
    List<StageRun> runs = new ArrayList<>();
    runs.add(IngestJob.run(ctx, catalog, privacy));
    String first = from != null ? from
        : ctx.storage().months(Table.FEEDBACK).stream().findFirst().orElse(ctx.monthLabel());
    if (first.compareTo(ctx.monthLabel()) > 0) {
      first = ctx.monthLabel();
    }
    runs.add(EnrichJob.run(ctx, first));
    runs.add(MetricsJob.run(ctx, first));
    runs.add(TrainChurnJob.run(ctx));
    runs.add(ScoreChurnJob.run(ctx, null));
    runs.add(ReportJob.run(ctx));

    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("report_month", ctx.monthLabel());
    manifest.put("run_id", ctx.runId());
    manifest.put("seconds", runs.stream().mapToDouble(r -> r.seconds).sum());
    manifest.put("stages", runs);
    try {
      ctx.storage().writeText("manifest/" + ctx.monthLabel() + "/run_manifest.json",
          StageRun.JSON.writeValueAsString(manifest));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return runs;
  }
}
