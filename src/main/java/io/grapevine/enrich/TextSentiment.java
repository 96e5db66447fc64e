package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Sentiment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Sentiment for texts nobody labelled: per language, a {@link SentimentModel} learned from the
 * labelled texts in the same data when there are enough and it measures well enough; otherwise the
 * {@link Lexicon} where it has the language; otherwise no label. Every model trained is reported,
 * used or not, with the reason.
 */
public final class TextSentiment {
  private TextSentiment() {}

  /** The scored feedback, each language's evaluation, and the models that were used. */
  public record Outcome(Dataset<Row> feedback, List<SentimentModel.Evaluation> evaluations,
      Map<String, PipelineModel> models) {}

  /** Texts that need a label from their words: no rating, NPS or source label. */
  static Column unlabelledText() {
    return col(FeedbackSchema.SENTIMENT_LABEL).isNull().and(col(FeedbackSchema.TEXT).isNotNull());
  }

  /** {@code feedback} after {@link SentimentRules}, with {@code language}; best cached by the caller. */
  public static Outcome apply(Dataset<Row> feedback, GrapevineConfig.SentimentModel cfg, Lexicon lexicon) {
    Column known = col(FeedbackSchema.LANGUAGE).isNotNull()
        .and(col(FeedbackSchema.LANGUAGE).notEqual(Sentiment.LANGUAGE_UNDETERMINED));
    Dataset<Row> labelled = feedback.where(col(FeedbackSchema.SENTIMENT_LABEL).isNotNull()
        .and(col(FeedbackSchema.TEXT).isNotNull()).and(known));

    List<SentimentModel.Evaluation> evaluations = new ArrayList<>();
    Map<String, PipelineModel> models = new LinkedHashMap<>();
    if (cfg.enabled) {
      Map<String, Map<String, Long>> counts = new TreeMap<>();
      for (Row r : labelled.groupBy(FeedbackSchema.LANGUAGE, FeedbackSchema.SENTIMENT_LABEL).count()
          .collectAsList()) {
        counts.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
      }
      for (Map.Entry<String, Map<String, Long>> language : counts.entrySet()) {
        long texts = language.getValue().values().stream().mapToLong(Long::longValue).sum();
        if (texts < cfg.minTrainingTexts || language.getValue().size() < 2) {
          SentimentModel.Evaluation skipped = new SentimentModel.Evaluation();
          skipped.language = language.getKey();
          skipped.trainTextsByClass.putAll(language.getValue());
          skipped.reason = language.getValue().size() < 2
              ? "all " + texts + " labelled texts have one class"
              : "only " + texts + " labelled texts; a model needs " + cfg.minTrainingTexts;
          evaluations.add(skipped);
          continue;
        }
        SentimentModel.Trained trained = SentimentModel.train(
            labelled.where(col(FeedbackSchema.LANGUAGE).equalTo(language.getKey())), language.getKey(), cfg);
        SentimentModel.Evaluation e = trained.evaluation();
        e.used = e.macroF1 >= cfg.minMacroF1;
        e.reason = e.used ? "macro-F1 " + e.macroF1 + " >= " + cfg.minMacroF1
            : "macro-F1 " + e.macroF1 + " is below " + cfg.minMacroF1 + ": too weak to trust, not used";
        evaluations.add(e);
        if (e.used) {
          models.put(language.getKey(), trained.model());
        }
      }
    }

    Column needs = unlabelledText();
    List<Dataset<Row>> parts = new ArrayList<>();
    parts.add(feedback.where(needs.unary_$bang()));
    Column byModel = lit(false);
    for (Map.Entry<String, PipelineModel> m : models.entrySet()) {
      Column language = col(FeedbackSchema.LANGUAGE).equalTo(m.getKey());
      parts.add(SentimentModel.score(m.getValue(), m.getKey(), feedback.where(needs.and(language))));
      byModel = byModel.or(language);
    }
    parts.add(lexicon.apply(feedback.where(needs.and(byModel.unary_$bang()))));
    Dataset<Row> out = parts.get(0);
    for (Dataset<Row> p : parts.subList(1, parts.size())) {
      out = out.unionByName(p);
    }
    return new Outcome(out, evaluations, models);
  }
}
