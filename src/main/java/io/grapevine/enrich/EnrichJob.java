package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Languages;
import io.grapevine.core.MonthRange;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Enrich: {@code feedback} to {@code feedback_enriched} for the months from {@code fromMonth} to the
 * run month, each month's partition replaced. In order: conversation threads linked (company
 * messages become the replies of the customer messages they answer, {@link Threads}); the language
 * of every text ({@link Languages}); sentiment from rating, NPS or source label
 * ({@link SentimentRules}), then from the words of texts that have none of them
 * ({@link TextSentiment}); one {@code reply_<signal>} column per complaint-handling signal
 * ({@link ReplySignals}).
 */
public final class EnrichJob {
  private EnrichJob() {}

  /**
   * The customers' own feedback of {@code threads} as the text models and themes read it: spread over
   * {@code slices} tasks, its language detected, and labelled by the rules where a rating, an NPS answer
   * or the source's label says.
   */
  public static Dataset<Row> ruled(Threads.Result threads, int slices) {
    return SentimentRules.apply(Languages.apply(threads.customer().repartition(slices)))
        .select(FeedbackSchema.columnsWithMonth());
  }

  public static StageRun run(JobContext ctx, String fromMonth) {
    StageRun stage = ctx.startStage(Stages.ENRICH);
    ctx.tables().require(Table.FEEDBACK, Stages.INGEST);
    MonthRange range = new MonthRange(fromMonth, ctx.monthLabel());
    GrapevineConfig.Enrich cfg = ctx.config().enrich;
    Map<String, String> signals = ReplySignals.load(cfg.replySignalsFile);
    Lexicon lexicon = Lexicon.load(cfg.lexiconFile);
    Dataset<Row> feedback = ctx.tables().read(Table.FEEDBACK, fromMonth, ctx.monthLabel());

    Threads.Result threads = Threads.link(feedback);
    // Language detection is the costly step and the models read the rows several times: keep them.
    // Spread the rows over every core first: a month is one Parquet file, and adaptive execution
    // would merge the join's output by bytes, which says little about the CPU a text costs here.
    int slices = ctx.spark().sparkContext().defaultParallelism() * 4;
    Dataset<Row> ruled = ruled(threads, slices).persist(StorageLevel.MEMORY_AND_DISK());
    TextSentiment.Outcome text = TextSentiment.apply(ruled, cfg.sentimentModel, lexicon);
    Themes.Model themes = cfg.themes.enabled
        ? Themes.fit(ruled, cfg.themes, Themes.seeds(cfg.themes.seedsFile), ThemeCatalog.previous(ctx))
        : Themes.Model.none();
    ctx.tables().replaceMonths(Table.FEEDBACK_ENRICHED,
        Themes.assign(themes, ReplySignals.apply(text.feedback(), signals)), range.scope());
    ruled.unpersist();
    ctx.tables().replaceMonth(Table.THEMES, ThemeCatalog.describe(
        ctx.tables().read(Table.FEEDBACK_ENRICHED, fromMonth, ctx.monthLabel()), themes, ctx.runId(),
        ctx.monthLabel()), ctx.monthLabel(), null);

    Map<String, Object> card = new LinkedHashMap<>();
    card.put("report_month", ctx.monthLabel());
    card.put("run_id", ctx.runId());
    card.put("months", fromMonth + ".." + ctx.monthLabel());
    card.put("settings", cfg.sentimentModel);
    card.put("languages", text.evaluations());
    // A new version of the month's models: a re-run leaves none of an earlier run's beside it in
    // the version readers take, and a crash leaves the earlier version current.
    String dir = ctx.storage().publishVersion(ctx.layout().sentimentModels(ctx.monthLabel()), ctx.runId(),
        version -> {
          for (Map.Entry<String, PipelineModel> m : text.models().entrySet()) {
            try {
              m.getValue().write().overwrite().save(version + "/" + m.getKey());
            } catch (IOException e) {
              throw new UncheckedIOException("Cannot save the sentiment model to " + version, e);
            }
          }
          try {
            ctx.storage().writeText(version + "/model_card.json", StageRun.JSON.writeValueAsString(card));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, Stages.ENRICH + ".models.written");

    // One pass over what was written for every count the manifest gives (a row per basis and language).
    Dataset<Row> written = ctx.tables().read(Table.FEEDBACK_ENRICHED, fromMonth, ctx.monthLabel());
    Map<String, Long> byBasis = new TreeMap<>();
    Map<String, Long> byLanguage = new TreeMap<>();
    // Which model (or rule) labelled how many texts of each language.
    Map<String, Map<String, Long>> labelledBy = new TreeMap<>();
    long rows = 0;
    long withReply = 0;
    for (Row r : written.groupBy(FeedbackSchema.SENTIMENT_BASIS, FeedbackSchema.LANGUAGE)
        .agg(count(lit(1)), count(col(FeedbackSchema.RESPONSE_TEXT))).collectAsList()) {
      String basis = r.isNullAt(0) ? "unlabelled" : r.getString(0);
      byBasis.merge(basis, r.getLong(2), Long::sum);
      labelledBy.computeIfAbsent(basis, k -> new TreeMap<>())
          .merge(r.isNullAt(1) ? "none" : r.getString(1), r.getLong(2), Long::sum);
      if (!r.isNullAt(1)) {
        byLanguage.merge(r.getString(1), r.getLong(2), Long::sum);
      }
      rows += r.getLong(2);
      withReply += r.getLong(3);
    }
    Row thread = threads.company().agg(count(lit(1)),
        count(col(FeedbackSchema.IN_REPLY_TO))).first();
    // Counted on its own (a Parquet row count reads no column): rows in = rows out + company messages.
    stage.rowsIn = feedback.count();
    stage.rowsOut = rows;
    stage.detail("months", fromMonth + ".." + ctx.monthLabel())
        .detail("company_messages_as_replies", thread.getLong(0))
        .detail("company_messages_answering", thread.getLong(1))
        .detail("customer_messages_with_reply", withReply)
        .detail("sentiment_basis", byBasis)
        .detail("texts_by_language", byLanguage)
        .detail("labelled_by", labelledBy)
        .detail("sentiment_models", text.evaluations())
        .detail("sentiment_model_dir", dir)
        .detail("themes", themes.themes().stream().map(t -> t.id() + ": " + t.name()).toList());
    return stage.finish(ctx.storage());
  }
}
