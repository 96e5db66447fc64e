package io.grapevine.enrich;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Sentiment;
import io.grapevine.core.ShuffleSizing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A text sentiment model for one language, learned with Spark MLlib from feedback whose sentiment
 * the customer gave (rating, NPS) or the source labelled: words and word pairs, TF-IDF weighted, into
 * a multinomial logistic regression whose classes are weighted to count equally. Words are Unicode
 * letter runs (Cyrillic as Latin), stop words are Spark's list for the language minus its negations,
 * and for Russian and Ukrainian words are cut to their first six letters, a crude stemmer that folds
 * their case endings. A fifth of the labelled texts, chosen by a hash of the feedback id, is held
 * out; the model's accuracy and macro-F1 on it decide whether it is used.
 */
public final class SentimentModel {
  /** Classes as the model numbers them. */
  public static final List<String> CLASSES =
      List.of(Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE);
  public static final String TOKEN_PATTERN = "(?U)[\\p{L}\\p{N}_']+|[!?]|\\p{So}";

  static final String LABEL = "_label";
  static final String WEIGHT = "_weight";
  public static final String PREDICTION = "_prediction";
  public static final String PROBABILITY = "_probability";
  private static final String TOKENS = "_tokens";
  private static final String WORDS = "_words";
  private static final String STEMS = "_stems";
  private static final String BIGRAMS = "_bigrams";
  private static final String TERMS = "_terms";
  private static final String TF = "_tf";
  private static final String FEATURES = "_features";

  /** Languages whose words are cut to a prefix, and its length. */
  private static final Map<String, Integer> STEM_PREFIX = Map.of("ru", 6, "uk", 6);
  /** Spark's stop-word lists by ISO 639-1 code. */
  private static final Map<String, String> STOP_WORD_LISTS = Map.ofEntries(
      Map.entry("da", "danish"), Map.entry("nl", "dutch"), Map.entry("en", "english"),
      Map.entry("fi", "finnish"), Map.entry("fr", "french"), Map.entry("de", "german"),
      Map.entry("hu", "hungarian"), Map.entry("it", "italian"), Map.entry("no", "norwegian"),
      Map.entry("pt", "portuguese"), Map.entry("ru", "russian"), Map.entry("es", "spanish"),
      Map.entry("sv", "swedish"), Map.entry("tr", "turkish"));
  /** Words that turn sentiment around: never stop words here, whatever the list says. */
  private static final Set<String> NEGATIONS = Set.of("no", "not", "nor", "don't", "didn't", "won't",
      "can't", "couldn't", "wasn't", "isn't", "aren't", "never", "не", "нет", "ни", "без", "никогда",
      "ne", "pas", "nicht", "kein", "keine", "nein", "niet", "geen", "non", "nie", "nunca", "nada", "não",
      "inte", "ikke", "ei", "nem", "değil", "hiç");

  private SentimentModel() {}

  /** Held-out evaluation of one language's model, as written to its card and the run manifest. */
  public static final class Evaluation {
    public String language;
    /** {@code run}: learned from this run's labelled texts; {@code default}: shipped in the jar. */
    public String model = "run";
    public long trainTexts;
    /** Labelled texts outside the held-out share; above {@code max_training_texts} a seeded sample of them is trained on. */
    public long trainTextsAvailable;
    public long testTexts;
    public Map<String, Long> trainTextsByClass = new LinkedHashMap<>();
    public double accuracy;
    public double macroF1;
    public Map<String, Double> f1ByClass = new LinkedHashMap<>();
    /** Rows: true class; columns: predicted class. */
    public Map<String, Map<String, Long>> confusion = new LinkedHashMap<>();
    public boolean used;
    public String reason;
  }

  public record Trained(PipelineModel model, Evaluation evaluation) {}

  /** The class number of a sentiment label, for training. */
  public static Column labelIndex(Column label) {
    return when(label.equalTo(Sentiment.NEGATIVE), 0.0).when(label.equalTo(Sentiment.NEUTRAL), 1.0)
        .when(label.equalTo(Sentiment.POSITIVE), 2.0);
  }

