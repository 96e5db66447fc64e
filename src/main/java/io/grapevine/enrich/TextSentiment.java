package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Sentiment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Sentiment for texts nobody labelled, per language: the {@link SentimentModel} learned from the
 * run's own labelled texts where there are enough, it measures well enough and it beats the shipped
 * default model ({@link DefaultModels}) on the same held-out texts; otherwise the default model where
 * one ships for the language; otherwise the {@link Lexicon} where it has the language; otherwise no
 * label. Every model considered is reported, used or not, with the reason.
 */
public final class TextSentiment {
  /** Below this many of the run's held-out texts, a default model's error is taken from its card. */
  static final int MIN_ERROR_TEXTS = 100;

  private TextSentiment() {}

  /** The scored feedback, each language's evaluations, and the run's own models that were used. */
  public record Outcome(Dataset<Row> feedback, List<SentimentModel.Evaluation> evaluations,
      Map<String, PipelineModel> models) {}

  /** Texts that need a label from their words: no rating, NPS or source label. */
  static Column unlabelledText() {
    return col(FeedbackSchema.SENTIMENT_LABEL).isNull().and(col(FeedbackSchema.TEXT).isNotNull());
  }

  /** {@code feedback} after {@link SentimentRules}, with {@code language}; best cached by the caller. */
  public static Outcome apply(Dataset<Row> feedback, GrapevineConfig.SentimentModel cfg, Lexicon lexicon) {
    return apply(feedback, cfg, lexicon, DefaultModels::scorer);
  }

  /** The same, with the default models given (a test gives its own or none). */
  static Outcome apply(Dataset<Row> feedback, GrapevineConfig.SentimentModel cfg, Lexicon lexicon,
      java.util.function.Function<String, Optional<FastScorer>> defaults) {
    Column known = col(FeedbackSchema.LANGUAGE).isNotNull()
        .and(col(FeedbackSchema.LANGUAGE).notEqual(Sentiment.LANGUAGE_UNDETERMINED));
    Dataset<Row> withText = feedback.where(col(FeedbackSchema.TEXT).isNotNull().and(known));
    Dataset<Row> labelled = withText.where(col(FeedbackSchema.SENTIMENT_LABEL).isNotNull());

    // One pass: labelled texts by language and class, and the texts that need a label by language.
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    Map<String, Long> needing = new TreeMap<>();
    for (Row r : withText.groupBy(FeedbackSchema.LANGUAGE, FeedbackSchema.SENTIMENT_LABEL).count()
        .collectAsList()) {
      if (r.isNullAt(1)) {
        needing.put(r.getString(0), r.getLong(2));
      } else {
        counts.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
      }
    }

    List<SentimentModel.Evaluation> evaluations = new ArrayList<>();
    Map<String, PipelineModel> models = new LinkedHashMap<>();
    Map<String, FastScorer> chosenDefaults = new LinkedHashMap<>();
    java.util.Set<String> languages = new java.util.TreeSet<>(counts.keySet());
    languages.addAll(needing.keySet());
    for (String language : languages) {
      Map<String, Long> byClass = counts.getOrDefault(language, Map.of());
      long texts = byClass.values().stream().mapToLong(Long::longValue).sum();
      Optional<FastScorer> shipped = cfg.enabled ? defaults.apply(language) : Optional.empty();
      Dataset<Row> ofLanguage = labelled.where(col(FeedbackSchema.LANGUAGE).equalTo(language));

      SentimentModel.Evaluation own = null;
      PipelineModel ownModel = null;
      if (cfg.enabled && texts >= cfg.minTrainingTexts && byClass.size() >= 2) {
        SentimentModel.Trained trained = SentimentModel.train(ofLanguage, language, cfg);
        own = trained.evaluation();
        ownModel = trained.model();
      } else if (cfg.enabled && texts > 0) {
        own = new SentimentModel.Evaluation();
        own.language = language;
        own.trainTextsByClass.putAll(byClass);
        own.reason = byClass.size() < 2 ? "all " + texts + " labelled texts have one class"
            : "only " + texts + " labelled texts; a model needs " + cfg.minTrainingTexts;
      }
      SentimentModel.Evaluation shippedEval = null;
      if (shipped.isPresent()) {
        // Measured on the run's own held-out texts where it has them: the same texts the own model met.
        shippedEval = texts > 0 ? SentimentModel.evaluateHeldOut(shipped.get(), ofLanguage, language, cfg)
            : new SentimentModel.Evaluation();
        shippedEval.language = language;
        shippedEval.model = "default";
        if (shippedEval.testTexts == 0) {
          // No labels in the run to measure it on: its error as measured on its corpora's held-out fifth.
          shippedEval.confusion.putAll(DefaultModels.heldOutConfusion(language));
        }
      }

      boolean ownTrusted = ownModel != null && own.macroF1 >= cfg.minMacroF1;
      boolean ownBeatsShipped = shippedEval == null || shippedEval.testTexts == 0
          || own != null && own.macroF1 > shippedEval.macroF1;
      if (ownTrusted && ownBeatsShipped) {
        own.used = true;
        own.reason = "macro-F1 " + own.macroF1 + " >= " + cfg.minMacroF1
            + (shippedEval == null ? "" : " and above the default model's " + shippedEval.macroF1
                + " on the same held-out texts");
        models.put(language, ownModel);
        if (shippedEval != null) {
          shippedEval.reason = "the run's own model does better on its held-out texts";
        }
      } else {
        if (own != null && ownModel != null) {
          own.reason = !ownTrusted
              ? "macro-F1 " + own.macroF1 + " is below " + cfg.minMacroF1 + ": too weak to trust, not used"
              : "macro-F1 " + own.macroF1 + " is not above the default model's " + shippedEval.macroF1
                  + " on the same held-out texts, not used";
        }
        if (shippedEval != null) {
          shippedEval.used = true;
          shippedEval.reason = shippedEval.testTexts == 0
              ? "no labelled texts in the run to learn from or to measure on: the default model"
              : "the default model; on the run's " + shippedEval.testTexts + " held-out texts macro-F1 "
                  + shippedEval.macroF1;
          chosenDefaults.put(language, shipped.get());
        }
      }
      if (own != null) {
        evaluations.add(own);
      }
      if (shippedEval != null) {
        evaluations.add(shippedEval);
      }
    }

    Map<String, SentimentModel.Evaluation> usedEvaluations = new LinkedHashMap<>();
    for (SentimentModel.Evaluation e : evaluations) {
      if (e.used) {
        usedEvaluations.put(e.language + "/" + e.model, e);
      }
    }
    // One scoring pass for every language a model labels, whatever their number: each text goes to
    // its language's model (the run's own or the default) through one function.
    Map<String, FastScorer> scorers = new java.util.TreeMap<>();
    Map<String, String> bases = new java.util.TreeMap<>();
    Map<String, SentimentModel.Evaluation> errors = new java.util.TreeMap<>();
    for (Map.Entry<String, PipelineModel> m : models.entrySet()) {
      scorers.put(m.getKey(), new FastScorer(m.getValue(), SentimentModel.stemPrefix(m.getKey())));
      bases.put(m.getKey(), Sentiment.BASIS_MODEL);
      errors.put(m.getKey(), usedEvaluations.get(m.getKey() + "/run"));
    }
    for (Map.Entry<String, FastScorer> m : chosenDefaults.entrySet()) {
      scorers.put(m.getKey(), m.getValue());
      bases.put(m.getKey(), Sentiment.BASIS_DEFAULT_MODEL);
      SentimentModel.Evaluation measured = usedEvaluations.get(m.getKey() + "/default");
      if (measured.testTexts < MIN_ERROR_TEXTS) {
        // Too few of the run's texts to measure its error on: the error on its corpora's held-out fifth.
        measured = new SentimentModel.Evaluation();
        measured.confusion.putAll(DefaultModels.heldOutConfusion(m.getKey()));
      }
      errors.put(m.getKey(), measured);
    }
    Column needs = unlabelledText();
    Column byModel = col(FeedbackSchema.LANGUAGE).isin(scorers.keySet().toArray());
    Dataset<Row> out = withModelError(feedback.where(needs.unary_$bang()), Map.of())
        .unionByName(withModelError(lexicon.apply(feedback.where(needs.and(byModel.unary_$bang()))), Map.of()));
    if (!scorers.isEmpty()) {
      out = out.unionByName(withModelError(SentimentModel.score(scorers, bases, feedback.where(needs.and(byModel))),
          errors));
    }
    return new Outcome(out, evaluations, models);
  }

