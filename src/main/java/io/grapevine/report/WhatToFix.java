package io.grapevine.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.Table;
import io.grapevine.enrich.ThemeCatalog;
import io.grapevine.enrich.Themes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's lead: the month's themes ranked by their impact on negativity ({@code driver_monthly},
 * whose formula is in {@code metrics.KeyDrivers}), with their counts from {@code theme_monthly} and
 * quotes from {@code themes}, and the month's alerts.
 */
final class WhatToFix {
  /** The SQL that reads a theme's driver figure back (the report's provenance). */
  static String driverSql(String month, String theme, String column) {
    return "SELECT " + column + " FROM " + Table.DRIVER_MONTHLY.dirName() + " WHERE report_month = '" + month
        + "' AND outcome = 'negative' AND driver_kind = 'theme' AND driver = '" + theme + "'";
  }

  private WhatToFix() {}

  /** A theme the report leads with: its counts this month, its driver figures, and what the unhappy said. */
  record Theme(String theme, String name, Long volume, Long negative, Double impact, Double oddsRatio,
      Double oddsRatioCiLow, Double oddsRatioCiHigh, List<String> quotes) {}

  /** A significant churn driver: a theme, subject or reply signal that made leaving likelier. */
  record ChurnDriver(String driverKind, String driver, String name, Long rowsWith, Double rateWith,
      Double rateWithout, Double oddsRatio, Double oddsRatioCiLow, Double oddsRatioCiHigh) {}

  /** The churn drivers of {@code month}, the latest whose {@code horizonDays} after are observed. */
  record ChurnDrivers(String month, int horizonDays, List<ChurnDriver> drivers) {}

  /** A spike of negative feedback in a day or week, as the alerts table holds it. */
  record Alert(String period, String periodStart, String channel, String theme, String subject, Long negative,
      Double expectedNegative, Double pValueVolume, String kind, String themeName) {}

  /** The SQL that reads a churn driver's figure back. */
  static String churnSql(String month, String kind, String driver, String column) {
    return "SELECT " + column + " FROM " + Table.DRIVER_MONTHLY.dirName() + " WHERE report_month = '" + month
        + "' AND outcome = 'churn' AND driver_kind = '" + kind + "' AND driver = '" + driver.replace("'", "''") + "'";
  }

  /**
   * What made leaving likelier: the churn drivers (themes, subjects, reply signals) of the latest month
   * whose whole churn horizon is observed by the end of {@code month}, significant ones only (interval
   * above 1), by impact. Empty when that month has no churn drivers; a list of none when nothing was
   * significant.
   */
  static ChurnDrivers churnDrivers(JobContext ctx, Map<String, Row> catalog, String month, int top) {
    if (!ctx.tables().exists(Table.DRIVER_MONTHLY)) {
      return null;
    }
    // The latest month whose every day has its horizon observed by the end of the report month: a
    // later month's churn drivers rest on its first days only.
    int horizon = ctx.config().churn.horizonDays;
    long observed = Months.end(Months.parse(month)).getTime();
    java.time.YearMonth ym = Months.parse(month);
    while (Months.end(ym).getTime() + horizon * 86_400_000L > observed) {
      ym = ym.minusMonths(1);
    }
    String m = Months.label(ym);
    Dataset<Row> churn = ctx.tables().read(Table.DRIVER_MONTHLY, m, m).where(col("outcome").equalTo("churn"));
    if (churn.isEmpty()) {
      return null;
    }
    List<ChurnDriver> drivers = new ArrayList<>();
    for (Row r : churn.where(col("odds_ratio_ci_low").gt(1))
        .orderBy(col("impact").desc(), col("driver_kind"), col("driver")).limit(top).collectAsList()) {
      String kind = r.getAs("driver_kind");
      String driver = r.getAs("driver");
      drivers.add(new ChurnDriver(kind, driver, kind.equals("theme") ? name(catalog, driver)
          : kind.equals("reply") ? "replies with " + driver.replace('_', ' ') : driver,
          r.getAs("rows_with"), r.getAs("rate_with"), r.getAs("rate_without"), r.getAs("odds_ratio"),
          r.getAs("odds_ratio_ci_low"), r.getAs("odds_ratio_ci_high")));
    }
    return new ChurnDrivers(m, horizon, drivers);
  }

