package io.grapevine.metrics;

import static org.apache.spark.sql.functions.col;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Metrics: {@code feedback_enriched} to {@code channel_monthly}, {@code source_monthly},
 * {@code subject_monthly},
 * {@code amplification_monthly} and {@code response_quality_monthly}, month by month.
 */
public final class MetricsJob {
  private MetricsJob() {}

  public static StageRun run(JobContext ctx, String fromMonth) {
    StageRun stage = ctx.startStage(Stages.METRICS);
    ctx.storage().require(Table.FEEDBACK_ENRICHED, Stages.ENRICH);
    GrapevineConfig.Metrics m = ctx.config().metrics;
    // One month more than written, so every month written has its previous month to compare with.
    String readFrom = Months.label(Months.parse(fromMonth).minusMonths(1));
    Dataset<Row> enriched = ReachEstimate.add(
        ctx.storage().read(ctx.spark(), Table.FEEDBACK_ENRICHED, readFrom, ctx.monthLabel()), m.reachEstimate).persist();
    Column written0 = col(FeedbackSchema.REPORT_MONTH).geq(fromMonth);
    ctx.storage().writeMonths(MonthOverMonth.add(ChannelMonthly.compute(enriched, ChannelMonthly.CHANNEL_KEYS,
        m.confidence, m.toldManyThreshold), List.of(FeedbackSchema.CHANNEL), ChannelMonthly.CHANGE_RATES,
        m.confidence).where(written0), Table.CHANNEL_MONTHLY);
    ctx.storage().writeMonths(MonthOverMonth.add(ChannelMonthly.compute(enriched, ChannelMonthly.SOURCE_KEYS,
        m.confidence, m.toldManyThreshold), List.of(FeedbackSchema.SOURCE, FeedbackSchema.CHANNEL),
        ChannelMonthly.CHANGE_RATES, m.confidence).where(written0), Table.SOURCE_MONTHLY);
    ctx.storage().writeMonths(MonthOverMonth.add(ChannelMonthly.compute(
        enriched.where(col(FeedbackSchema.SUBJECT).isNotNull()), ChannelMonthly.SUBJECT_KEYS, m.confidence,
        m.toldManyThreshold), List.of(FeedbackSchema.SUBJECT, FeedbackSchema.CHANNEL),
        ChannelMonthly.CHANGE_RATES, m.confidence).where(written0), Table.SUBJECT_MONTHLY);
    ctx.storage().writeMonths(AmplificationMonthly.compute(enriched, m.confidence, m.toldManyThreshold)
        .where(written0), Table.AMPLIFICATION_MONTHLY);
    ctx.storage().writeMonths(MonthOverMonth.add(ResponseQuality.compute(enriched),
        List.of(FeedbackSchema.CHANNEL), ResponseQuality.CHANGE_RATES, m.confidence).where(written0),
        Table.RESPONSE_QUALITY_MONTHLY);
    Dataset<Row> written =
        ctx.storage().read(ctx.spark(), Table.CHANNEL_MONTHLY, fromMonth, ctx.monthLabel());
    Row sums = written.agg(org.apache.spark.sql.functions.sum("volume"),
        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1))).first();
    stage.rowsIn = sums.isNullAt(0) ? 0 : sums.getLong(0);
    stage.rowsOut = sums.getLong(1);
    enriched.unpersist();
    stage.detail("months", fromMonth + ".." + ctx.monthLabel())
        .detail("reach_estimate", m.reachEstimate.rule)
        .detail("tables", java.util.List.of(Table.CHANNEL_MONTHLY.dirName(),
            Table.SOURCE_MONTHLY.dirName(), Table.SUBJECT_MONTHLY.dirName(), Table.AMPLIFICATION_MONTHLY.dirName(),
            Table.RESPONSE_QUALITY_MONTHLY.dirName()));
    return stage.finish(ctx.storage());
  }
}
