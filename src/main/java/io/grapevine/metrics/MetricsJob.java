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

/**
 * Metrics: {@code feedback_enriched} to {@code channel_monthly}, {@code source_monthly},
 * {@code subject_monthly}, {@code amplification_monthly}, {@code response_quality_monthly} and
 * {@code last_touch_monthly}, month by month; the stage manifest records seconds per table.
 */
public final class MetricsJob {
  private MetricsJob() {}

  public static StageRun run(JobContext ctx, String fromMonth) {
    StageRun stage = ctx.startStage(Stages.METRICS);
    ctx.tables().require(Table.FEEDBACK_ENRICHED, Stages.ENRICH);
    MonthRange range = new MonthRange(fromMonth, ctx.monthLabel());
    GrapevineConfig.Metrics m = ctx.config().metrics;
    // Read back far enough that the first month written has its previous month (change columns)
    // and its journeys' whole window (last touch).
    int lookback = Math.max(1, (int) Math.ceil(m.lastTouchWindowDays / 28.0));
    String readFrom = Months.label(Months.parse(fromMonth).minusMonths(lookback));
    Dataset<Row> enriched = ReachEstimate.add(
        ctx.tables().read(Table.FEEDBACK_ENRICHED, readFrom, ctx.monthLabel()), m.reachEstimate);
    Map<Table, Dataset<Row>> outputs = new LinkedHashMap<>();
    outputs.put(Table.CHANNEL_MONTHLY, MonthOverMonth.add(ChannelMonthly.compute(enriched,
        ChannelMonthly.CHANNEL_KEYS, m.confidence, m.toldManyThreshold), List.of(FeedbackSchema.CHANNEL),
        ChannelMonthly.CHANGE_RATES, m.confidence));
    outputs.put(Table.SOURCE_MONTHLY, MonthOverMonth.add(ChannelMonthly.compute(enriched,
        ChannelMonthly.SOURCE_KEYS, m.confidence, m.toldManyThreshold),
        List.of(FeedbackSchema.SOURCE, FeedbackSchema.CHANNEL), ChannelMonthly.CHANGE_RATES, m.confidence));
    outputs.put(Table.SUBJECT_MONTHLY, MonthOverMonth.add(ChannelMonthly.compute(
        enriched.where(col(FeedbackSchema.SUBJECT).isNotNull()), ChannelMonthly.SUBJECT_KEYS, m.confidence,
        m.toldManyThreshold), List.of(FeedbackSchema.SUBJECT, FeedbackSchema.CHANNEL),
        ChannelMonthly.CHANGE_RATES, m.confidence));
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
}