  /** The themes table as of the context's month, by theme id (empty without one). */
  static Map<String, Row> catalog(JobContext ctx) {
    Map<String, Row> catalog = new HashMap<>();
    Dataset<Row> latest = ThemeCatalog.latest(ctx);
    if (latest != null) {
      latest.collectAsList().forEach(r -> catalog.put(r.getAs(ThemeCatalog.THEME_ID), r));
    }
    return catalog;
  }

  /** A theme's name, or its id when the catalog does not hold it. */
  private static String name(Map<String, Row> catalog, String id) {
    Row c = catalog.get(id);
    return c == null ? id : c.getAs(ThemeCatalog.NAME);
  }

  static List<Theme> themes(JobContext ctx, Map<String, Row> catalog, String month, int top) {
    Dataset<Row> drivers = ctx.tables().read(Table.DRIVER_MONTHLY, month, month)
        .where(col("outcome").equalTo("negative").and(col("driver_kind").equalTo("theme")).and(col("impact").gt(0)));
    // General praise or complaint says nothing to fix (tables written before the column have none).
    if (List.of(drivers.columns()).contains("general")) {
      drivers = drivers.where(col("general").unary_$bang());
    }
    drivers = drivers.orderBy(col("rank")).limit(top);
    Dataset<Row> counts = ctx.tables().read(Table.THEME_MONTHLY, month, month).groupBy(Themes.THEME)
        .agg(sum("volume").as("volume"), sum("negative").as("negative"));
    List<Row> rows = drivers.join(counts, drivers.col("driver").equalTo(counts.col(Themes.THEME)), "left")
        .orderBy(col("rank")).select(col("driver"), col("volume"), col("negative"), col("impact"),
            col("odds_ratio"), col("odds_ratio_ci_low"), col("odds_ratio_ci_high")).collectAsList();
    List<Theme> out = new ArrayList<>();
    for (Row r : rows) {
      String id = r.getString(0);
      Row c = catalog.get(id);
      // What the unhappy said about it; a theme without negative texts in the catalog shows its quotes.
      List<String> negative = c == null || !List.of(c.schema().fieldNames()).contains("negative_quotes")
          ? List.of() : c.getList(c.fieldIndex("negative_quotes"));
      List<String> quotes = !negative.isEmpty() ? negative : c == null ? List.of() : c.getList(c.fieldIndex("quotes"));
      out.add(new Theme(id, name(catalog, id), r.getAs("volume"), r.getAs("negative"), r.getAs("impact"),
          r.getAs("odds_ratio"), r.getAs("odds_ratio_ci_low"), r.getAs("odds_ratio_ci_high"), quotes));
    }
    return out;
  }

  static List<Alert> alerts(JobContext ctx, Map<String, Row> catalog, String month, int top) {
    Dataset<Row> alerts = ctx.tables().read(Table.ALERTS, month, month);
    if (!List.of(alerts.columns()).contains(FeedbackSchema.SUBJECT)) {
      alerts = alerts.withColumn(FeedbackSchema.SUBJECT, org.apache.spark.sql.functions.lit(null).cast("string"));
    }
    List<Alert> out = new ArrayList<>();
    for (Row r : alerts.orderBy(col("p_value_volume"), col("period_start"), col(FeedbackSchema.CHANNEL)).limit(top)
        .collectAsList()) {
      String theme = r.getAs(Themes.THEME);
      out.add(new Alert(r.getAs("period"), r.getAs("period_start").toString(), r.getAs(FeedbackSchema.CHANNEL), theme,
          r.getAs(FeedbackSchema.SUBJECT), r.getAs("negative"), r.getAs("expected_negative"),
          r.getAs("p_value_volume"), r.getAs("kind"),
          theme == null || !catalog.containsKey(theme) ? null : name(catalog, theme)));
    }
    return out;
  }
}
