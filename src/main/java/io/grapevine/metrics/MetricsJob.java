package io.grapevine.metrics;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Metrics: {@code feedback_enriched} to {@code channel_monthly}, {@code source_monthly},
 * {@code amplification_monthly} and {@code response_quality_monthly}, month by month.
 */
public final class MetricsJob {
  private MetricsJob() {}

  public static StageRun run(JobContext ctx, String fromMonth) {
    StageRun stage = ctx.startStage(Stages.METRICS);
    ctx.storage().require(Table.FEEDBACK_ENRICHED, Stages.ENRICH);
    GrapevineConfig.Metrics m = ctx.config().metrics;
    Dataset<Row> enriched =
        ctx.storage().read(ctx.spark(), Table.FEEDBACK_ENRICHED, fromMonth, ctx.monthLabel());
    ctx.storage().writeMonths(ChannelMonthly.compute(enriched, ChannelMonthly.CHANNEL_KEYS,
        m.confidence, m.toldManyThreshold), Table.CHANNEL_MONTHLY);
    ctx.storage().writeMonths(ChannelMonthly.compute(enriched, ChannelMonthly.SOURCE_KEYS,
        m.confidence, m.toldManyThreshold), Table.SOURCE_MONTHLY);
    ctx.storage().writeMonths(AmplificationMonthly.compute(enriched, m.confidence, m.toldManyThreshold),
        Table.AMPLIFICATION_MONTHLY);
    ctx.storage().writeMonths(ResponseQuality.compute(enriched), Table.RESPONSE_QUALITY_MONTHLY);
    Dataset<Row> written =
        ctx.storage().read(ctx.spark(), Table.CHANNEL_MONTHLY, fromMonth, ctx.monthLabel());
    Row sums = written.agg(org.apache.spark.sql.functions.sum("volume"),
        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1))).first();
    stage.rowsIn = sums.isNullAt(0) ? 0 : sums.getLong(0);
    stage.rowsOut = sums.getLong(1);
    stage.detail("months", fromMonth + ".." + ctx.monthLabel())
        .detail("tables", java.util.List.of(Table.CHANNEL_MONTHLY.dirName(),
            Table.SOURCE_MONTHLY.dirName(), Table.AMPLIFICATION_MONTHLY.dirName(),
            Table.RESPONSE_QUALITY_MONTHLY.dirName()));
    return stage.finish(ctx.storage());
  }
}
