package io.grapevine.metrics;

import static org.apache.spark.sql.functions.col;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Metrics: {@code feedback_enriched} to {@code channel_monthly}, {@code source_monthly},
 * {@code subject_monthly}, {@code amplification_monthly}, {@code response_quality_monthly} and
 * {@code last_touch_monthly}, month by month; the stage manifest records seconds per table.
 */
public final class MetricsJob {
  private MetricsJob() {}

  /** A table's group keys after {@code report_month}: what a month is compared with last month by. */
  private static List<String> after(List<String> keys) {
    return keys.subList(1, keys.size());
  }

  public static StageRun run(JobContext ctx, String fromMonth) {
    StageRun stage = ctx.startStage(Stages.METRICS);
    ctx.tables().require(Table.FEEDBACK_ENRICHED, Stages.ENRICH);
    MonthRange range = new MonthRange(fromMonth, ctx.monthLabel());
    GrapevineConfig.Metrics m = ctx.config().metrics;
    // Read back far enough that the first month written has its previous month (change columns)
    // and its journeys' whole window (last touch).
    int lookback = Math.max(1, (int) Math.ceil(m.lastTouchWindowDays / 28.0));
    String readFrom = Months.label(Months.parse(fromMonth).minusMonths(lookback));
    // Read once and kept (without the texts, which no metric reads): every table below aggregates it.
    Dataset<Row> enriched = ReachEstimate.add(
        ctx.tables().read(Table.FEEDBACK_ENRICHED, readFrom, ctx.monthLabel()).drop(FeedbackSchema.TEXT),
        m.reachEstimate).persist(StorageLevel.MEMORY_AND_DISK());
    Map<Table, Dataset<Row>> outputs = new LinkedHashMap<>();
    List<String> channelKeys = ChannelMonthly.CHANNEL_KEYS;
    List<String> sourceKeys = ChannelMonthly.SOURCE_KEYS;
    List<String> subjectKeys = ChannelMonthly.SUBJECT_KEYS;
    // Small (a row per month and source) and read by three tables: kept.
    Dataset<Row> bySource = ChannelMonthly.compute(enriched, sourceKeys, m.confidence, m.toldManyThreshold)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> withSubject = enriched.where(col(FeedbackSchema.SUBJECT).isNotNull());
    // Each table: its counts and rates, negativity corrected for the models' errors, the change against
    // last month, and that change split into source mix and within sources (from per-source counts).
    outputs.put(Table.CHANNEL_MONTHLY, MixAdjustedChange.add(MonthOverMonth.add(AdjustedNegativity.add(
        ChannelMonthly.compute(enriched, channelKeys, m.confidence, m.toldManyThreshold), enriched, channelKeys,
        m.confidence), after(channelKeys), ChannelMonthly.CHANGE_RATES, m.confidence), bySource, after(channelKeys),
        m.confidence, m.multipleTesting));
    outputs.put(Table.SOURCE_MONTHLY, MixAdjustedChange.add(MonthOverMonth.add(AdjustedNegativity.add(
        bySource, enriched, sourceKeys, m.confidence), after(sourceKeys), ChannelMonthly.CHANGE_RATES, m.confidence),
        bySource, after(sourceKeys), m.confidence, m.multipleTesting));
    outputs.put(Table.SUBJECT_MONTHLY, MixAdjustedChange.add(MonthOverMonth.add(AdjustedNegativity.add(
        ChannelMonthly.compute(withSubject, subjectKeys, m.confidence, m.toldManyThreshold), withSubject,
        subjectKeys, m.confidence), after(subjectKeys), ChannelMonthly.CHANGE_RATES, m.confidence),
        MixAdjustedChange.counts(withSubject, subjectKeys), after(subjectKeys), m.confidence, m.multipleTesting));
    outputs.put(Table.THEME_MONTHLY, ThemeMonthly.compute(enriched, io.grapevine.enrich.ThemeCatalog.latest(ctx), m.confidence,
        m.toldManyThreshold));
    outputs.put(Table.ALERTS, Alerts.compute(enriched, m.alerts, fromMonth));
    List<String> months = new java.util.ArrayList<>();
    for (java.time.YearMonth ym = Months.parse(fromMonth); !ym.isAfter(ctx.month()); ym = ym.plusMonths(1)) {
      months.add(Months.label(ym));
    }
    outputs.put(Table.DRIVER_MONTHLY, KeyDrivers.compute(withChurn(ctx, enriched), m.confidence, months,
        io.grapevine.enrich.ThemeCatalog.general(ctx)));
    outputs.put(Table.AMPLIFICATION_MONTHLY, AmplificationMonthly.compute(enriched, m.confidence, m.toldManyThreshold));
    outputs.put(Table.RESPONSE_QUALITY_MONTHLY, MonthOverMonth.add(ResponseQuality.compute(enriched),
        List.of(FeedbackSchema.CHANNEL), ResponseQuality.CHANGE_RATES, m.confidence));
    outputs.put(Table.LAST_TOUCH_MONTHLY, LastTouch.compute(enriched, m.lastTouchWindowDays));
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (Map.Entry<Table, Dataset<Row>> out : outputs.entrySet()) {
      long t0 = System.nanoTime();
      ctx.tables().replaceMonths(out.getKey(), out.getValue().where(col(FeedbackSchema.REPORT_MONTH).geq(fromMonth)),
          range.scope());
      seconds.put(out.getKey().dirName(), Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
    }
    enriched.unpersist();
    bySource.unpersist();
    Dataset<Row> written = ctx.tables().read(Table.CHANNEL_MONTHLY, fromMonth, ctx.monthLabel());
    Row sums = written.agg(org.apache.spark.sql.functions.sum("volume"),
        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1))).first();
    stage.rowsIn = sums.isNullAt(0) ? 0 : sums.getLong(0);
    stage.rowsOut = sums.getLong(1);
    stage.detail("months", fromMonth + ".." + ctx.monthLabel())
        .detail("reach_estimate", m.reachEstimate.rule)
        .detail("seconds_by_table", seconds);
    return stage.finish(ctx.storage());
  }

  /**
   * Feedback with the churn outcome of its account ({@link KeyDrivers#withChurn}) where an accounts
   * export with churn dates was ingested up to the run month; as it is otherwise.
   */
  private static Dataset<Row> withChurn(JobContext ctx, Dataset<Row> enriched) {
    Dataset<Row> accounts = ctx.tables().latestAtOrBefore(Table.ACCOUNTS, ctx.monthLabel());
    if (accounts == null || !List.of(accounts.columns()).contains(io.grapevine.core.AccountSchema.CHURN_TS)) {
      return enriched;
    }
    return KeyDrivers.withChurn(enriched, accounts, ctx.config().churn.horizonDays, Months.end(ctx.month()));
  }
}
