package io.grapevine.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.desc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.grapevine.churn.ModelCard;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.Sentiment;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import io.grapevine.metrics.MixAdjustedChange;
import io.grapevine.metrics.Proportions;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Report: the month's executive report ({@code reports/<month>/report.html}, self-contained, with
 * charts; a PDF of it when Chromium is present) and a JSON summary beside it, built from the gold
 * tables and the stage manifests only.
 */
public final class ReportJob {
  private ReportJob() {}

  public static StageRun run(JobContext ctx) {
    return run(ctx, null);
  }

  /**
   * The report of the context's month; with {@code asOfRun}, as that run left the outputs (the
   * context then reads every table as of the time after the run's last commit, and the report goes
   * to {@code reports/MONTH/as-of-RUN/}).
   */
  public static StageRun run(JobContext ctx, String asOfRun) {
    StageRun stage = ctx.startStage(Stages.REPORT);
    ctx.tables().require(Table.CHANNEL_MONTHLY, Stages.METRICS);
    String month = ctx.monthLabel();
    String previous = Months.label(ctx.month().minusMonths(1));
    double confidence = ctx.config().metrics.confidence;

    List<TableRow> channels = TableRow.of(Table.CHANNEL_MONTHLY, FeedbackSchema.CHANNEL,
        ctx.tables().read(Table.CHANNEL_MONTHLY, month, month).orderBy(FeedbackSchema.CHANNEL).collectAsList());

    // The month's totals over all channels, in one aggregation whose expressions also trace them.
    Map<String, Row> byMonth = MonthTotals.totals(ctx, previous, month, confidence);
    Row totals = byMonth.get(month);
    Double rate = totals.getAs("negativity_rate");
    Double before = rate == null || !byMonth.containsKey(previous) ? null
        : byMonth.get(previous).<Double>getAs("negativity_rate");
    MonthTotals.Change change = null;
    if (before != null) {
      // All sources together, split the way the metrics split a channel's change: mood or mix.
      List<Row> within = MixAdjustedChange.within(ctx.tables().read(Table.SOURCE_MONTHLY, previous, month)
          .select(FeedbackSchema.REPORT_MONTH, FeedbackSchema.SOURCE, "negative", "labelled"), List.of())
          .where(col(FeedbackSchema.REPORT_MONTH).equalTo(month)).collectAsList();
      Double withinChange = within.isEmpty() || within.get(0).isNullAt(1) ? null : within.get(0).getDouble(1);
      double variance = within.isEmpty() || within.get(0).isNullAt(2) ? 0 : within.get(0).getDouble(2);
      change = new MonthTotals.Change(withinChange, withinChange == null ? null : rate - before - withinChange,
          withinChange == null || variance <= 0 ? null
              : Proportions.normalTwoSidedPValue(withinChange / Math.sqrt(variance)));
    }
    MonthTotals.Headline headline = MonthTotals.headline(totals, before, change,
        ctx.config().report.minLabelledShare);
    MonthTotals.WordOfMouth wom = MonthTotals.wordOfMouth(totals, confidence,
        ctx.config().metrics.toldManyThreshold);
    String first = Months.label(ctx.month().minusMonths(ctx.config().report.trendMonths - 1L));

    // The themes as of this month, read once: names and quotes for the sections below.
    Map<String, Row> themes = WhatToFix.catalog(ctx);
    boolean drivers = ctx.tables().hasMonth(Table.THEME_MONTHLY, month)
        && ctx.tables().hasMonth(Table.DRIVER_MONTHLY, month);
    // Only alerts are rows: a quiet month has no partition, and the report says so.
    List<WhatToFix.Alert> alerts = ctx.tables().exists(Table.ALERTS)
        ? WhatToFix.alerts(ctx, themes, month, ctx.config().report.topAccounts) : null;
    List<TableRow> speed = ctx.tables().hasMonth(Table.RESPONSE_QUALITY_MONTHLY, month)
        ? TableRow.of(Table.RESPONSE_QUALITY_MONTHLY, FeedbackSchema.CHANNEL,
            ctx.tables().read(Table.RESPONSE_QUALITY_MONTHLY, month, month).orderBy(FeedbackSchema.CHANNEL)
                .collectAsList())
        : null;
    List<StageRun> runs = StageRun.readAll(ctx.storage(), month, Stages.ORDER, asOfRun);
    Summary summary = new Summary(month, previous, ctx.config().report.minLabelledShare, headline, channels, wom,
        first, negativityTrend(ctx, first, month), voices(ctx, month),
        drivers ? WhatToFix.themes(ctx, themes, month, ctx.config().report.topThemes) : null,
        drivers ? WhatToFix.churnDrivers(ctx, themes, month, 3) : null, alerts, speed,
        RiskSection.read(ctx, first, month), modelCard(ctx, month), runs);

    String json;
    try {
      json = StageRun.JSON.writeValueAsString(summary);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String dir = asOfRun == null ? ctx.layout().reports(month) : ctx.layout().reports(month) + "/as-of-" + asOfRun;
    ctx.storage().writeText(dir + "/summary.json", json, Stages.REPORT + ".summary.written");
    String html = dir + "/report.html";
    ctx.storage().writeText(html, ReportPage.render(summary), Stages.REPORT + ".html.written");
    stage.detail("actions", ActionList.write(ctx));
    stage.rowsIn = channels.size();
    stage.rowsOut = 1;
    stage.detail("report", html);
    if (asOfRun != null) {
      stage.detail("as_of_run", asOfRun).detail("as_of", ctx.tables().asOf());
    }
    stage.detail("pdf", Pdf.print(html, dir + "/report.pdf", ctx.config().report));
    if (asOfRun != null) {
      return stage;  // a rebuilt report is not the month's latest run of the stage
    }
    return stage.finish(ctx.storage());
  }

  /** Negativity rate per channel and month, for the trend chart: channel, then month, then rate. */
  private static Map<String, Map<String, Double>> negativityTrend(JobContext ctx, String first, String month) {
    Map<String, Map<String, Double>> trend = new java.util.TreeMap<>();
    for (Row r : ctx.tables().read(Table.CHANNEL_MONTHLY, first, month)
        .where(col("negativity_rate").isNotNull())
        .select(FeedbackSchema.CHANNEL, FeedbackSchema.REPORT_MONTH, "negativity_rate").collectAsList()) {
      trend.computeIfAbsent(r.getString(0), k -> new java.util.TreeMap<>()).put(r.getString(1), r.getDouble(2));
    }
    return trend;
  }

  /** The month's negative feedback with text that reached the most people (observed reach first). */
  private static List<TableRow> voices(JobContext ctx, String month) {
    if (ctx.config().report.quotes == 0 || !ctx.tables().hasMonth(Table.FEEDBACK_ENRICHED, month)) {
      return List.of();
    }
    return TableRow.of(Table.FEEDBACK_ENRICHED, FeedbackSchema.FEEDBACK_ID,
        ctx.tables().read(Table.FEEDBACK_ENRICHED, month, month)
            .where(col(FeedbackSchema.SENTIMENT_LABEL).equalTo(Sentiment.NEGATIVE)
                .and(col(FeedbackSchema.TEXT).isNotNull()).and(col(FeedbackSchema.REACH).isNotNull()))
            .orderBy(desc(FeedbackSchema.REACH), col(FeedbackSchema.FEEDBACK_ID))
            .limit(ctx.config().report.quotes)
            .select(FeedbackSchema.FEEDBACK_ID, FeedbackSchema.CHANNEL, FeedbackSchema.SOURCE,
                FeedbackSchema.REACH, FeedbackSchema.REACH_BASIS, FeedbackSchema.TEXT)
            .collectAsList());
  }

  /** The churn model card of the month's latest models, as written; null without one. */
  private static JsonNode modelCard(JobContext ctx, String month) {
    String models = ctx.storage().current(ctx.layout().churnModels(month));
    String card = models == null ? null : models + "/" + ModelCard.FILE;
    if (card == null || !ctx.storage().exists(card)) {
      return null;
    }
    try {
      return StageRun.JSON.readTree(ctx.storage().readText(card));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable " + card, e);
    }
  }
}
