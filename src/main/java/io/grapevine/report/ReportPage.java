package io.grapevine.report;

import static io.grapevine.report.Html.escape;
import static io.grapevine.report.Html.pct;

import io.grapevine.churn.ScoreChurnJob;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.StageRun;
import io.grapevine.core.Table;
import io.grapevine.metrics.MixAdjustedChange;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the month's summary as one self-contained HTML page: no scripts, no external fetches,
 * charts inline as SVG. Every figure taken from a table carries its provenance: {@code data-table},
 * {@code data-key} and {@code data-column} for one cell, or {@code data-sql} for an aggregate, with
 * {@code data-format} saying how it was written; hovering shows where it came from.
 */
final class ReportPage {
  private static final Logger LOG = LoggerFactory.getLogger(ReportPage.class);
  private static final double SIGNIFICANT = 0.05;
  /** Rows a channel needs before an action is built on its figure. */
  private static final double MIN_ROWS = 20;
  /** Characters of a quoted text shown before it is cut. */
  private static final int QUOTE_CHARS = 280;
  private static final String RISK = Table.ACCOUNT_RISK.dirName();

  private ReportPage() {}

  static String render(Summary s) {
    String month = s.reportMonth();
    MonthTotals.Headline h = s.headline();
    MonthTotals.WordOfMouth wom = s.wordOfMouth();
    StringBuilder b = new StringBuilder(262_144);
    b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        // Nothing may load from anywhere: the page is one file.
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("style-src 'unsafe-inline'; img-src data:\">")
        .append("<title>Grapevine report ").append(escape(month)).append("</title><style>")
        .append("body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:56rem;padding:0 1rem;color:#222}")
        .append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{padding:.3rem .6rem;")
        .append("border-bottom:1px solid #ddd;text-align:right;vertical-align:top}")
        .append("td:first-child,th:first-child{text-align:left}td.text{text-align:left}")
        .append(".kpi{display:inline-block;margin:0 2.2rem .8rem 0;vertical-align:top}")
        .append(".kpi b{font-size:1.6rem;display:block}.note{color:#666;font-size:.9rem}.warn{color:#a40000;font-weight:bold}")
        .append("figure.chart{margin:1rem 0}figure.chart svg{width:100%;height:auto;display:block}")
        .append("figcaption{color:#666;font-size:.9rem}blockquote{margin:.6rem 0;padding:.2rem .8rem;")
        .append("border-left:4px solid #c0392b;background:#fafafa;white-space:pre-wrap}")
        .append(".fig[title]{text-decoration:underline dotted #bbb}")
        .append("@media print{body{margin:0;max-width:none}h2{break-before:auto}figure{break-inside:avoid}}")
        .append("</style></head><body>");
    b.append("<h1>Customer word of mouth: ").append(escape(month)).append("</h1>")
        .append("<p class=\"note\">Hover over a figure to see the table and column it comes from.</p>");

    headline(b, s, month, h, wom);
    whatToFix(b, s, month);

    b.append("<h2>Actions</h2><ol>");
    for (String a : actions(s)) {
      b.append("<li>").append(escape(a)).append("</li>");
    }
    b.append("</ol>");

    negativity(b, s, month);
    wordOfMouth(b, month, wom);
    voices(b, s.voices());
    if (s.speed() != null) {
      speed(b, month, s.speed());
    }
    if (s.risk() != null) {
      risk(b, s.risk(), month);
    }

    b.append("<h2>How this was made</h2><table><tr><th>Stage</th><th>Rows in</th><th>Rows out</th>")
        .append("<th>Quarantined</th><th>Seconds</th></tr>");
    for (StageRun r : s.stages()) {
      b.append("<tr><td>").append(escape(r.stage)).append("</td><td>").append(r.rowsIn)
          .append("</td><td>").append(r.rowsOut).append("</td><td>").append(r.rowsQuarantined)
          .append("</td><td>").append(String.format("%.1f", r.seconds)).append("</td></tr>");
    }
    b.append("</table><p class=\"note\">Intervals are Wilson ")
        .append(escape(Math.round(100 * wom.confidence())))
        .append("% intervals. A change of negativity is tested within sources only (each source's change, ")
        .append("weighted by last month's mix); what a change of the mix of sources moves is named, not tested; ")
        .append("the month's channel tests are corrected for their number (Benjamini-Hochberg). ")
        .append("Other changes are two-proportion z-tests at the 5% level. Every figure comes from the tables ")
        .append("of this run.</p></body></html>");
    return b.toString();
  }

  private static void headline(StringBuilder b, Summary s, String month, MonthTotals.Headline h,
      MonthTotals.WordOfMouth wom) {
    b.append("<h2>Headline</h2><div>");
    kpi(b, "Feedback", sqlFig(h.feedback(), "int", MonthTotals.sql(MonthTotals.FEEDBACK, month)));
    kpi(b, "Negative (labelled feedback)",
        sqlFig(h.negativityRate(), "pct", MonthTotals.sql(MonthTotals.NEGATIVITY, month))
            + " <span class=\"note\">(" + pct(h.negativityCiLow()) + " – " + pct(h.negativityCiHigh()) + ")</span>"
            + coverage(h.labelledShare(), h.minLabelledShare(), MonthTotals.sql(MonthTotals.LABELLED_SHARE, month)));
    if (h.negativityRatePrevious() != null) {
      kpi(b, "Negative last month",
          sqlFig(h.negativityRatePrevious(), "pct",
              MonthTotals.sql(MonthTotals.NEGATIVITY, s.previousMonth()))
              + " <span class=\"note\">" + change(h.negativityChangePValue()) + mixNote(h) + "</span>");
    }
    kpi(b, "People reached by negative posts (observed)", sqlFig(h.reachObservedNegative(), "int",
        MonthTotals.sql(MonthTotals.REACH_NEGATIVE, month)));
    kpi(b, "Unhappy customers who told " + wom.toldManyThreshold() + "+ people",
        sqlFig(wom.negative().toldManyRate(), "pct",
            MonthTotals.sql(MonthTotals.toldManyRate(MonthTotals.NEGATIVE_SIDE), month))
            + " <span class=\"note\">vs " + sqlFig(wom.positive().toldManyRate(), "pct",
            MonthTotals.sql(MonthTotals.toldManyRate(MonthTotals.POSITIVE_SIDE), month)) + " happy</span>");
    if (s.risk() != null) {
      kpi(b, "Accounts at red churn risk", sqlFig(s.risk().riskTiers().get(ScoreChurnJob.RED), "int",
          "SELECT count(*) FROM " + RISK + monthWhere(month) + " AND tier = 'red'"));
    }
    b.append("</div>");
  }

  private static void negativity(StringBuilder b, Summary s, String month) {
    b.append("<h2>Negativity by channel</h2>");
    List<String> names = new ArrayList<>();
    List<Charts.Estimate> estimates = new ArrayList<>();
    Map<String, Map<String, Double>> reach = new LinkedHashMap<>();
    reach.put("negative", new LinkedHashMap<>());
    reach.put("positive", new LinkedHashMap<>());
    for (TableRow c : s.channels()) {
      Double rate = c.number("negativity_rate");
      String channel = c.text(FeedbackSchema.CHANNEL);
      if (rate != null) {
        names.add(channel);
        estimates.add(new Charts.Estimate("negative share", channel, rate,
            c.number("negativity_ci_low"), c.number("negativity_ci_high")));
      }
      reach.get("negative").put(channel, c.number("reach_observed_negative"));
      reach.get("positive").put(channel, c.number("reach_observed_positive"));
    }
    chart(b, "chart-negativity", "Share of labelled feedback that is negative, with its 95% interval.",
        () -> Charts.intervals("chart-negativity", "Negative share by channel, " + month, "negative share",
            names, estimates));
    Map<String, Map<String, Double>> trend = s.negativityTrend();
    if (!trend.isEmpty()) {
      chart(b, "chart-negativity-trend", "Negative share by channel and month since " + s.trendFrom() + ".",
          () -> Charts.trend("chart-negativity-trend", "Negative share over time", "negative share", trend));
    }
    chart(b, "chart-reach", "People who saw the posts (followers at posting, where the source says); "
        + "estimated reach is never mixed in.",
        () -> Charts.bars("chart-reach", "Observed reach by channel", "people reached", reach, false));

    b.append("<table><tr><th>Channel</th><th>Feedback</th><th>Negative</th><th>95% interval</th>")
        .append("<th>Corrected for model error</th>")
        .append("<th>vs last month</th><th>Observed reach</th><th>Negative reach</th>")
        .append("<th>Negative voice share</th><th>NPS</th><th>Labelled</th></tr>");
    for (TableRow c : s.channels()) {
      b.append("<tr><td>").append(escape(c.get(FeedbackSchema.CHANNEL))).append("</td><td>")
          .append(cellFig(c, "volume", "int")).append("</td><td>")
          .append(cellFig(c, "negativity_rate", "pct")).append("</td><td>")
          .append(cellFig(c, "negativity_ci_low", "pct")).append(" – ")
          .append(cellFig(c, "negativity_ci_high", "pct")).append("</td><td>")
          .append(cellFig(c, "negativity_rate_adjusted", "pct")).append("</td><td>")
          // Only the change within sources is tested: a change of source mix is not a change of mood.
          .append(c.get("negativity_rate_previous") != null
              ? cellFig(c, "negativity_rate_previous", "pct")
                  + " " + change(c.number(MixAdjustedChange.P_ADJUSTED))
                  + (c.get(MixAdjustedChange.MIX) == null ? "" : "; mix of sources "
                      + cellFig(c, MixAdjustedChange.MIX, "pts") + ", within sources "
                      + cellFig(c, MixAdjustedChange.WITHIN, "pts")) : "–")
          .append("</td><td>").append(cellFig(c, "reach_observed", "int"))
          .append("</td><td>").append(cellFig(c, "reach_observed_negative", "int"))
          .append("</td><td>").append(cellFig(c, "negative_voice_share", "pct"))
          .append("</td><td>").append(cellFig(c, "nps", "dec1"))
          .append("</td><td>").append(cellFig(c, "labelled_share", "pct"))
          .append(coverageWarning(c.number("labelled_share"), s.minLabelledShare())).append("</td></tr>");
    }
    b.append("</table>");
  }

  /** What a headline rate rests on, with a warning when that is less than the report trusts. */
  private static String coverage(Double share, double min, String sql) {
    if (share == null) {
      return "";
    }
    return "<br><span class=\"note\">rests on " + sqlFig(share, "pct", sql) + " of the feedback"
        + coverageWarning(share, min) + "</span>";
  }

  /** A visible warning beside a rate whose labelled share is below {@code report.min_labelled_share}. */
  static String coverageWarning(Double share, double min) {
    if (share == null || share >= min) {
      return "";
    }
    return " <span class=\"warn\">⚠ under " + Math.round(100 * min) + "% labelled: the rate may not speak for"
        + " the rest</span>";
  }

  private static void wordOfMouth(StringBuilder b, String month, MonthTotals.WordOfMouth wom) {
    b.append("<h2>Word of mouth</h2>");
    String many = "told " + wom.toldManyThreshold() + "+ people";
    List<Charts.Estimate> estimates = new ArrayList<>();
    Map<String, MonthTotals.Side> sides = new LinkedHashMap<>();
    sides.put(MonthTotals.NEGATIVE_SIDE, wom.negative());
    sides.put(MonthTotals.POSITIVE_SIDE, wom.positive());
    sides.forEach((side, t) -> {
      if (t.answers() != null && t.answers() > 0) {
        estimates.add(new Charts.Estimate(side + " experience", "told anyone", t.speakUpRate(), t.speakUpCiLow(),
            t.speakUpCiHigh()));
        estimates.add(new Charts.Estimate(side + " experience", many, t.toldManyRate(), t.toldManyCiLow(),
            t.toldManyCiHigh()));
      }
    });
    chart(b, "chart-word-of-mouth", "Survey answers on how many people the customer told, with 95% intervals.",
        () -> Charts.intervals("chart-word-of-mouth", "Who tells others, " + month, "share of answers",
            List.of("told anyone", many), estimates));
    b.append("<table><tr><th>Experience</th><th>Answers</th><th>Told anyone</th><th>Told ")
        .append(escape(wom.toldManyThreshold())).append(" or more</th></tr>");
    sides.forEach((side, t) -> b.append("<tr><td>").append(side).append("</td><td>")
        .append(sqlFig(t.answers(), "int", MonthTotals.sql(MonthTotals.answers(side), month))).append("</td><td>")
        .append(sqlFig(t.speakUpRate(), "pct", MonthTotals.sql(MonthTotals.speakUpRate(side), month)))
        .append("</td><td>")
        .append(sqlFig(t.toldManyRate(), "pct", MonthTotals.sql(MonthTotals.toldManyRate(side), month)))
        .append("</td></tr>"));
    b.append("</table><p class=\"note\">Difference in told-many rates: ")
        .append(change(wom.pValue())).append("</p>");
  }

  /** The themes that move negativity most, with quotes, and the month's alerts. */
  private static void whatToFix(StringBuilder b, Summary s, String month) {
    List<WhatToFix.Theme> themes = s.whatToFix();
    List<WhatToFix.Alert> alerts = s.alerts();
    if ((themes == null || themes.isEmpty()) && alerts == null) {
      return;
    }
    b.append("<h2>What to fix</h2>");
    if (themes != null && !themes.isEmpty()) {
      b.append("<p class=\"note\">Themes ranked by impact: the points by which overall negativity would fall ")
          .append("had the theme been only as negative as its channel, and how much likelier its feedback is to be ")
          .append("negative than the rest of its channel (odds ratio, with its interval).</p><table><tr><th>Theme</th>")
          .append("<th>Feedback</th><th>Negative</th><th>Negativity would fall by</th><th>Odds of negative</th></tr>");
      String tm = Table.THEME_MONTHLY.dirName();
      for (WhatToFix.Theme t : themes) {
        String id = t.theme();
        String where = monthWhere(month) + " AND theme = '" + id + "'";
        b.append("<tr><td class=\"text\">").append(escape(t.name())).append("</td><td>")
            .append(sqlFig(t.volume(), "int", "SELECT sum(volume) FROM " + tm + where)).append("</td><td>")
            .append(sqlFig(t.negative(), "int", "SELECT sum(negative) FROM " + tm + where)).append("</td><td>")
            .append(sqlFig(t.impact(), "size_pts", WhatToFix.driverSql(month, id, "impact"))).append("</td><td>")
            .append(sqlFig(t.oddsRatio(), "dec2", WhatToFix.driverSql(month, id, "odds_ratio"))).append(" (")
            .append(sqlFig(t.oddsRatioCiLow(), "dec2", WhatToFix.driverSql(month, id, "odds_ratio_ci_low")))
            .append("–")
            .append(sqlFig(t.oddsRatioCiHigh(), "dec2", WhatToFix.driverSql(month, id, "odds_ratio_ci_high")))
            .append(")</td></tr>");
      }
      b.append("</table>");
      for (WhatToFix.Theme t : themes.subList(0, Math.min(3, themes.size()))) {
        List<String> quotes = t.quotes();
        if (!quotes.isEmpty()) {
          b.append("<h3>").append(escape(t.name())).append("</h3>");
          for (String q : quotes.subList(0, Math.min(2, quotes.size()))) {
            b.append("<blockquote>").append(escape(q.length() > QUOTE_CHARS ? q.substring(0, QUOTE_CHARS) + "…" : q))
                .append("</blockquote>");
          }
        }
      }
    }
    churnDrivers(b, s.churnDrivers());
    if (alerts != null) {
      b.append("<h3>Alerts this month</h3>");
      if (alerts.isEmpty()) {
        b.append("<p>No day or week drew more negative feedback than its preceding weeks make plausible.</p>");
      } else {
        b.append("<table><tr><th>Period</th><th>Channel</th><th>Theme or subject</th><th>Negative</th><th>Expected</th></tr>");
        String at = Table.ALERTS.dirName();
        for (WhatToFix.Alert a : alerts) {
          String where = " WHERE period = '" + a.period() + "' AND period_start = DATE '" + a.periodStart()
              + "' AND channel = '" + a.channel() + "' AND theme " + (a.theme() == null ? "IS NULL"
              : "= '" + a.theme() + "'") + (a.subject() == null ? " AND subject IS NULL"
              : " AND subject = '" + a.subject().replace("'", "''") + "'");
          String slice = a.theme() != null ? (a.themeName() == null ? a.theme() : a.themeName())
              : a.subject() != null ? "subject: " + a.subject() : "all";
          b.append("<tr><td>").append(escape(a.period() + " of " + a.periodStart())).append("</td><td>")
              .append(escape(a.channel())).append("</td><td class=\"text\">")
              .append(escape(slice))
              .append("</td><td>").append(sqlFig(a.negative(), "int", "SELECT negative FROM " + at + where))
              .append("</td><td>").append(sqlFig(a.expectedNegative(), "dec1", "SELECT expected_negative FROM " + at + where))
              .append("</td></tr>");
        }
        b.append("</table><p class=\"note\">grapevine alerts --since DAY lists them with the feedback behind each.</p>");
      }
    }
  }

  /** What made customers likelier to leave: the latest observed month's significant churn drivers. */
  private static void churnDrivers(StringBuilder b, WhatToFix.ChurnDrivers churn) {
    if (churn == null) {
      return;
    }
    String m = churn.month();
    List<WhatToFix.ChurnDriver> drivers = churn.drivers();
    int horizon = churn.horizonDays();
    b.append("<h3>What made customers leave</h3>");
    if (drivers.isEmpty()) {
      b.append("<p>In the feedback of ").append(escape(m)).append(" (the latest month whose ").append(escape(horizon))
          .append(" days after are observed), no theme, subject or reply made leaving significantly likelier.</p>");
      return;
    }
    b.append("<p class=\"note\">Feedback of ").append(escape(m)).append(", the latest month whose ")
        .append(escape(horizon)).append(" days after are observed: the share of writers whose account left within ")
        .append("them, against the rest with the same channel and mood.</p><table><tr><th>Driver</th>")
        .append("<th>Feedback followed</th><th>Left</th><th>The rest left</th><th>Odds of leaving</th></tr>");
    for (WhatToFix.ChurnDriver d : drivers) {
      String kind = d.driverKind();
      String driver = d.driver();
      b.append("<tr><td class=\"text\">").append(escape(d.name())).append("</td><td>")
          .append(sqlFig(d.rowsWith(), "int", WhatToFix.churnSql(m, kind, driver, "rows_with"))).append("</td><td>")
          .append(sqlFig(d.rateWith(), "pct", WhatToFix.churnSql(m, kind, driver, "rate_with"))).append("</td><td>")
          .append(sqlFig(d.rateWithout(), "pct", WhatToFix.churnSql(m, kind, driver, "rate_without")))
          .append("</td><td>")
          .append(sqlFig(d.oddsRatio(), "dec2", WhatToFix.churnSql(m, kind, driver, "odds_ratio"))).append(" (")
          .append(sqlFig(d.oddsRatioCiLow(), "dec2", WhatToFix.churnSql(m, kind, driver, "odds_ratio_ci_low")))
          .append("–")
          .append(sqlFig(d.oddsRatioCiHigh(), "dec2", WhatToFix.churnSql(m, kind, driver, "odds_ratio_ci_high")))
          .append(")</td></tr>");
    }
    b.append("</table>");
  }

  private static void voices(StringBuilder b, List<TableRow> voices) {
    if (voices.isEmpty()) {
      return;
    }
    b.append("<h2>What unhappy customers said to the most people</h2>");
    for (TableRow v : voices) {
      String text = v.text(FeedbackSchema.TEXT);
      if (text.length() > QUOTE_CHARS) {
        text = text.substring(0, QUOTE_CHARS) + "…";
      }
      b.append("<blockquote>").append(escape(text)).append("</blockquote><p class=\"note\">")
          .append(escape(v.get(FeedbackSchema.CHANNEL))).append(" (").append(escape(v.get(FeedbackSchema.SOURCE)))
          .append("), seen by ").append(cellFig(v, FeedbackSchema.REACH, "int"))
          .append(" people (").append(escape(v.get(FeedbackSchema.REACH_BASIS))).append(")</p>");
    }
  }

  private static void speed(StringBuilder b, String month, List<TableRow> speed) {
    b.append("<h2>Speed and replies</h2>");
    Map<String, Map<String, Double>> hours = new LinkedHashMap<>();
    hours.put("reply, median", new LinkedHashMap<>());
    hours.put("reply, 90th percentile", new LinkedHashMap<>());
    hours.put("resolution, median", new LinkedHashMap<>());
    for (TableRow c : speed) {
      if (c.get("response_hours_median") != null || c.get("resolution_hours_median") != null) {
        String channel = c.text(FeedbackSchema.CHANNEL);
        hours.get("reply, median").put(channel, c.number("response_hours_median"));
        hours.get("reply, 90th percentile").put(channel, c.number("response_hours_p90"));
        hours.get("resolution, median").put(channel, c.number("resolution_hours_median"));
      }
    }
    if (!hours.get("reply, median").isEmpty()) {
      chart(b, "chart-speed", "Hours from the customer's message to the company's first reply, and to resolution.",
          () -> Charts.bars("chart-speed", "How fast the company answers, " + month, "hours", hours, false));
    }
    b.append("<table><tr><th>Channel</th><th>Feedback after experience (median days)</th>")
        .append("<th>90th percentile</th><th>Answered</th><th>Reply (median hours)</th>")
        .append("<th>Resolved (median hours)</th><th>Complaints resolved</th><th>Apologies to negative</th></tr>");
    for (TableRow c : speed) {
      figureRow(b, c, "feedback_latency_days_median:dec1", "feedback_latency_days_p90:dec1", "response_rate:pct",
          "response_hours_median:dec1", "resolution_hours_median:dec1", "complaint_resolution_rate:pct",
          "apology_rate_negative:pct");
    }
    b.append("</table><h3>Complaint-handling errors in replies</h3><table><tr><th>Channel</th>")
        .append("<th>Replies</th><th>\"You are wrong\"</th><th>Arguing</th><th>\"Calm down\"</th>")
        .append("<th>\"That is all we can do\"</th><th>Shouting</th></tr>");
    for (TableRow c : speed) {
      if (c.number("answered") == null || c.number("answered") == 0) {
        continue;
      }
      figureRow(b, c, "answered:int", "you_are_wrong_rate:pct", "arguing_rate:pct", "calm_down_rate:pct",
          "nothing_more_rate:pct", "shouting_rate:pct");
    }
    b.append("</table>");
  }

  private static void risk(StringBuilder b, RiskSection.Risk risk, String month) {
    b.append("<h2>Churn risk</h2><div>");
    String where = monthWhere(month);
    risk.riskTiers().forEach((t, n) -> kpi(b, t + " accounts",
        sqlFig(n, "int", "SELECT count(*) FROM " + RISK + where + " AND tier = '" + t + "'")));
    b.append("</div>");
    Map<String, Double> atRisk = risk.revenueAtRisk();
    if (atRisk != null) {
      b.append("<h3>Revenue at risk</h3><div>");
      for (String t : RiskSection.TIERS) {
        if (atRisk.containsKey(t)) {
          kpi(b, t + " accounts, over the churn horizon", sqlFig(atRisk.get(t), "int",
              "SELECT sum(revenue_at_risk) FROM " + RISK + where + " AND tier = '" + t + "'"));
        }
      }
      b.append("</div><p class=\"note\">Churn probability x what the account pays per month x the months of the ")
          .append("horizon, from the value the accounts export declares.</p>");
    }
    Map<String, Map<String, Double>> trend = risk.riskTrend();
    Map<String, Color> colours = Map.of("red", new Color(0xc0392b), "yellow", new Color(0xf1c40f),
        "green", new Color(0x27ae60));
    int months = trend.values().stream().mapToInt(Map::size).max().orElse(0);
    chart(b, "chart-risk", months > 1 ? "Accounts by churn-risk tier, as scored each month."
        : "Accounts by churn-risk tier; the trend grows as monthly runs accumulate.",
        () -> Charts.stacked("chart-risk", "Accounts by risk tier", "accounts", trend, colours));
    staying(b, risk.staying(), risk.stayingHorizonMonths(), where);
    Map<String, Map<String, Double>> curves = risk.survivalCurves();
    if (!curves.isEmpty()) {
      chart(b, "chart-survival", "Share of each tier's accounts still there, month by month since they were "
          + "followed (Kaplan-Meier; the table above gives the intervals' source).",
          () -> Charts.trend("chart-survival", "Accounts still there, by risk tier", "still there", curves));
    }
    boolean valued = atRisk != null;
    b.append("<h3>Red accounts to call first</h3><table><tr><th>Account</th><th>Churn probability</th>")
        .append(valued ? "<th>Revenue at risk</th>" : "").append("<th>Why</th></tr>");
    for (TableRow a : risk.topRedAccounts()) {
      b.append("<tr><td>").append(escape(a.get("account_id"))).append("</td><td>")
          .append(cellFig(a, "churn_probability", "pct"))
          .append(valued ? "</td><td>" + cellFig(a, ScoreChurnJob.REVENUE_AT_RISK, "int") : "")
          .append("</td><td class=\"text\">").append(cellFig(a, "reasons", "list")).append("</td></tr>");
    }
    b.append("</table>");
    if (!risk.advocates().isEmpty()) {
      b.append("<h3>Advocates to ask for a reference</h3><table><tr><th>Account</th><th>Last NPS</th>")
          .append("<th>Churn probability</th></tr>");
      for (TableRow a : risk.advocates()) {
        b.append("<tr><td>").append(escape(a.get("account_id"))).append("</td><td>")
            .append(cellFig(a, "last_nps", "dec1")).append("</td><td>")
            .append(cellFig(a, "churn_probability", "pct")).append("</td></tr>");
      }
      b.append("</table>");
    }
  }

  /** How long accounts stay, by tier: a past cohort's Kaplan-Meier curve and today's expected lifetime. */
  private static void staying(StringBuilder b, Map<String, RiskSection.Staying> staying, int horizon,
      String where) {
    if (staying.isEmpty()) {
      return;
    }
    String origin = staying.values().stream().map(RiskSection.Staying::origin).filter(java.util.Objects::nonNull)
        .findFirst().orElse("snapshot");
    b.append("<h3>How long accounts stay</h3><table><tr><th>Tier</th><th>Accounts followed</th>");
    RiskSection.STAY_MONTHS.forEach(m -> b.append("<th>Still here after ").append(m).append(" months</th>"));
    b.append("<th>Expected months, of the next ").append(escape(horizon))
        .append("</th><th>Expected remaining value</th></tr>");
    String survival = Table.SURVIVAL.dirName();
    staying.forEach((tier, t) -> {
      String curve = survival + where + " AND tier = '" + tier + "'";
      b.append("<tr><td>").append(escape(tier)).append("</td><td>")
          .append(t.followed() != null ? sqlFig(t.followed(), "int", "SELECT at_risk FROM " + curve
              + " AND month = 1") : "–");
      RiskSection.STAY_MONTHS.forEach(m -> b.append("</td><td>").append(t.stillThere().containsKey(m)
          ? sqlFig(t.stillThere().get(m), "pct", "SELECT survival FROM " + curve + " AND month = " + m) : "–"));
      String accounts = RISK + where + " AND tier = '" + tier + "'";
      b.append("</td><td>").append(sqlFig(t.expectedLifetimeMonths(), "dec1",
              "SELECT avg(expected_lifetime_months) FROM " + accounts))
          .append("</td><td>").append(sqlFig(t.expectedRemainingValue(), "int",
              "SELECT sum(expected_remaining_value) FROM " + accounts)).append("</td></tr>");
    });
    b.append("</table><p class=\"note\">").append(origin.equals("signup")
        ? "Every account followed from its signup over its tenure, by the tier the model gives it today"
        : "The accounts of the earliest training snapshot, by the tier the model gave them then, followed "
            + "to this month's end")
        .append(" (Kaplan-Meier). Expected months: a Weibull lifetime model of today's accounts, restricted to ")
        .append("the next ").append(escape(horizon))
        .append(" months; remaining value: those months x what the account pays per month.</p>");
  }

  static List<String> actions(Summary s) {
    MonthTotals.Headline h = s.headline();
    MonthTotals.WordOfMouth wom = s.wordOfMouth();
    List<String> actions = new ArrayList<>();
    Double neg = wom.negative().toldManyRate();
    Double pos = wom.positive().toldManyRate();
    if (neg != null && pos != null && pos > 0 && neg > pos) {
      actions.add(String.format("Unhappy customers told %s or more people %s of the time, happy ones %s "
          + "(%.1f times less): win back detractors before courting promoters.",
          wom.toldManyThreshold(), pct(neg), pct(pos), neg / pos));
    }
    // The action names the theme of most impact whose feedback is significantly more negative than the
    // rest of its channel (odds ratio's interval above 1): a theme within noise is not worth a project.
    WhatToFix.Theme first = s.whatToFix() == null ? null : s.whatToFix().stream()
        .filter(t -> t.oddsRatioCiLow() != null && t.oddsRatioCiLow() > 1).findFirst().orElse(null);
    if (first != null) {
      actions.add(String.format("Fix \"%s\" first: were it only as negative as its channels, overall negativity "
          + "would be %s lower.", first.name(), fall(first.impact())));
    }
    TableRow worst = null;
    for (TableRow c : s.channels()) {
      Double r = c.number("negativity_rate");
      if (r != null && !"complaint".equals(c.get(FeedbackSchema.CHANNEL))
          && (worst == null || r > worst.number("negativity_rate"))) {
        worst = c;
      }
    }
    if (worst != null) {
      actions.add(String.format("%s is the most negative channel (%s of labelled feedback): read it first.",
          worst.get(FeedbackSchema.CHANNEL), pct(worst.number("negativity_rate"))));
    }
    Double p = h.negativityChangePValue();
    Double mix = h.negativityChangeMix();
    Double within = h.negativityChangeWithin();
    if (p != null && p < SIGNIFICANT) {
      actions.add(String.format("Negativity moved from %s to %s, and within the same sources by %s, a "
          + "significant change (p = %.3f): find out what changed.",
          pct(h.negativityRatePrevious()), pct(h.negativityRate()),
          points(within), p));
    } else if (mix != null && within != null && Math.abs(mix) > Math.abs(within) && Math.abs(mix) >= 0.02) {
      actions.add(String.format("Negativity moved from %s to %s mostly because the mix of sources changed "
          + "(%s from the mix, %s within the same sources, within noise): compare like with like before acting.",
          pct(h.negativityRatePrevious()), pct(h.negativityRate()),
          points(mix), points(within)));
    }
    if (s.speed() != null) {
      TableRow slowest = null;
      TableRow mostWrong = null;
      for (TableRow c : s.speed()) {
        Double latency = c.number("feedback_latency_days_median");
        if (latency != null && c.number("latencies") >= MIN_ROWS
            && (slowest == null || latency > slowest.number("feedback_latency_days_median"))) {
          slowest = c;
        }
        Double wrong = c.number("you_are_wrong_rate");
        if (wrong != null && wrong >= 0.05 && c.number("answered") >= MIN_ROWS
            && (mostWrong == null || wrong > mostWrong.number("you_are_wrong_rate"))) {
          mostWrong = c;
        }
      }
      if (slowest != null && slowest.number("feedback_latency_days_median") >= 1) {
        actions.add(String.format("Feedback on %s arrives a median %.1f days after the experience: ask sooner, "
            + "while it is fresh.", slowest.get(FeedbackSchema.CHANNEL),
            slowest.number("feedback_latency_days_median")));
      }
      if (mostWrong != null) {
        actions.add(String.format("%s of %s replies tell the customer they are wrong: apologize and fix "
            + "instead of arguing.", pct(mostWrong.number("you_are_wrong_rate")), mostWrong.get(FeedbackSchema.CHANNEL)));
      }
    }
    if (s.risk() != null) {
      Long red = s.risk().riskTiers().get(ScoreChurnJob.RED);
      actions.add(String.format("%s accounts are red: call them this week, starting with the list below.", red));
    }
    return actions;
  }

  /** A chart in a figure with its caption; if drawing fails (no fonts, say) the page says so instead. */
  private static void chart(StringBuilder b, String id, String caption, Supplier<String> svg) {
    b.append("<figure class=\"chart\" id=\"").append(escape(id)).append("-figure\">");
    try {
      b.append(svg.get());
    } catch (RuntimeException | Error e) {
      LOG.warn("Chart {} not drawn: {}", id, e.toString());
      b.append("<p class=\"note\">Chart not drawn on this machine: ").append(escape(e.toString())).append("</p>");
    }
    b.append("<figcaption>").append(escape(caption)).append("</figcaption></figure>");
  }

  /** A figure read from one cell of a table: the row is found by its key (column=value) within the month. */
  private static String cellFig(TableRow row, String column, String format) {
    Object value = row.get(column);
    String table = row.table();
    String key = row.key();
    return "<span class=\"fig\" data-table=\"" + escape(table) + "\" data-key=\"" + escape(key)
        + "\" data-column=\"" + escape(column) + "\" data-format=\"" + format + "\" title=\""
        + escape(table + "." + column + " where " + key) + "\">" + escape(Html.format(value, format)) + "</span>";
  }

  /**
   * A table row of one table row: its channel, then each {@code column:format} as a figure traced to
   * its cell.
   */
  private static void figureRow(StringBuilder b, TableRow row, String... columns) {
    b.append("<tr><td>").append(escape(row.get(FeedbackSchema.CHANNEL)));
    for (String c : columns) {
      String[] columnAndFormat = c.split(":", 2);
      b.append("</td><td>").append(cellFig(row, columnAndFormat[0], columnAndFormat[1]));
    }
    b.append("</td></tr>");
  }

  /** A figure that aggregates a table: {@code sql} recomputes it over the output tables. */
  private static String sqlFig(Object value, String format, String sql) {
    return "<span class=\"fig\" data-sql=\"" + escape(sql) + "\" data-format=\"" + format + "\" title=\""
        + escape(sql) + "\">" + escape(Html.format(value, format)) + "</span>";
  }

  private static String monthWhere(String month) {
    return " WHERE report_month = '" + month + "'";
  }

  private static void kpi(StringBuilder b, String label, String valueHtml) {
    b.append("<div class=\"kpi\"><b>").append(valueHtml).append("</b>").append(escape(label)).append("</div>");
  }

  /** How much of a change came from the mix of sources and how much from within them. */
  private static String mixNote(MonthTotals.Headline h) {
    Double mix = h.negativityChangeMix();
    Double within = h.negativityChangeWithin();
    if (mix == null || within == null) {
      return "";
    }
    return "; mix of sources " + points(mix) + ", within sources " + points(within);
  }

  /** A change of a share in percentage points, signed. */
  /** A fall in percentage points, without a sign. */
  static String fall(Double share) {
    return Html.format(share, "size_pts");
  }

  static String points(Double change) {
    return Html.format(change, "pts");
  }

  private static String change(Double p) {
    if (p == null) {
      return "(no test)";
    }
    if (p < 0.001) {
      return "(significant, p < 0.001)";
    }
    return p < SIGNIFICANT ? String.format("(significant, p = %.3f)", p)
        : String.format("(within noise, p = %.2f)", p);
  }
}
