package io.grapevine.enrich;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import java.util.Map;
import org.apache.spark.sql.functions;

/**
 * Enrich: {@code feedback} to {@code feedback_enriched} for the months from {@code fromMonth} to the
 * run month, each month's partition replaced. The columns of {@code feedback}, with sentiment decided
 * for every row that carries a rating, an NPS answer or a source label, then one
 * {@code reply_<signal>} column per complaint-handling signal of {@link ReplySignals}.
 */
public final class EnrichJob {
  private EnrichJob() {}

  public static Dataset<Row> enrich(Dataset<Row> feedback, Map<String, String> replySignals) {
    return ReplySignals.apply(SentimentRules.apply(feedback).select(FeedbackSchema.columnsWithMonth()),
        replySignals);
  }

  public static StageRun run(JobContext ctx, String fromMonth) {
    StageRun stage = ctx.startStage(Stages.ENRICH);
    ctx.storage().require(Table.FEEDBACK, Stages.INGEST);
    Dataset<Row> feedback = ctx.storage().read(ctx.spark(), Table.FEEDBACK, fromMonth, ctx.monthLabel());
    Map<String, String> signals = ReplySignals.load(ctx.config().enrich.replySignalsFile);
    ctx.storage().writeMonths(enrich(feedback, signals), Table.FEEDBACK_ENRICHED);

    Dataset<Row> written = ctx.storage().read(ctx.spark(), Table.FEEDBACK_ENRICHED, fromMonth,
        ctx.monthLabel());
    Row counts = written.agg(functions.count(functions.lit(1)),
        functions.count(functions.col(FeedbackSchema.SENTIMENT_LABEL))).first();
    stage.rowsIn = feedback.count();
    stage.rowsOut = counts.getLong(0);
    stage.detail("months", fromMonth + ".." + ctx.monthLabel())
        .detail("labelled", counts.getLong(1))
        .detail("unlabelled", counts.getLong(0) - counts.getLong(1));
    return stage.finish(ctx.storage());
  }
}
