package io.grapevine.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.univocity.parsers.csv.CsvWriter;
import com.univocity.parsers.csv.CsvWriterSettings;
import io.grapevine.churn.ScoreChurnJob;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.SafeCsv;
import io.grapevine.core.Table;
import io.grapevine.enrich.Themes;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The month's action list, for a CRM or ticketing tool: this month's alerts to look into, red accounts
 * to call (most revenue at risk first, with their reasons), complaints still unanswered beyond the
 * response target, and advocates to ask for a reference. One row per action, the same columns for
 * every kind ({@link #COLUMNS}, documented in docs/report.md#the-action-list).
 */
public final class ActionList {
  public static final List<String> COLUMNS = List.of("priority", "action", "account_id", "feedback_id", "channel",
      "theme", "what", "since", "churn_probability", "value_per_month", "revenue_at_risk");
  public static final String ALERT = "look_into_alert";
  public static final String CALL = "call_red_account";
  public static final String ANSWER = "answer_complaint";
  public static final String REFERENCE = "ask_for_reference";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ActionList() {}

  public static List<Map<String, Object>> build(JobContext ctx, double responseTargetHours) {
    String month = ctx.monthLabel();
    List<Map<String, Object>> rows = new ArrayList<>();
    int priority = 0;
    if (ctx.tables().hasMonth(Table.ALERTS, month)) {
      for (Row a : ctx.tables().read(Table.ALERTS, month, month)
          .orderBy(col("p_value_volume"), col("period_start"), col(FeedbackSchema.CHANNEL)).collectAsList()) {
        List<String> ids = a.getList(a.fieldIndex("feedback_ids"));
        // Alerts written before subjects were watched have no subject column.
        Object subject = List.of(a.schema().fieldNames()).contains(FeedbackSchema.SUBJECT)
            ? a.getAs(FeedbackSchema.SUBJECT) : null;
        rows.add(row(++priority, ALERT, null, ids.isEmpty() ? null : ids.get(0), a.getAs(FeedbackSchema.CHANNEL),
            a.getAs(Themes.THEME), String.format("%s%s of %s: %d negative, %.1f expected",
                subject == null ? "" : "subject " + subject + ", ", a.getAs("period"),
                a.getAs("period_start"), a.<Long>getAs("negative"), a.<Double>getAs("expected_negative")),
            String.valueOf(a.<Object>getAs("period_start")), null, null, null));
      }
    }
    if (ctx.tables().hasMonth(Table.ACCOUNT_RISK, month)) {
      for (Row r : ctx.tables().read(Table.ACCOUNT_RISK, month, month).where(col(ScoreChurnJob.TIER).equalTo(ScoreChurnJob.RED))
          .orderBy(col(ScoreChurnJob.REVENUE_AT_RISK).desc_nulls_last(), col("churn_probability").desc(),
              col("account_id")).collectAsList()) {
        rows.add(row(++priority, CALL, r.getAs("account_id"), null, null, null,
            String.join("; ", r.<String>getList(r.fieldIndex("reasons"))), null, r.getAs("churn_probability"),
            r.getAs("value_per_month"), r.getAs(ScoreChurnJob.REVENUE_AT_RISK)));
      }
    }
    if (ctx.tables().hasMonth(Table.FEEDBACK_ENRICHED, month)) {
      java.sql.Timestamp due = new java.sql.Timestamp(Months.end(ctx.month()).getTime()
          - Math.round(responseTargetHours * 3_600_000));
      for (Row f : ctx.tables().read(Table.FEEDBACK_ENRICHED, month, month)
          .where(col(FeedbackSchema.IS_COMPLAINT).and(col(FeedbackSchema.RESPONSE_TS).isNull())
              .and(col(FeedbackSchema.RESOLVED).isNull().or(col(FeedbackSchema.RESOLVED).equalTo(lit(false))))
              .and(col(FeedbackSchema.EVENT_TS).lt(lit(due))))
          .orderBy(col(FeedbackSchema.EVENT_TS), col(FeedbackSchema.FEEDBACK_ID)).collectAsList()) {
        rows.add(row(++priority, ANSWER, f.getAs(FeedbackSchema.ACCOUNT_ID), f.getAs(FeedbackSchema.FEEDBACK_ID),
            f.getAs(FeedbackSchema.CHANNEL), f.getAs(Themes.THEME), abbreviate(f.getAs(FeedbackSchema.TEXT)),
            String.valueOf(f.<Object>getAs(FeedbackSchema.EVENT_TS)), null, null, null));
      }
    }
    if (ctx.tables().hasMonth(Table.ACCOUNT_RISK, month)) {
      for (Row r : ctx.tables().read(Table.ACCOUNT_RISK, month, month).where(col(ScoreChurnJob.ADVOCATE))
          .orderBy(col("last_nps").desc(), col("churn_probability"), col("account_id")).collectAsList()) {
        rows.add(row(++priority, REFERENCE, r.getAs("account_id"), null, null, null,
            "promoter (NPS " + Math.round(r.<Double>getAs("last_nps")) + "), low churn risk", null,
            r.getAs("churn_probability"), r.getAs("value_per_month"), null));
      }
    }
    return rows;
  }

  /** Builds the month's list and writes it as reports/MONTH/actions.csv and actions.jsonl; returns rows per action. */
  public static Map<String, Integer> write(JobContext ctx) {
    List<Map<String, Object>> rows = build(ctx, ctx.config().report.responseTargetHours);
    ctx.storage().writeText(ctx.layout().report(ctx.monthLabel(), "actions.csv"), csv(rows));
    ctx.storage().writeText(ctx.layout().report(ctx.monthLabel(), "actions.jsonl"), jsonLines(rows));
    Map<String, Integer> byAction = new java.util.TreeMap<>();
    rows.forEach(r -> byAction.merge(String.valueOf(r.get("action")), 1, Integer::sum));
    return byAction;
  }

  private static Map<String, Object> row(int priority, String action, Object account, Object feedback, Object channel,
      Object theme, String what, String since, Object probability, Object value, Object atRisk) {
    Object[] values = {priority, action, account, feedback, channel, theme, what, since, probability, value, atRisk};
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < COLUMNS.size(); i++) {
      row.put(COLUMNS.get(i), values[i]);
    }
    return row;
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return null;
    }
    String one = text.replaceAll("\\s+", " ").trim();
    return one.length() <= 200 ? one : one.substring(0, 197) + "...";
  }

  /** The rows as CSV with a header; a cell a spreadsheet would run as a formula is written as text. */
  public static String csv(List<Map<String, Object>> rows) {
    StringWriter w = new StringWriter();
    CsvWriter csv = new CsvWriter(w, new CsvWriterSettings());
    csv.writeHeaders(COLUMNS);
    for (Map<String, Object> r : rows) {
      csv.writeRow(r.values().stream().map(SafeCsv::cell).toArray());
    }
    csv.close();
    return w.toString();
  }

  public static String jsonLines(List<Map<String, Object>> rows) {
    StringBuilder b = new StringBuilder();
    for (Map<String, Object> r : rows) {
      try {
        b.append(JSON.writeValueAsString(r)).append('\n');
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    return b.toString();
  }
}
