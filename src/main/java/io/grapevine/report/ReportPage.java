package io.grapevine.report;

import static io.grapevine.report.Html.escape;
import static io.grapevine.report.Html.num;
import static io.grapevine.report.Html.pct;

import io.grapevine.core.StageRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders the month's summary as one self-contained HTML page (no scripts, no external fetches). */
final class ReportPage {
  private static final double SIGNIFICANT = 0.05;
  /** Rows a channel needs before an action is built on its figure. */
  private static final double MIN_ROWS = 20;

  private ReportPage() {}

  @SuppressWarnings("unchecked")
  static String render(Map<String, Object> s, List<StageRun> runs) {
    Map<String, Object> h = (Map<String, Object>) s.get("headline");
    List<Map<String, Object>> channels = (List<Map<String, Object>>) s.get("channels");
    Map<String, Object> wom = (Map<String, Object>) s.get("word_of_mouth");
    StringBuilder b = new StringBuilder(16_384);
    b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Grapevine report ").append(escape(s.get("report_month"))).append("</title>")
        .append("<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#222}")
        .append("table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{padding:.3rem .6rem;")
        .append("border-bottom:1px solid #ddd;text-align:right}td:first-child,th:first-child{text-align:left}")
        .append(".bar{background:#c0392b;height:.8rem;display:inline-block}.kpi{display:inline-block;")
        .append("margin-right:2.5rem}.kpi b{font-size:1.6rem;display:block}.note{color:#666;font-size:.9rem}")
        .append("</style></head><body>");
    b.append("<h1>Customer word of mouth: ").append(escape(s.get("report_month"))).append("</h1>");

    b.append("<h2>Headline</h2><div>");
    kpi(b, "Feedback", num(toDouble(h.get("feedback")), 0));
    kpi(b, "Negative", pct(toDouble(h.get("negativity_rate"))) + " <span class=\"note\">("
        + pct(toDouble(h.get("negativity_ci_low"))) + " – " + pct(toDouble(h.get("negativity_ci_high"))) + ")</span>");
    if (h.containsKey("negativity_rate_previous")) {
      kpi(b, "Last month", pct(toDouble(h.get("negativity_rate_previous"))) + " <span class=\"note\">"
          + change(toDouble(h.get("negativity_change_p_value"))) + "</span>");
    }
    b.append("</div>");

    b.append("<h2>Actions</h2><ol>");
    for (String a : actions(s)) {
      b.append("<li>").append(escape(a)).append("</li>");
    }
    b.append("</ol>");

    b.append("<h2>Negativity by channel</h2><table><tr><th>Channel</th><th>Feedback</th>")
        .append("<th>Negative</th><th>95% interval</th><th></th><th>vs last month</th>")
        .append("<th>Observed reach</th><th>Negative voice share</th></tr>");
    for (Map<String, Object> c : channels) {
      Double rate = toDouble(c.get("negativity_rate"));
      b.append("<tr><td>").append(escape(c.get("channel"))).append("</td><td>")
          .append(num(toDouble(c.get("volume")), 0)).append("</td><td>").append(pct(rate))
          .append("</td><td>").append(pct(toDouble(c.get("negativity_ci_low")))).append(" – ")
          .append(pct(toDouble(c.get("negativity_ci_high")))).append("</td><td style=\"text-align:left\">")
          .append("<span class=\"bar\" style=\"width:").append(rate == null ? 0 : Math.round(rate * 150))
          .append("px\"></span></td><td>")
          .append(c.containsKey("negativity_rate_previous")
              ? pct(toDouble(c.get("negativity_rate_previous"))) + " "
                  + change(toDouble(c.get("negativity_change_p_value"))) : "–")
          .append("</td><td>").append(num(toDouble(c.get("reach_observed")), 0)).append("</td><td>")
          .append(pct(toDouble(c.get("negative_voice_share")))).append("</td></tr>");
    }
    b.append("</table>");

    b.append("<h2>Word of mouth</h2><table><tr><th>Experience</th><th>Answers</th>")
        .append("<th>Told anyone</th><th>Told ").append(escape(wom.get("told_many_threshold")))
        .append(" or more</th></tr>");
    for (String side : List.of("negative", "positive")) {
      b.append("<tr><td>").append(side).append("</td><td>")
          .append(num(toDouble(wom.get("told_answers_" + side)), 0)).append("</td><td>")
          .append(pct(toDouble(wom.get("speak_up_rate_" + side)))).append("</td><td>")
          .append(pct(toDouble(wom.get("told_many_rate_" + side)))).append("</td></tr>");
    }
    b.append("</table><p class=\"note\">Difference in told-many rates: ")
        .append(change(toDouble(wom.get("p_value")))).append("</p>");

    if (s.containsKey("speed")) {
      b.append("<h2>Speed and replies</h2><table><tr><th>Channel</th><th>Feedback after experience "
          + "(median days)</th><th>Answered</th><th>Reply (median hours)</th><th>Resolved (median hours)"
          + "</th><th>Apologies to negative</th><th>\"You are wrong\"</th><th>\"All we can do\"</th></tr>");
      for (Map<String, Object> c : (List<Map<String, Object>>) s.get("speed")) {
        b.append("<tr><td>").append(escape(c.get("channel"))).append("</td><td>")
            .append(num(toDouble(c.get("feedback_latency_days_median")), 1)).append("</td><td>")
            .append(pct(toDouble(c.get("response_rate")))).append("</td><td>")
            .append(num(toDouble(c.get("response_hours_median")), 1)).append("</td><td>")
            .append(num(toDouble(c.get("resolution_hours_median")), 1)).append("</td><td>")
            .append(pct(toDouble(c.get("apology_rate_negative")))).append("</td><td>")
            .append(pct(toDouble(c.get("you_are_wrong_rate")))).append("</td><td>")
            .append(pct(toDouble(c.get("nothing_more_rate")))).append("</td></tr>");
      }
      b.append("</table>");
    }

    if (s.containsKey("risk_tiers")) {
      Map<String, Object> tiers = (Map<String, Object>) s.get("risk_tiers");
      b.append("<h2>Churn risk</h2><div>");
      tiers.forEach((t, n) -> kpi(b, t + " accounts", escape(n)));
      b.append("</div><table><tr><th>Red account</th><th>Churn probability</th><th>Why</th></tr>");
      for (Map<String, Object> a : (List<Map<String, Object>>) s.get("top_red_accounts")) {
        b.append("<tr><td>").append(escape(a.get("account_id"))).append("</td><td>")
            .append(pct(toDouble(a.get("churn_probability")))).append("</td><td style=\"text-align:left\">")
            .append(escape(String.join("; ", (List<String>) a.get("reasons")))).append("</td></tr>");
      }
      b.append("</table>");
    }

    b.append("<h2>How this was made</h2><table><tr><th>Stage</th><th>Rows in</th><th>Rows out</th>")
        .append("<th>Quarantined</th><th>Seconds</th></tr>");
    for (StageRun r : runs) {
      b.append("<tr><td>").append(escape(r.stage)).append("</td><td>").append(r.rowsIn)
          .append("</td><td>").append(r.rowsOut).append("</td><td>").append(r.rowsQuarantined)
          .append("</td><td>").append(String.format("%.1f", r.seconds)).append("</td></tr>");
    }
    b.append("</table><p class=\"note\">Intervals are Wilson 95% intervals; changes are two-proportion ")
        .append("z-tests. Every figure comes from the Parquet tables of this run.</p></body></html>");
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  static List<String> actions(Map<String, Object> s) {
    List<String> actions = new ArrayList<>();
    Map<String, Object> wom = (Map<String, Object>) s.get("word_of_mouth");
    Double neg = toDouble(wom.get("told_many_rate_negative"));
    Double pos = toDouble(wom.get("told_many_rate_positive"));
    if (neg != null && pos != null && pos > 0 && neg > pos) {
      actions.add(String.format("Unhappy customers told %s or more people %s of the time, happy ones %s "
          + "(%.1f times less): win back detractors before courting promoters.",
          wom.get("told_many_threshold"), pct(neg), pct(pos), neg / pos));
    }
    Map<String, Object> worst = null;
    for (Map<String, Object> c : (List<Map<String, Object>>) s.get("channels")) {
      Double r = toDouble(c.get("negativity_rate"));
      if (r != null && !"complaint".equals(c.get("channel"))
          && (worst == null || r > toDouble(worst.get("negativity_rate")))) {
        worst = c;
      }
    }
    if (worst != null) {
      actions.add(String.format("%s is the most negative channel (%s of labelled feedback): read it first.",
          worst.get("channel"), pct(toDouble(worst.get("negativity_rate")))));
    }
    Map<String, Object> h = (Map<String, Object>) s.get("headline");
    Double p = toDouble(h.get("negativity_change_p_value"));
    if (p != null && p < SIGNIFICANT) {
      actions.add(String.format("Negativity moved from %s to %s, a significant change (p = %.3f): find out what changed.",
          pct(toDouble(h.get("negativity_rate_previous"))), pct(toDouble(h.get("negativity_rate"))), p));
    }
    if (s.containsKey("speed")) {
      Map<String, Object> slowest = null;
      Map<String, Object> mostWrong = null;
      for (Map<String, Object> c : (List<Map<String, Object>>) s.get("speed")) {
        Double latency = toDouble(c.get("feedback_latency_days_median"));
        if (latency != null && toDouble(c.get("latencies")) >= MIN_ROWS
            && (slowest == null || latency > toDouble(slowest.get("feedback_latency_days_median")))) {
          slowest = c;
        }
        Double wrong = toDouble(c.get("you_are_wrong_rate"));
        if (wrong != null && wrong >= 0.05 && toDouble(c.get("answered")) >= MIN_ROWS
            && (mostWrong == null || wrong > toDouble(mostWrong.get("you_are_wrong_rate")))) {
          mostWrong = c;
        }
      }
      if (slowest != null && toDouble(slowest.get("feedback_latency_days_median")) >= 1) {
        actions.add(String.format("Feedback on %s arrives a median %.1f days after the experience: ask sooner, "
            + "while it is fresh.", slowest.get("channel"), toDouble(slowest.get("feedback_latency_days_median"))));
      }
      if (mostWrong != null) {
        actions.add(String.format("%s of %s replies tell the customer they are wrong: apologize and fix "
            + "instead of arguing.", pct(toDouble(mostWrong.get("you_are_wrong_rate"))), mostWrong.get("channel")));
      }
    }
    if (s.containsKey("risk_tiers")) {
      Object red = ((Map<String, Object>) s.get("risk_tiers")).get("red");
      actions.add(String.format("%s accounts are red: call them this week, starting with the list below.", red));
    }
    return actions;
  }

  private static void kpi(StringBuilder b, String label, String valueHtml) {
    b.append("<div class=\"kpi\"><b>").append(valueHtml).append("</b>").append(escape(label)).append("</div>");
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

  private static Double toDouble(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }
}
