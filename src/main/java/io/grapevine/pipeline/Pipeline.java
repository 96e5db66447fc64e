package io.grapevine.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.grapevine.churn.ScoreChurnJob;
import io.grapevine.churn.TrainChurnJob;
import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
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
import java.util.function.Consumer;

/**
 * The whole monthly pipeline for one month, stage after stage in one session: ingest, enrich,
 * metrics, train-churn, score-churn, report; then the month's run manifest, which gathers the
 * stages' records. Without accounts the churn stages are skipped, said in their lines, and the
 * report has no churn section.
 */
public final class Pipeline {
  private Pipeline() {}

  /**
   * Every stage for the context's month. Ingest takes the exports' months from {@code from} (null:
   * every month they hold up to the run month); enrich and metrics rebuild the months from
   * {@code from} (null: the first month in {@code feedback}), so trends and churn have their history.
   */
  public static List<StageRun> runAll(JobContext ctx, SourceCatalog catalog, Privacy privacy, String from) {
    return runAll(ctx, catalog, privacy, from, r -> {});
  }

  /** As {@link #runAll(JobContext, SourceCatalog, Privacy, String)}, telling {@code done} of each stage as it ends. */
  public static List<StageRun> runAll(JobContext ctx, SourceCatalog catalog, Privacy privacy, String from,
      Consumer<StageRun> done) {
    List<StageRun> runs = new ArrayList<>();
    Consumer<StageRun> add = r -> {
      runs.add(r);
      done.accept(r);
    };
    add.accept(IngestJob.run(ctx, catalog, privacy, new MonthRange(from, ctx.monthLabel())));
    String first = from != null ? from
        : ctx.tables().months(Table.FEEDBACK).stream().findFirst().orElse(ctx.monthLabel());
    if (first.compareTo(ctx.monthLabel()) > 0) {
      first = ctx.monthLabel();
    }
    add.accept(EnrichJob.run(ctx, first));
    add.accept(MetricsJob.run(ctx, first));
    if (ctx.tables().exists(Table.ACCOUNTS)) {
      add.accept(TrainChurnJob.run(ctx));
      add.accept(ScoreChurnJob.run(ctx, null));
    } else {
      // Feedback alone: everything but churn risk, which needs accounts.
      for (String stage : List.of(Stages.TRAIN_CHURN, Stages.SCORE_CHURN)) {
        add.accept(StageRun.start(stage, ctx.monthLabel(), ctx.runId()).detail(StageRun.SKIPPED,
            "no accounts export in the catalog (a source of kind: accounts; docs/churn.md)"));
      }
    }
    add.accept(ReportJob.run(ctx));

    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("report_month", ctx.monthLabel());
    manifest.put("run_id", ctx.runId());
    manifest.put("seconds", runs.stream().mapToDouble(r -> r.seconds).sum());
    manifest.put("stages", runs);
    try {
      ctx.storage().writeText(ctx.layout().runManifest(ctx.monthLabel()),
          StageRun.JSON.writeValueAsString(manifest), "run-all.manifest");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return runs;
  }
}
