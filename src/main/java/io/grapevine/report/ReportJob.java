package io.grapevine.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.desc;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.grapevine.churn.ScoreChurnJob;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("report_month", month);
    summary.put("previous_month", previous);
    summary.put("min_labelled_share", ctx.config().report.minLabelledShare);

    List<Map<String, Object>> channels = new ArrayList<>();
    for (Row r : ctx.tables().read(Table.CHANNEL_MONTHLY, month, month)
        .orderBy(FeedbackSchema.CHANNEL).collectAsList()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("channel", r.getAs(FeedbackSchema.CHANNEL));
      for (String f : List.of("volume", "labelled", "negative", "positive", "complaints",
          "reach_observed", "reach_observed_negative", "reach_observed_positive")) {
        c.put(f, r.getAs(f));
      }
      for (String f : List.of("negativity_rate", "negativity_ci_low", "negativity_ci_high",
          "net_sentiment", "nps", "negative_voice_share", "labelled_share", "negativity_rate_adjusted")) {
        c.put(f, r.getAs(f));
      }
      if (r.getAs("negativity_rate_previous") != null) {
        c.put("negativity_rate_previous", r.getAs("negativity_rate_previous"));
        // Only the change within sources is tested: a change of source mix is not a change of mood.
        c.put("negativity_change_p_value", r.getAs(MixAdjustedChange.P_ADJUSTED));
        c.put("negativity_change_within", r.getAs(MixAdjustedChange.WITHIN));
        c.put("negativity_change_mix", r.getAs(MixAdjustedChange.MIX));
      }
      channels.add(c);
    }

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
    summary.put("headline", headline);
    summary.put("channels", channels);
    summary.put("word_of_mouth", wom);
    String first = Months.label(ctx.month().minusMonths(ctx.config().report.trendMonths - 1L));
    summary.put("trend_from", first);
    summary.put("negativity_trend", negativityTrend(ctx, first, month));
    summary.put("voices", voices(ctx, month));

    // The themes as of this month, read once: names and quotes for the sections below.
    Map<String, Row> themes = WhatToFix.catalog(ctx);
    if (ctx.tables().hasMonth(Table.THEME_MONTHLY, month) && ctx.tables().hasMonth(Table.DRIVER_MONTHLY, month)) {
      summary.put("what_to_fix", WhatToFix.themes(ctx, themes, month, ctx.config().report.topThemes));
      summary.put("churn_drivers", WhatToFix.churnDrivers(ctx, themes, month, 3));
    }
    // Only alerts are rows: a quiet month has no partition, and the report says so.
    if (ctx.tables().exists(Table.ALERTS)) {
      summary.put("alerts", WhatToFix.alerts(ctx, themes, month, ctx.config().report.topAccounts));
    }
    if (ctx.tables().hasMonth(Table.RESPONSE_QUALITY_MONTHLY, month)) {
      List<Map<String, Object>> speed = new ArrayList<>();
      for (Row r : ctx.tables().read(Table.RESPONSE_QUALITY_MONTHLY, month, month)
          .orderBy(FeedbackSchema.CHANNEL).collectAsList()) {
        Map<String, Object> c = new LinkedHashMap<>();
        for (String f : r.schema().fieldNames()) {
          if (!f.equals(FeedbackSchema.REPORT_MONTH)) {
            c.put(f, r.getAs(f));
          }
        }
        speed.add(c);
      }
      summary.put("speed", speed);
    }
    if (ctx.tables().hasMonth(Table.ACCOUNT_RISK, month)) {
      var risk = ctx.tables().read(Table.ACCOUNT_RISK, month, month);
      Map<String, Long> tiers = new LinkedHashMap<>();
      for (String t : List.of("red", "yellow", "green")) {
        tiers.put(t, 0L);
      }
      // One pass per tier: accounts, revenue at risk, expected lifetime and remaining value. Accounts
      // scored before a column existed (an earlier run, --as-of) have it null.
      List<String> columns = List.of(risk.columns());
      boolean valued = columns.contains(ScoreChurnJob.REVENUE_AT_RISK);
      List<Row> byTier = risk.groupBy("tier").agg(org.apache.spark.sql.functions.count(lit(1)),
          org.apache.spark.sql.functions.sum(orNull(columns, ScoreChurnJob.REVENUE_AT_RISK)),
          org.apache.spark.sql.functions.avg(orNull(columns, io.grapevine.churn.Survival.EXPECTED_LIFETIME)),
          org.apache.spark.sql.functions.sum(orNull(columns, io.grapevine.churn.Survival.REMAINING_VALUE)))
          .collectAsList();
      Map<String, Double> atRisk = new LinkedHashMap<>();
      for (Row r : byTier) {
        tiers.put(r.getString(0), r.getLong(1));
        if (!r.isNullAt(2)) {
          atRisk.put(r.getString(0), r.getDouble(2));
        }
      }
      summary.put("risk_tiers", tiers);
      if (!atRisk.isEmpty()) {
        summary.put("revenue_at_risk", atRisk);
      }
      List<Map<String, Object>> top = new ArrayList<>();
      for (Row r : risk.where(col("tier").equalTo("red")).orderBy(desc("churn_probability"))
          .limit(ctx.config().report.topAccounts).collectAsList()) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("account_id", r.getAs("account_id"));
        a.put("churn_probability", r.getAs("churn_probability"));
        a.put("reasons", r.getList(r.fieldIndex("reasons")));
        a.put(ScoreChurnJob.REVENUE_AT_RISK, valued ? r.getAs(ScoreChurnJob.REVENUE_AT_RISK) : null);
        top.add(a);
      }
      summary.put("top_red_accounts", top);
      List<Map<String, Object>> advocates = new ArrayList<>();
      for (Row r : risk.where(col(ScoreChurnJob.ADVOCATE)).orderBy(col("churn_probability"), col("account_id"))
          .limit(ctx.config().report.topAccounts).collectAsList()) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("account_id", r.getAs("account_id"));
        a.put("churn_probability", r.getAs("churn_probability"));
        a.put("last_nps", r.getAs("last_nps"));
        advocates.add(a);
      }
      summary.put("advocates", advocates);
      Map<String, Map<String, Double>> tierTrend = new LinkedHashMap<>();
      for (String t : List.of(ScoreChurnJob.RED, ScoreChurnJob.YELLOW, ScoreChurnJob.GREEN)) {
        tierTrend.put(t, new java.util.TreeMap<>());
      }
      for (Row r : ctx.tables().read(Table.ACCOUNT_RISK, first, month)
          .groupBy(FeedbackSchema.REPORT_MONTH, ScoreChurnJob.TIER).count().collectAsList()) {
        tierTrend.computeIfAbsent(r.getString(1), k -> new java.util.TreeMap<>())
            .put(r.getString(0), (double) r.getLong(2));
      }
      summary.put("risk_trend", tierTrend);
      // The Kaplan-Meier curves (a row per tier and month): read once for the table and the chart.
      List<Row> curves = ctx.tables().hasMonth(Table.SURVIVAL, month)
          ? ctx.tables().read(Table.SURVIVAL, month, month).orderBy("month").collectAsList() : List.of();
      summary.put("staying", staying(byTier, curves));
      summary.put("staying_horizon_months", ctx.config().churn.survival.maxMonths);
      summary.put("survival_curves", survivalCurves(curves));
    }
    String models = ctx.storage().current(ctx.layout().churnModels(month));
    String card = models == null ? null : models + "/" + ModelCard.FILE;
    if (card != null && ctx.storage().exists(card)) {
      try {
        summary.put("churn_model", StageRun.JSON.readTree(ctx.storage().readText(card)));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Unreadable " + card, e);
      }
    }
    List<StageRun> runs = StageRun.readAll(ctx.storage(), month, Stages.ORDER, asOfRun);
    summary.put("stages", runs);

    String json;
    try {
      json = StageRun.JSON.writeValueAsString(summary);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String dir = asOfRun == null ? ctx.layout().reports(month) : ctx.layout().reports(month) + "/as-of-" + asOfRun;
    ctx.storage().writeText(dir + "/summary.json", json, Stages.REPORT + ".summary.written");
    String html = dir + "/report.html";
    ctx.storage().writeText(html, ReportPage.render(summary, headline, wom, runs), Stages.REPORT + ".html.written");
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
  private static List<Map<String, Object>> voices(JobContext ctx, String month) {
    List<Map<String, Object>> voices = new ArrayList<>();
    if (ctx.config().report.quotes == 0 || !ctx.tables().hasMonth(Table.FEEDBACK_ENRICHED, month)) {
      return voices;
    }
    for (Row r : ctx.tables().read(Table.FEEDBACK_ENRICHED, month, month)
        .where(col(FeedbackSchema.SENTIMENT_LABEL).equalTo(Sentiment.NEGATIVE)
            .and(col(FeedbackSchema.TEXT).isNotNull()).and(col(FeedbackSchema.REACH).isNotNull()))
        .orderBy(desc(FeedbackSchema.REACH), col(FeedbackSchema.FEEDBACK_ID))
        .limit(ctx.config().report.quotes)
        .select(FeedbackSchema.FEEDBACK_ID, FeedbackSchema.CHANNEL, FeedbackSchema.SOURCE,
            FeedbackSchema.REACH, FeedbackSchema.REACH_BASIS, FeedbackSchema.TEXT)
        .collectAsList()) {
      Map<String, Object> v = new LinkedHashMap<>();
      for (String f : r.schema().fieldNames()) {
        v.put(f, r.getAs(f));
      }
      voices.add(v);
    }
    return voices;
  }

  /** The column, or a null double where the table has none. */
  private static org.apache.spark.sql.Column orNull(List<String> columns, String column) {
    return columns.contains(column) ? col(column) : lit(null).cast("double");
  }

  /** Months of the Kaplan-Meier curves the report quotes. */
  static final List<Integer> STAY_MONTHS = List.of(3, 6, 12);

  /**
   * Per tier: the share of a past cohort of that tier still there after each of {@link #STAY_MONTHS}
   * (the {@code survival} table), and the accounts' expected months and remaining value (account_risk).
   * Empty when the model had no survival view.
   */
  private static Map<String, Map<String, Object>> staying(List<Row> tierSums, List<Row> curves) {
    Map<String, Map<String, Object>> byTier = new LinkedHashMap<>();
    if (curves.isEmpty()) {
      return byTier;
    }
    for (String t : List.of(ScoreChurnJob.RED, ScoreChurnJob.YELLOW, ScoreChurnJob.GREEN)) {
      byTier.put(t, new LinkedHashMap<>());
    }
    for (Row r : curves) {
      Map<String, Object> t = byTier.computeIfAbsent(r.getAs("tier"), k -> new LinkedHashMap<>());
      int m = r.<Integer>getAs("month");
      if (m == 1) {
        t.put("followed", r.getAs("at_risk"));
        t.put("origin", r.getAs("origin"));
      }
      if (STAY_MONTHS.contains(m)) {
        t.put("survival_" + m, r.getAs("survival"));
      }
    }
    // tierSums: tier, accounts, revenue at risk, mean expected lifetime, remaining value.
    for (Row r : tierSums) {
      Map<String, Object> t = byTier.computeIfAbsent(r.getString(0), k -> new LinkedHashMap<>());
      t.put("expected_lifetime_months", r.isNullAt(3) ? null : r.getDouble(3));
      t.put("expected_remaining_value", r.isNullAt(4) ? null : r.getDouble(4));
    }
    byTier.values().removeIf(Map::isEmpty);
    return byTier;
  }

  /** Tier -> month since the origin -> share still there: the Kaplan-Meier curves, for the chart. */
  private static Map<String, Map<String, Double>> survivalCurves(List<Row> rows) {
    Map<String, Map<String, Double>> curves = new LinkedHashMap<>();
    if (rows.isEmpty()) {
      return curves;
    }
    for (String t : List.of(ScoreChurnJob.RED, ScoreChurnJob.YELLOW, ScoreChurnJob.GREEN)) {
      curves.put(t, new LinkedHashMap<>());
    }
    for (Row r : rows) {
      curves.computeIfAbsent(r.getAs("tier"), k -> new LinkedHashMap<>())
          .put(String.valueOf(r.<Integer>getAs("month")), r.getAs("survival"));
    }
    curves.values().removeIf(Map::isEmpty);
    return curves;
  }
}
