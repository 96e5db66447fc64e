package io.grapevine.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.desc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.grapevine.churn.ScoreChurnJob;
import io.grapevine.churn.Survival;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.JobContext;
import io.grapevine.core.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The report's churn-risk section, read from {@code account_risk} and {@code survival}: accounts and
 * revenue at risk per tier, the red accounts to call and the advocates to ask, the tiers over time,
 * and how long each tier's accounts stay.
 */
final class RiskSection {
  /** Months of the Kaplan-Meier curves the report quotes. */
  static final List<Integer> STAY_MONTHS = List.of(3, 6, 12);
  static final List<String> TIERS = List.of(ScoreChurnJob.RED, ScoreChurnJob.YELLOW, ScoreChurnJob.GREEN);

  private RiskSection() {}

  /**
   * How long a tier's accounts stay: of a past cohort of the tier ({@code survival}), how many were
   * followed from which origin and the share still there after each of {@link #STAY_MONTHS}; of
   * today's accounts ({@code account_risk}), the mean expected months and the remaining value.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Staying(Long followed, String origin, Map<Integer, Double> stillThere, Double expectedLifetimeMonths,
      Double expectedRemainingValue) {}

  /**
   * The section's figures. {@code revenueAtRisk} is null when the accounts export declares no value;
   * {@code staying} and {@code survivalCurves} are empty when the model had no survival view.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Risk(Map<String, Long> riskTiers, Map<String, Double> revenueAtRisk, List<TableRow> topRedAccounts,
      List<TableRow> advocates, Map<String, Map<String, Double>> riskTrend, Map<String, Staying> staying,
      int stayingHorizonMonths, Map<String, Map<String, Double>> survivalCurves) {}

  /** The section of {@code month}, its trend from {@code first}; null when the month has no scored accounts. */
  static Risk read(JobContext ctx, String first, String month) {
    if (!ctx.tables().hasMonth(Table.ACCOUNT_RISK, month)) {
      return null;
    }
    Dataset<Row> risk = ctx.tables().read(Table.ACCOUNT_RISK, month, month);
    // Accounts scored before a column existed (an earlier run, --as-of) have it null.
    List<String> columns = List.of(risk.columns());
    // One pass per tier: accounts, revenue at risk, expected lifetime and remaining value.
    List<Row> byTier = risk.groupBy(ScoreChurnJob.TIER).agg(count(lit(1)),
        sum(orNull(columns, ScoreChurnJob.REVENUE_AT_RISK)), avg(orNull(columns, Survival.EXPECTED_LIFETIME)),
        sum(orNull(columns, Survival.REMAINING_VALUE))).collectAsList();
    Map<String, Long> tiers = new LinkedHashMap<>();
    TIERS.forEach(t -> tiers.put(t, 0L));
    Map<String, Double> atRisk = new LinkedHashMap<>();
    for (Row r : byTier) {
      tiers.put(r.getString(0), r.getLong(1));
      if (!r.isNullAt(2)) {
        atRisk.put(r.getString(0), r.getDouble(2));
      }
    }
    List<String> shown = new ArrayList<>(List.of("account_id", "churn_probability", "reasons"));
    if (columns.contains(ScoreChurnJob.REVENUE_AT_RISK)) {
      shown.add(ScoreChurnJob.REVENUE_AT_RISK);
    }
    int top = ctx.config().report.topAccounts;
    List<TableRow> red = TableRow.of(Table.ACCOUNT_RISK, "account_id",
        risk.where(col(ScoreChurnJob.TIER).equalTo(ScoreChurnJob.RED)).orderBy(desc("churn_probability"))
            .limit(top).select(shown.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
            .collectAsList());
    List<TableRow> advocates = TableRow.of(Table.ACCOUNT_RISK, "account_id",
        risk.where(col(ScoreChurnJob.ADVOCATE)).orderBy(col("churn_probability"), col("account_id")).limit(top)
            .select("account_id", "churn_probability", "last_nps").collectAsList());
    Map<String, Map<String, Double>> trend = new LinkedHashMap<>();
    TIERS.forEach(t -> trend.put(t, new TreeMap<>()));
    for (Row r : ctx.tables().read(Table.ACCOUNT_RISK, first, month)
        .groupBy(FeedbackSchema.REPORT_MONTH, ScoreChurnJob.TIER).count().collectAsList()) {
      trend.computeIfAbsent(r.getString(1), k -> new TreeMap<>()).put(r.getString(0), (double) r.getLong(2));
    }
    // The Kaplan-Meier curves (a row per tier and month): read once for the table and the chart.
    List<Row> curves = ctx.tables().hasMonth(Table.SURVIVAL, month)
        ? ctx.tables().read(Table.SURVIVAL, month, month).orderBy("month").collectAsList() : List.of();
    return new Risk(tiers, atRisk.isEmpty() ? null : atRisk, red, advocates, trend, staying(byTier, curves),
        ctx.config().churn.survival.maxMonths, survivalCurves(curves));
  }

  /** The column, or a null double where the table has none. */
  private static Column orNull(List<String> columns, String column) {
    return columns.contains(column) ? col(column) : lit(null).cast("double");
  }

  /** Per tier, from the survival curves and the tier sums (tier, accounts, at risk, lifetime, value). */
  private static Map<String, Staying> staying(List<Row> tierSums, List<Row> curves) {
    Map<String, Staying> byTier = new LinkedHashMap<>();
    if (curves.isEmpty()) {
      return byTier;
    }
    Map<String, Long> followed = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    Map<String, Map<Integer, Double>> stillThere = new LinkedHashMap<>();
    TIERS.forEach(t -> stillThere.put(t, new TreeMap<>()));
    for (Row r : curves) {
      String tier = r.getAs("tier");
      int m = r.<Integer>getAs("month");
      if (m == 1) {
        followed.put(tier, r.getAs("at_risk"));
        origin.put(tier, r.getAs("origin"));
      }
      if (STAY_MONTHS.contains(m)) {
        stillThere.computeIfAbsent(tier, k -> new TreeMap<>()).put(m, r.getAs("survival"));
      }
    }
    Map<String, Row> sums = new LinkedHashMap<>();
    tierSums.forEach(r -> sums.put(r.getString(0), r));
    for (String tier : stillThere.keySet()) {
      Row s = sums.get(tier);
      if (!followed.containsKey(tier) && stillThere.get(tier).isEmpty() && s == null) {
        continue;
      }
      byTier.put(tier, new Staying(followed.get(tier), origin.get(tier), stillThere.get(tier),
          s == null || s.isNullAt(3) ? null : s.getDouble(3), s == null || s.isNullAt(4) ? null : s.getDouble(4)));
    }
    return byTier;
  }

  /** Tier -> month since the origin -> share still there: the Kaplan-Meier curves, for the chart. */
  private static Map<String, Map<String, Double>> survivalCurves(List<Row> rows) {
    Map<String, Map<String, Double>> curves = new LinkedHashMap<>();
    if (rows.isEmpty()) {
      return curves;
    }
    TIERS.forEach(t -> curves.put(t, new LinkedHashMap<>()));
    for (Row r : rows) {
      curves.computeIfAbsent(r.getAs("tier"), k -> new LinkedHashMap<>())
          .put(String.valueOf(r.<Integer>getAs("month")), r.getAs("survival"));
    }
    curves.values().removeIf(Map::isEmpty);
    return curves;
  }
}