  /**
   * The model's error on negativity as four columns, from the evaluation of each language's model (null
   * for rows no model labelled, and where the held-out texts lack a kind): the rate at which it calls
   * truly negative texts negative, the rate at which it calls other texts negative, and the held-out
   * counts of each.
   */
  static Dataset<Row> withModelError(Dataset<Row> rows, Map<String, SentimentModel.Evaluation> byLanguage) {
    Column tpr = lit(null).cast("double");
    Column fpr = lit(null).cast("double");
    Column negatives = lit(null).cast("long");
    Column others = lit(null).cast("long");
    for (Map.Entry<String, SentimentModel.Evaluation> l : byLanguage.entrySet()) {
      long[] counts = negativeCounts(l.getValue());
      if (counts[0] == 0 || counts[2] == 0) {
        continue;
      }
      Column is = col(FeedbackSchema.LANGUAGE).equalTo(l.getKey());
      tpr = when(is, lit((double) counts[1] / counts[0])).otherwise(tpr);
      fpr = when(is, lit((double) counts[3] / counts[2])).otherwise(fpr);
      negatives = when(is, lit(counts[0])).otherwise(negatives);
      others = when(is, lit(counts[2])).otherwise(others);
    }
    Column has = col(FeedbackSchema.SENTIMENT_LABEL).isNotNull();
    return rows
        .withColumn(Sentiment.MODEL_NEGATIVE_TPR, when(has, tpr).cast("double"))
        .withColumn(Sentiment.MODEL_NEGATIVE_FPR, when(has, fpr).cast("double"))
        .withColumn(Sentiment.MODEL_TEST_NEGATIVE, when(has, negatives).cast("long"))
        .withColumn(Sentiment.MODEL_TEST_OTHER, when(has, others).cast("long"));
  }

  /** Held-out negatives, those called negative, other texts, those called negative. */
  private static long[] negativeCounts(SentimentModel.Evaluation e) {
    long[] c = new long[4];
    if (e == null) {
      return c;
    }
    for (Map.Entry<String, Map<String, Long>> truth : e.confusion.entrySet()) {
      long total = truth.getValue().values().stream().mapToLong(Long::longValue).sum();
      long negative = truth.getValue().getOrDefault(Sentiment.NEGATIVE, 0L);
      int at = truth.getKey().equals(Sentiment.NEGATIVE) ? 0 : 2;
      c[at] += total;
      c[at + 1] += negative;
    }
    return c;
  }
}
