package io.grapevine.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.JobContext;
import io.grapevine.core.Table;
import io.grapevine.enrich.ThemeCatalog;
import io.grapevine.enrich.Themes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's lead: the month's themes ranked by their impact on negativity, and its alerts. A
 * theme's impact is the negative feedback it would not have drawn had its negativity been its
 * channel's average: {@code sum over channels of (negative - labelled x channel negativity rate)}
 * from {@code theme_monthly} and {@code channel_monthly}; divided by the month's labelled feedback it
 * is the points by which overall negativity would fall.
 */
final class WhatToFix {
  /** The SQL that recomputes a theme's impact over the output tables (the report's provenance). */
  static String impactSql(String month, String theme) {
    return "SELECT sum(t.negative - t.labelled * c.negativity_rate) FROM " + Table.THEME_MONTHLY.dirName()
        + " t JOIN " + Table.CHANNEL_MONTHLY.dirName() + " c ON t.report_month = c.report_month AND t.channel = c.channel"
        + " WHERE t.report_month = '" + month + "' AND t.theme = '" + theme + "'";
  }

  /** The SQL of a theme's impact in points of the month's overall negativity. */
  static String impactPointsSql(String month, String theme) {
    return "SELECT (" + impactSql(month, theme) + ") / (SELECT sum(labelled) FROM " + Table.CHANNEL_MONTHLY.dirName()
        + " WHERE report_month = '" + month + "')";
  }

  private WhatToFix() {}

  static List<Map<String, Object>> themes(JobContext ctx, String month, int top) {
    Dataset<Row> themes = ctx.tables().read(Table.THEME_MONTHLY, month, month);
    Dataset<Row> channels = ctx.tables().read(Table.CHANNEL_MONTHLY, month, month)
        .select(col(FeedbackSchema.CHANNEL).as("_c"), col("negativity_rate").as("_channel_rate"));
    Dataset<Row> joined = themes.join(channels, themes.col(FeedbackSchema.CHANNEL).equalTo(channels.col("_c")));
    List<Row> rows = joined.groupBy(Themes.THEME).agg(sum("volume").as("volume"), sum("labelled").as("labelled"),
            sum("negative").as("negative"),
            sum(col("negative").minus(col("labelled").multiply(col("_channel_rate")))).as("impact"))
        .where(col("impact").gt(0)).orderBy(col("impact").desc(), col(Themes.THEME)).limit(top).collectAsList();
    long labelledAll = ctx.tables().read(Table.CHANNEL_MONTHLY, month, month).agg(sum("labelled")).first().getLong(0);
    Map<String, Row> catalog = new HashMap<>();
    Dataset<Row> latest = ThemeCatalog.latest(ctx);
    if (latest != null) {
      latest.collectAsList().forEach(r -> catalog.put(r.getAs(ThemeCatalog.THEME_ID), r));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> t = new LinkedHashMap<>();
      String id = r.getString(0);
      Row c = catalog.get(id);
      t.put("theme", id);
      t.put("name", c == null ? id : c.getAs(ThemeCatalog.NAME));
      t.put("volume", r.getLong(1));
      t.put("labelled", r.getLong(2));
      t.put("negative", r.getLong(3));
      t.put("negativity_rate", r.getLong(2) == 0 ? null : (double) r.getLong(3) / r.getLong(2));
      t.put("impact", r.getDouble(4));
      t.put("impact_points", labelledAll == 0 ? null : r.getDouble(4) / labelledAll);
      // What the unhappy said about it; a theme without negative texts in the catalog shows its quotes.
      List<Object> negative = c == null || !java.util.Arrays.asList(c.schema().fieldNames()).contains("negative_quotes")
          ? List.of() : c.getList(c.fieldIndex("negative_quotes"));
      t.put("quotes", !negative.isEmpty() ? negative : c == null ? List.of() : c.getList(c.fieldIndex("quotes")));
      out.add(t);
    }
    return out;
  }

  static List<Map<String, Object>> alerts(JobContext ctx, String month, int top) {
    Map<String, String> names = new HashMap<>();
    Dataset<Row> latest = ThemeCatalog.latest(ctx);
    if (latest != null) {
      latest.collectAsList().forEach(r -> names.put(r.getAs(ThemeCatalog.THEME_ID), r.getAs(ThemeCatalog.NAME)));
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : ctx.tables().read(Table.ALERTS, month, month)
        .orderBy(col("p_value_volume"), col("period_start"), col(FeedbackSchema.CHANNEL)).limit(top).collectAsList()) {
      Map<String, Object> a = new LinkedHashMap<>();
      for (String f : List.of("period", "period_start", FeedbackSchema.CHANNEL, Themes.THEME, "negative",
          "expected_negative", "p_value_volume", "kind")) {
        Object v = r.getAs(f);
        a.put(f, v instanceof java.sql.Date d ? d.toString() : v);
      }
      a.put("theme_name", r.getAs(Themes.THEME) == null ? null : names.get(r.<String>getAs(Themes.THEME)));
      out.add(a);
    }
    return out;
  }
}
