package io.grapevine.cli;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "run-all", mixinStandardHelpOptions = true,
    description = "The whole monthly pipeline: ingest, enrich, metrics, train-churn, score-churn, report.")
final class RunAllCommand extends JobCommand {
  @Mixin
  CatalogOptions catalogOptions;

  @Mixin
  MonthRangeOptions range;

  private SourceCatalog catalog;
  private Privacy privacy;

  @Override
  void preflight(GrapevineConfig config) {
    catalog = SourceCatalog.load(catalogOptions.catalog, new Configuration());
    privacy = Privacy.fromEnvironment(config.ingest.pseudonymKeyEnv, catalogOptions.devPseudonymKey);
  }

  @Override
  List<StageRun> run(JobContext ctx) {
    List<StageRun> runs = new ArrayList<>();
    runs.add(io.grapevine.ingest.IngestJob.run(ctx, catalog, privacy));
    // By default every month the exports hold, up to --month, so trends and churn have history.
    String from = range.from != null ? range.fromLabel(ctx.month())
        : ctx.storage().months(Table.FEEDBACK).stream().findFirst().orElse(ctx.monthLabel());
    if (from.compareTo(ctx.monthLabel()) > 0) {
      from = ctx.monthLabel();
    }
    runs.add(io.grapevine.enrich.EnrichJob.run(ctx, from));
    runs.add(io.grapevine.metrics.MetricsJob.run(ctx, from));
    runs.add(io.grapevine.churn.TrainChurnJob.run(ctx));
    runs.add(io.grapevine.churn.ScoreChurnJob.run(ctx, null));
    runs.add(io.grapevine.report.ReportJob.run(ctx));

    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("report_month", ctx.monthLabel());
    manifest.put("run_id", ctx.runId());
    manifest.put("seconds", runs.stream().mapToDouble(r -> r.seconds).sum());
    manifest.put("stages", runs);
    try {
      ctx.storage().writeText("manifest/" + ctx.monthLabel() + "/run_manifest.json",
          StageRun.JSON.writeValueAsString(manifest));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return runs;
  }
}