  /** The stages that turn a text into its words and word pairs (no fitting in them). */
  static List<PipelineStage> termStages(String language) {
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(new RegexTokenizer().setInputCol(FeedbackSchema.TEXT).setOutputCol(TOKENS)
        .setGaps(false).setPattern(TOKEN_PATTERN).setToLowercase(true));
    stages.add(new StopWordsRemover().setInputCol(TOKENS).setOutputCol(WORDS)
        .setStopWords(stopWords(language)).setCaseSensitive(false));
    String words = WORDS;
    Integer prefix = STEM_PREFIX.get(language);
    if (prefix != null) {
      stages.add(new SQLTransformer().setStatement(
          "SELECT *, transform(" + WORDS + ", w -> left(w, " + prefix + ")) AS " + STEMS + " FROM __THIS__"));
      words = STEMS;
    }
    stages.add(new NGram().setN(2).setInputCol(words).setOutputCol(BIGRAMS));
    stages.add(new SQLTransformer().setStatement(
        "SELECT *, concat(" + words + ", " + BIGRAMS + ") AS " + TERMS + " FROM __THIS__"));
    return stages;
  }

  /**
   * The pipeline for a language, hashing terms into {@code 2^bits} features: the fewer the
   * features, the less each training iteration moves (its coefficients travel to every task).
   */
  public static Pipeline pipeline(String language, GrapevineConfig.SentimentModel cfg, int bits) {
    List<PipelineStage> stages = termStages(language);
    stages.add(new HashingTF().setInputCol(TERMS).setOutputCol(TF).setNumFeatures(1 << bits));
    stages.add(new IDF().setInputCol(TF).setOutputCol("_tfidf").setMinDocFreq(cfg.minDocFreq));
    // Unit length: a long review and a tweet weigh the same, so the model carries across text lengths.
    stages.add(new Normalizer().setInputCol("_tfidf").setOutputCol(FEATURES).setP(2.0));
    stages.add(new LogisticRegression().setFeaturesCol(FEATURES).setLabelCol(LABEL).setWeightCol(WEIGHT)
        .setPredictionCol(PREDICTION).setProbabilityCol(PROBABILITY).setRawPredictionCol("_raw")
        .setFamily("multinomial").setRegParam(cfg.regParam).setElasticNetParam(0.0)
        .setMaxIter(cfg.maxIter).setStandardization(false));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  static String[] stopWords(String language) {
    String list = STOP_WORD_LISTS.get(language);
    if (list == null) {
      return new String[0];
    }
    return Arrays.stream(StopWordsRemover.loadDefaultStopWords(list))
        .filter(w -> !NEGATIONS.contains(w.toLowerCase(Locale.ROOT)))
        .toArray(String[]::new);
  }

  /** Whether a row is in the held-out fifth: a hash of its id, so the split is the same every run. */
  public static Column heldOut(double testShare, long seed) {
    return abs(xxhash64(col(FeedbackSchema.FEEDBACK_ID), lit(seed)).mod(10_000))
        .lt(Math.round(testShare * 10_000));
  }

  /**
   * Fits on labelled texts of one language ({@code text}, {@code sentiment_label},
   * {@code feedback_id}) except the held-out share, and evaluates on that share.
   */
  public static Trained train(Dataset<Row> labelled, String language, GrapevineConfig.SentimentModel cfg) {
    Dataset<Row> rows = labelled.select(col(FeedbackSchema.FEEDBACK_ID), col(FeedbackSchema.TEXT),
            labelIndex(col(FeedbackSchema.SENTIMENT_LABEL)).as(LABEL))
        .where(col(LABEL).isNotNull());
    Column test = heldOut(cfg.testShare, cfg.seed);
    Dataset<Row> train = rows.where(test.unary_$bang()).cache();

    Evaluation e = new Evaluation();
    e.language = language;
    Map<Double, Long> byClass = countByClass(train);
    e.trainTextsAvailable = byClass.values().stream().mapToLong(Long::longValue).sum();
    if (cfg.maxTrainingTexts > 0 && e.trainTextsAvailable > cfg.maxTrainingTexts) {
      // A seeded sample, by the id as the held-out share is: the optimizer passes over every training
      // text once per iteration, and a linear model on word features gains little past a hundred thousand.
      // Drawn from the kept training texts, not read again from upstream; counted before those are let go.
      Dataset<Row> sampled = train.where(abs(xxhash64(col(FeedbackSchema.FEEDBACK_ID), lit(cfg.seed + 1)))
          .mod(1_000_000).lt(Math.round(1e6 * cfg.maxTrainingTexts / e.trainTextsAvailable))).cache();
      byClass = countByClass(sampled);
      train.unpersist();
      train = sampled;
    }
    e.trainTexts = byClass.values().stream().mapToLong(Long::longValue).sum();
    for (int c = 0; c < CLASSES.size(); c++) {
      e.trainTextsByClass.put(CLASSES.get(c), byClass.getOrDefault((double) c, 0L));
    }
    // Each class weighs as much as the others in total, so a rare class is not ignored.
    Column weight = lit(0.0);
    for (Map.Entry<Double, Long> c : byClass.entrySet()) {
      weight = when(col(LABEL).equalTo(c.getKey()),
          (double) e.trainTexts / (byClass.size() * c.getValue())).otherwise(weight);
    }
    // The optimizer passes over the texts once per iteration: a few thousand go in one task each time.
    PipelineModel model = pipeline(language, cfg, hashBits(train, language, cfg.hashBits))
        .fit(ShuffleSizing.forLearner(train, e.trainTexts, train.rdd().getNumPartitions()).withColumn(WEIGHT, weight));
    train.unpersist();

    measure(e, model, rows.where(test));
    return new Trained(model, e);
  }

  private static Map<Double, Long> countByClass(Dataset<Row> train) {
    Map<Double, Long> byClass = new LinkedHashMap<>();
    for (Row r : train.groupBy(LABEL).count().collectAsList()) {
      byClass.put(r.getDouble(0), r.getLong(1));
    }
    return byClass;
  }

  /**
   * Hash bits for a training set: about four buckets per distinct word or word pair (so few collide),
   * at least 2^12, at most {@code 2^maxBits}. A run whose texts use a few thousand terms trains on a
   * few thousand features instead of the quarter million real vocabularies need.
   */
  static int hashBits(Dataset<Row> texts, String language, int maxBits) {
    Dataset<Row> terms = texts.select(col(FeedbackSchema.TEXT));
    for (PipelineStage stage : termStages(language)) {
      terms = ((org.apache.spark.ml.Transformer) stage).transform(terms);
    }
    long distinct = terms.select(org.apache.spark.sql.functions.explode(col(TERMS)).as("t"))
        .agg(org.apache.spark.sql.functions.approx_count_distinct("t")).first().getLong(0);
    int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, distinct * 4 - 1));
    return Math.max(12, Math.min(maxBits, bits));
  }

  /** The model's accuracy and F1 on labelled texts ({@code text}, {@code sentiment_label}). */
  public static Evaluation evaluate(PipelineModel model, Dataset<Row> labelled, String language) {
    Evaluation e = new Evaluation();
    e.language = language;
    measure(e, model, labelled.select(col(FeedbackSchema.TEXT),
        labelIndex(col(FeedbackSchema.SENTIMENT_LABEL)).as(LABEL)).where(col(LABEL).isNotNull()));
    return e;
  }

  private static void measure(Evaluation e, PipelineModel model, Dataset<Row> rows) {
    long[][] confusion = new long[CLASSES.size()][CLASSES.size()];
    for (Row r : model.transform(rows).groupBy(LABEL, PREDICTION).count().collectAsList()) {
      confusion[(int) r.getDouble(0)][(int) r.getDouble(1)] = r.getLong(2);
    }
    evaluate(e, confusion);
  }

  /** Accuracy, per-class F1 and their mean over the classes present in the test set. */
  static void evaluate(Evaluation e, long[][] confusion) {
    long total = 0;
    long right = 0;
    double f1Sum = 0;
    int present = 0;
    for (int c = 0; c < CLASSES.size(); c++) {
      long actual = 0;
      long predicted = 0;
      Map<String, Long> row = new LinkedHashMap<>();
      for (int p = 0; p < CLASSES.size(); p++) {
        actual += confusion[c][p];
        predicted += confusion[p][c];
        row.put(CLASSES.get(p), confusion[c][p]);
      }
      e.confusion.put(CLASSES.get(c), row);
      total += actual;
      right += confusion[c][c];
      if (actual > 0) {
        double precision = predicted == 0 ? 0 : (double) confusion[c][c] / predicted;
        double recall = (double) confusion[c][c] / actual;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        e.f1ByClass.put(CLASSES.get(c), round(f1));
        f1Sum += f1;
        present++;
      }
    }
    e.testTexts = total;
    e.accuracy = total == 0 ? 0 : round((double) right / total);
    e.macroF1 = present == 0 ? 0 : round(f1Sum / present);
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  /** The prefix length this product cuts a language's words to, or null. */
  static Integer stemPrefix(String language) {
    return STEM_PREFIX.get(language);
  }

  /**
   * Scores texts with a model fitted in this run: {@code sentiment_label} is the most probable class,
   * {@code sentiment} the probability of positive minus that of negative, and {@code sentiment_basis}
   * {@code model}. The arithmetic of the fitted pipeline runs in one function per text
   * ({@link FastScorer}); the other columns pass through unchanged.
   */
  public static Dataset<Row> score(PipelineModel model, String language, Dataset<Row> texts) {
    return score(new FastScorer(model, STEM_PREFIX.get(language)), language, Sentiment.BASIS_MODEL, texts);
  }

  /** Scores texts with {@code scorer}, naming {@code basis} as what labelled them. */
  static Dataset<Row> score(FastScorer model, String language, String basis, Dataset<Row> texts) {
    // The coefficients are megabytes: sent to each executor once, not with every task.
    Broadcast<FastScorer> scorer = JavaSparkContext.fromSparkContext(texts.sparkSession().sparkContext())
        .broadcast(model);
    UserDefinedFunction f = org.apache.spark.sql.functions.udf((UDF1<String, Row>) text -> {
      if (text == null) {
        return null;
      }
      double[] p = scorer.value().probabilities(text);
      return RowFactory.create(CLASSES.get(FastScorer.argmax(p)), (p.length > 2 ? p[2] : 0.0) - p[0]);
    }, SCORED).withName("grapevine_sentiment_" + basis + "_" + language);
    return texts.withColumn("_scored", f.apply(col(FeedbackSchema.TEXT)))
        .withColumn(FeedbackSchema.SENTIMENT_LABEL, col("_scored.label"))
        .withColumn(FeedbackSchema.SENTIMENT, col("_scored.sentiment"))
        .withColumn(FeedbackSchema.SENTIMENT_BASIS, when(col("_scored").isNotNull(), lit(basis)))
        .drop("_scored");
  }

  /**
   * Scores every text with its language's scorer in one function (texts of a language without one
   * stay unlabelled), naming each language's basis: the cost of scoring does not grow with the number
   * of languages.
   */
  static Dataset<Row> score(Map<String, FastScorer> scorers, Map<String, String> bases, Dataset<Row> texts) {
    Broadcast<Map<String, FastScorer>> shared = JavaSparkContext.fromSparkContext(
        texts.sparkSession().sparkContext()).broadcast(new java.util.HashMap<>(scorers));
    Map<String, String> basisOf = new java.util.HashMap<>(bases);
    UserDefinedFunction f = org.apache.spark.sql.functions.udf((UDF2<String, String, Row>) (language, text) -> {
      FastScorer scorer = language == null ? null : shared.value().get(language);
      if (text == null || scorer == null) {
        return null;
      }
      double[] p = scorer.probabilities(text);
      return RowFactory.create(CLASSES.get(FastScorer.argmax(p)), (p.length > 2 ? p[2] : 0.0) - p[0],
          basisOf.get(language));
    }, SCORED_WITH_BASIS).withName("grapevine_sentiment");
    return texts.withColumn("_scored", f.apply(col(FeedbackSchema.LANGUAGE), col(FeedbackSchema.TEXT)))
        .withColumn(FeedbackSchema.SENTIMENT_LABEL, col("_scored.label"))
        .withColumn(FeedbackSchema.SENTIMENT, col("_scored.sentiment"))
        .withColumn(FeedbackSchema.SENTIMENT_BASIS, col("_scored.basis"))
        .drop("_scored");
  }

  /**
   * Measures a scorer on labelled texts ({@code text}, {@code sentiment_label}, {@code feedback_id})
   * in the held-out share, the same rows {@link #train} holds out: so a default model and the run's
   * own are compared on the same texts.
   */
  static Evaluation evaluateHeldOut(FastScorer model, Dataset<Row> labelled, String language,
      GrapevineConfig.SentimentModel cfg) {
    return evaluate(model, labelled.where(heldOut(cfg.testShare, cfg.seed)), language);
  }

  /** A scorer's accuracy and F1 on every labelled text given ({@code text}, {@code sentiment_label}). */
  static Evaluation evaluate(FastScorer model, Dataset<Row> labelled, String language) {
    Dataset<Row> test = labelled.where(col(FeedbackSchema.SENTIMENT_LABEL).isNotNull())
        .select(col(FeedbackSchema.TEXT), col(FeedbackSchema.SENTIMENT_LABEL).as("_truth"));
    long[][] confusion = new long[CLASSES.size()][CLASSES.size()];
    for (Row r : score(model, language, Sentiment.BASIS_DEFAULT_MODEL, test)
        .groupBy("_truth", FeedbackSchema.SENTIMENT_LABEL).count().collectAsList()) {
      int t = CLASSES.indexOf(r.getString(0));
      int p = CLASSES.indexOf(r.getString(1));
      if (t >= 0 && p >= 0) {
        confusion[t][p] = r.getLong(2);
      }
    }
    Evaluation e = new Evaluation();
    e.language = language;
    evaluate(e, confusion);
    return e;
  }

  private static final StructType SCORED = new StructType()
      .add("label", DataTypes.StringType).add("sentiment", DataTypes.DoubleType);
  private static final StructType SCORED_WITH_BASIS = SCORED.add("basis", DataTypes.StringType);
}
