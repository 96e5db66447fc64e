package io.grapevine.enrich;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Sentiment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import static org.apache.spark.sql.functions.udf;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What customers write about. Themes are learned by Spark MLlib's k-means with cosine distance over
 * the unit-length TF-IDF vectors of the run's texts, every language in one vocabulary of word stems
 * ({@link Stems}: the forms of a word count as one, shown in its commonest form). Feedback texts
 * are short (a tweet, a line of a survey): most are about one thing, and topic models such as LDA,
 * which explain a text as a mix, found mixed themes on them where k-means on the same vectors found
 * the planted ones (docs/enrich.md#themes has the comparison). Each text gets its nearest theme and
 * the cosine similarity to its centre as the weight; every theme it is close to ({@code min_weight})
 * is listed. Centres of one topic in opposite moods are one theme, and a theme of mood words alone
 * (praise or complaint about nothing in particular) is general ({@link #group}). A theme is named by
 * the words that weigh most in its centre and more there than in the
 * average centre. The model is fitted on a seeded sample of at most {@code max_fit_texts} texts, the
 * best of {@code restarts} seeds (lowest cost), so its cost does not grow with the run; assigning
 * themes is one pass. Themes an analyst pins by seed words ({@code seeds_file}) come first: a text that
 * uses a seed is in that named theme, and the rest are learned without them. A learned theme keeps the
 * id of an earlier run's theme whose top words it shares ({@code match_overlap}), so a theme recurring
 * month after month keeps its id.
 */
public final class Themes {
  /** The text's main theme (an id of the {@code themes} table), null for a text with no words to go by. */
  public static final String THEME = "theme";
  /** How close the text is to its main theme's centre: cosine similarity, 0 to 1 (1 for a pinned theme). */
  public static final String THEME_WEIGHT = "theme_weight";
  /** Every theme whose centre the text is at least {@code min_weight} close to, closest first. */
  public static final String THEMES = "themes";

  static final String TOKENS = "_gv_theme_tokens";
  static final String WORDS = "_gv_theme_words";
  static final String SURFACE = "_gv_theme_surface";
  static final String COUNTS = "_gv_theme_counts";
  static final String WEIGHTED = "_gv_theme_tfidf";
  static final String VECTOR = "_gv_theme_vector";
  static final String SIMILARITY = "_gv_theme_similarity";
  /** Words that carry no theme: the masks privacy writes into texts, and redactions (CFPB's XXXX). */
  static final List<String> MASKS = List.of("name", "email", "phone", "card", "iban", "url", "user", "xxx", "xxxx",
      "xxxxx", "xxxxxxxx");
  /** Handles (@united), links and addresses say who or where, not what about: removed before the words are taken. */
  static final String NOT_WORDS = "(https?://\\S+|www\\.\\S+|(?<![\\p{L}\\p{N}])@[\\p{L}\\p{N}_]+)";
  /** Spark's stop-word lists for the supported languages that have one. */
  static final List<String> STOP_WORD_LANGUAGES =
      List.of("english", "russian", "german", "french", "spanish", "italian", "portuguese", "dutch");
  /** Top words kept per theme; the first three name it. */
  public static final int TOP_WORDS = 10;

  private Themes() {}

  /**
   * A theme: its id, name, top words, whether an analyst pinned it by seeds, and whether it is general:
   * praise or complaint about nothing in particular (its centre rests on mood words, not on a topic).
   */
  public record Theme(String id, String name, List<String> topWords, boolean pinned, boolean general) {}

  /**
   * Learned and pinned themes, with what assigns them to texts: {@code learnedIds} holds the theme id
   * of each k-means centre (centres joined into one theme share its id).
   */
  public record Model(List<Theme> themes, Map<String, List<String>> seeds, PipelineModel vectors,
      double[][] centres, List<String> learnedIds, double minWeight) {
    public static Model none() {
      return new Model(List.of(), Map.of(), null, null, List.of(), 1);
    }
  }

  /**
   * Rows with a text: {@link #SURFACE}, its lower-case words of three letters or more without stop
   * words and masks, and {@link #WORDS}, their stems in the text's language ({@link Stems}), one per word.
   */
  static Dataset<Row> words(Dataset<Row> rows) {
    Dataset<Row> tokenized = new RegexTokenizer().setInputCol(TOKENS + "_in").setOutputCol(TOKENS)
        .setPattern("[^\\p{L}]+").setGaps(true).setMinTokenLength(3).setToLowercase(true)
        .transform(rows.withColumn(TOKENS + "_in", org.apache.spark.sql.functions.regexp_replace(
            coalesce(col(FeedbackSchema.TEXT), lit("")), NOT_WORDS, " ")));
    Set<String> stop = new LinkedHashSet<>(MASKS);
    for (String language : STOP_WORD_LANGUAGES) {
      stop.addAll(Arrays.asList(StopWordsRemover.loadDefaultStopWords(language)));
    }
    return new StopWordsRemover().setInputCol(TOKENS).setOutputCol(SURFACE)
        .setStopWords(stop.toArray(String[]::new)).setLocale("en").transform(tokenized)
        .withColumn(WORDS, Stems.udf().apply(col(SURFACE), language(rows)))
        .drop(TOKENS + "_in", TOKENS);
  }

  /** The rows' language (an ISO 639-1 code, as enrich detects it); null where they have none. */
  private static Column language(Dataset<Row> rows) {
    return Arrays.asList(rows.columns()).contains(FeedbackSchema.LANGUAGE)
        ? col(FeedbackSchema.LANGUAGE) : lit(null).cast("string");
  }

  /**
   * How each stem of the vocabulary is shown: the form it is most often written in (ties: the first in
   * alphabetical order), the stem itself if it was never seen.
   */
  static String[] shownWords(Dataset<Row> words, String[] vocabulary) {
    Column pair = org.apache.spark.sql.functions.explode(
        org.apache.spark.sql.functions.arrays_zip(col(WORDS), col(SURFACE))).as("p");
    Map<String, String> shown = new java.util.HashMap<>();
    Map<String, Long> most = new java.util.HashMap<>();
    for (Row r : words.select(pair).groupBy(col("p." + WORDS).as("stem"), col("p." + SURFACE).as("form")).count()
        .collectAsList()) {
      String stem = r.getString(0);
      String form = r.getString(1);
      long n = r.getLong(2);
      Long best = most.get(stem);
      if (best == null || n > best || (n == best && form.compareTo(shown.get(stem)) < 0)) {
        most.put(stem, n);
        shown.put(stem, form);
      }
    }
    return Arrays.stream(vocabulary).map(w -> shown.getOrDefault(w, w)).toArray(String[]::new);
  }

  /** The condition that a text uses one of the seeds: a word or phrase, matched at the start of a word. */
  static Column usesSeed(List<String> seeds) {
    String alternatives = seeds.stream().map(s -> Pattern.quote(s.toLowerCase(Locale.ROOT).trim()))
        .collect(Collectors.joining("|"));
    return coalesce(lower(col(FeedbackSchema.TEXT)).rlike("(?<![\\p{L}\\p{N}])(" + alternatives + ")"), lit(false));
  }

  /**
   * Fits the themes on a sample of the texts in {@code rows} (kept in memory by the caller: it is read
   * twice). {@code previous}: the themes of the last run, whose ids learned themes keep when they match.
   */
  public static Model fit(Dataset<Row> rows, GrapevineConfig.Themes cfg, Map<String, List<String>> seeds,
      List<Theme> previous) {
    List<Theme> themes = new ArrayList<>();
    seeds.keySet().forEach(name -> themes.add(new Theme(pinnedId(name), name, seeds.get(name), true, false)));
    Column unseeded = lit(true);
    for (List<String> s : seeds.values()) {
      unseeded = unseeded.and(usesSeed(s).unary_$bang());
    }
    Dataset<Row> candidates = rows.where(col(FeedbackSchema.TEXT).isNotNull().and(unseeded))
        .select(col(FeedbackSchema.FEEDBACK_ID), col(FeedbackSchema.TEXT), col(FeedbackSchema.SENTIMENT_LABEL),
            language(rows).as(FeedbackSchema.LANGUAGE));
    long n = candidates.count();
    if (n < Math.max(cfg.k * 10L, 100)) {
      return new Model(themes, seeds, null, null, List.of(), cfg.minWeight);
    }
    // The same sample, in the same order, on every run: drawn by a hash of the id (the rows arrive from
    // a shuffle, whose order is not fixed, and k-means draws its first centres per partition), then sorted.
    Dataset<Row> drawn = n <= cfg.maxFitTexts ? candidates : candidates.where(
        org.apache.spark.sql.functions.pmod(org.apache.spark.sql.functions.xxhash64(col(FeedbackSchema.FEEDBACK_ID),
            lit(cfg.seed)), lit(1_000_000L)).lt(Math.round(1e6 * Math.min(1.0, 1.2 * cfg.maxFitTexts / n))));
    Dataset<Row> fitTexts = drawn.orderBy(FeedbackSchema.FEEDBACK_ID).limit(cfg.maxFitTexts);
    // In one partition: MLlib adds up the partitions' partial sums (k-means' centres, the vocabulary's
    // counts) in the order their tasks finish, and floating-point sums in another order differ in the
    // last digits, enough for k-means to end in another of its many optima of nearly equal cost: the
    // same texts gave other themes on another machine. The sample is at most max_fit_texts texts, its
    // words found once and kept for the vocabulary, the mood words and the forms shown.
    Dataset<Row> fitWords = words(fitTexts).select(FeedbackSchema.FEEDBACK_ID, WORDS, SURFACE,
        FeedbackSchema.SENTIMENT_LABEL).coalesce(1).cache();
    Dataset<Row> sample = fitWords.where(size(col(WORDS)).gt(0));
    try {
      PipelineModel vectors = new Pipeline().setStages(new PipelineStage[] {
          new CountVectorizer().setInputCol(WORDS).setOutputCol(COUNTS).setVocabSize(cfg.vocabSize)
              .setMinDF(Math.min(cfg.minDocFreq, Math.max(1, sample.count() / 1000))),
          new IDF().setInputCol(COUNTS).setOutputCol(WEIGHTED),
          new Normalizer().setInputCol(WEIGHTED).setOutputCol(VECTOR).setP(2)}).fit(sample);
      String[] vocabulary = ((CountVectorizerModel) vectors.stages()[0]).vocabulary();
      if (vocabulary.length < cfg.k * 3) {
        return new Model(themes, seeds, null, null, List.of(), cfg.minWeight);
      }
      // A text whose words all fell outside the vocabulary has no direction to compare.
      UserDefinedFunction nonZero = udf((UDF1<Vector, Boolean>) v -> v.numNonzeros() > 0, DataTypes.BooleanType);
      Dataset<Row> points = vectors.transform(sample).select(VECTOR).where(nonZero.apply(col(VECTOR))).cache();
      KMeansModel best = null;
      double bestCost = Double.MAX_VALUE;
      for (int r = 0; r < cfg.restarts; r++) {
        KMeansModel km = new KMeans().setK(cfg.k).setMaxIter(cfg.maxIter).setSeed(cfg.seed + r)
            .setDistanceMeasure("cosine").setFeaturesCol(VECTOR).fit(points);
        if (km.summary().trainingCost() < bestCost) {
          bestCost = km.summary().trainingCost();
          best = km;
        }
      }
      points.unpersist();
      double[][] centres = unit(best.clusterCenters());
      Grouping groups = group(centres, best.summary().clusterSizes(),
          moodWords(fitWords.where(col(FeedbackSchema.SENTIMENT_LABEL).isNotNull()), vocabulary),
          cfg.mergeSimilarity, cfg.generalShare);
      List<List<String>> top = topWords(groups.centres(), shownWords(sample, vocabulary));
      List<String> ids = stableIds(top, previous, cfg.matchOverlap);
      for (int t = 0; t < top.size(); t++) {
        themes.add(new Theme(ids.get(t), String.join(" / ", top.get(t).subList(0, Math.min(3, top.get(t).size()))),
            top.get(t), false, groups.general()[t]));
      }
      List<String> centreIds = Arrays.stream(groups.groupOf()).mapToObj(ids::get).toList();
      return new Model(themes, seeds, vectors, centres, centreIds, cfg.minWeight);
    } finally {
      fitWords.unpersist();
    }
  }

  /** A mood word's odds of a negative over a positive label are at least this many times the sample's, or at most its inverse. */
  static final double MOOD_ODDS = 4;
  /** ... and it is in at least this many labelled texts of the fit sample. */
  static final int MOOD_MIN_TEXTS = 5;

  /**
   * The vocabulary's mood words: those whose texts' own labels (ratings, NPS, a source's label: the
   * rules' labels, not the text model's, which learned from these words) lean far more to one side
   * than the sample's do. "worst", "great", "thank", but also "lost" or "crashing" in a source where
   * they are only ever written in anger. Each mood word's lean: the log of its odds of a negative label
   * over the sample's (positive: angry; 0 for a word that is no mood word). Without labelled texts there
   * are none.
   */
  static double[] moodWords(Dataset<Row> sample, String[] vocabulary) {
    Column label = col(FeedbackSchema.SENTIMENT_LABEL);
    // One pass: per vocabulary word, and under "" (no word is: words have 3 letters or more) per text,
    // the labelled texts that are negative and positive. At most the vocabulary's size comes back.
    Column words = org.apache.spark.sql.functions.array_union(org.apache.spark.sql.functions.array(lit(ALL_TEXTS)),
        org.apache.spark.sql.functions.array_intersect(col(WORDS), lit(vocabulary)));
    Map<String, long[]> counts = new java.util.HashMap<>();
    for (Row r : sample.where(label.isin(Sentiment.NEGATIVE, Sentiment.POSITIVE))
        .select(org.apache.spark.sql.functions.explode(words).as("w"), label.as("l"))
        .groupBy("w").agg(org.apache.spark.sql.functions.count_if(col("l").equalTo(Sentiment.NEGATIVE)),
            org.apache.spark.sql.functions.count_if(col("l").equalTo(Sentiment.POSITIVE)))
        .collectAsList()) {
      counts.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
    }
    double[] mood = new double[vocabulary.length];
    long[] all = counts.getOrDefault(ALL_TEXTS, new long[2]);
    if (all[0] == 0 || all[1] == 0) {
      return mood;
    }
    double base = Math.log((all[0] + 0.5) / (all[1] + 0.5));
    for (int w = 0; w < vocabulary.length; w++) {
      long[] c = counts.getOrDefault(vocabulary[w], new long[2]);
      double lean = Math.log((c[0] + 0.5) / (c[1] + 0.5)) - base;
      if (c[0] + c[1] >= MOOD_MIN_TEXTS && Math.abs(lean) >= Math.log(MOOD_ODDS)) {
        mood[w] = lean;
      }
    }
    return mood;
  }

  /** {@link #moodWords}' key for the counts of whole texts. */
  private static final String ALL_TEXTS = "";

  /** Themes made of k-means centres: each centre's theme, each theme's unit centre, and which are general. */
  record Grouping(int[] groupOf, double[][] centres, boolean[] general) {}

  /**
   * Joins centres that are one topic said in two moods, and marks the themes that are no topic at all.
   * k-means on words splits a topic by the words of its mood (late, lost parcels against fast, accurate
   * deliveries) and gathers texts that only praise or only complain (thank you, great service; worst
   * ever, switching provider) into centres of their own. A centre's topic is its direction without the
   * mood words; its topical share, the part of its (unit) squared length left; its mood, the squared
   * weight of its angry mood words less that of its pleased ones. Two centres that both have a topic
   * (share at least {@code generalShare}), whose topics are at least {@code mergeSimilarity} alike
   * (cosine) and whose moods are opposite (each at least {@link #MOOD_SIDE} to its side) are one theme,
   * whose centre is their mean weighted by texts. A theme whose topical share is below
   * {@code generalShare} is general.
   */
  static Grouping group(double[][] centres, long[] sizes, double[] mood, double mergeSimilarity, double generalShare) {
    int k = centres.length;
    double[][] topic = new double[k][];
    double[] side = new double[k];
    boolean[] hasTopic = new boolean[k];
    for (int t = 0; t < k; t++) {
      topic[t] = withoutMood(centres[t], mood);
      hasTopic[t] = squaredLength(topic[t]) >= generalShare;
      for (int w = 0; w < mood.length; w++) {
        side[t] += Math.signum(mood[w]) * centres[t][w] * centres[t][w];
      }
    }
    int[] root = new int[k];
    for (int t = 0; t < k; t++) {
      root[t] = t;
    }
    for (int a = 0; a < k; a++) {
      for (int b = a + 1; b < k; b++) {
        boolean opposite = Math.min(side[a], side[b]) <= -MOOD_SIDE && Math.max(side[a], side[b]) >= MOOD_SIDE;
        if (hasTopic[a] && hasTopic[b] && opposite && cosine(topic[a], topic[b]) >= mergeSimilarity) {
          root[find(root, b)] = find(root, a);
        }
      }
    }
    List<Integer> roots = new ArrayList<>();
    int[] groupOf = new int[k];
    for (int t = 0; t < k; t++) {
      int r = find(root, t);
      if (!roots.contains(r)) {
        roots.add(r);
      }
      groupOf[t] = roots.indexOf(r);
    }
    double[][] merged = new double[roots.size()][centres[0].length];
    for (int t = 0; t < k; t++) {
      for (int w = 0; w < centres[t].length; w++) {
        merged[groupOf[t]][w] += Math.max(1, sizes[t]) * centres[t][w];
      }
    }
    boolean[] general = new boolean[roots.size()];
    for (int g = 0; g < merged.length; g++) {
      double length = Math.sqrt(squaredLength(merged[g]));
      for (int w = 0; w < merged[g].length; w++) {
        merged[g][w] = length == 0 ? 0 : merged[g][w] / length;
      }
      general[g] = squaredLength(withoutMood(merged[g], mood)) < generalShare;
    }
    return new Grouping(groupOf, merged, general);
  }

  /** The least mood (squared weight of one side's mood words, less the other's) that puts a centre on a side. */
  static final double MOOD_SIDE = 0.1;

  private static int find(int[] root, int t) {
    while (root[t] != t) {
      t = root[t];
    }
    return t;
  }

  private static double cosine(double[] a, double[] b) {
    double dot = 0;
    for (int w = 0; w < a.length; w++) {
      dot += a[w] * b[w];
    }
    double norms = Math.sqrt(squaredLength(a) * squaredLength(b));
    return norms == 0 ? 0 : dot / norms;
  }

  private static double[] withoutMood(double[] centre, double[] mood) {
    double[] topic = centre.clone();
    for (int w = 0; w < topic.length; w++) {
      if (mood[w] != 0) {
        topic[w] = 0;
      }
    }
    return topic;
  }

  private static double squaredLength(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x * x;
    }
    return sum;
  }

  private static double[][] unit(Vector[] centres) {
    double[][] unit = new double[centres.length][];
    for (int t = 0; t < centres.length; t++) {
      double[] c = centres[t].toArray();
      double norm = Math.sqrt(Arrays.stream(c).map(x -> x * x).sum());
      unit[t] = Arrays.stream(c).map(x -> norm == 0 ? 0 : x / norm).toArray();
    }
    return unit;
  }

  /** Cosine similarity of a unit-length text vector to each unit-length centre. */
  static double[] similarities(Vector text, double[][] centres) {
    double[] sims = new double[centres.length];
    if (text instanceof SparseVector sparse) {
      int[] idx = sparse.indices();
      double[] val = sparse.values();
      for (int t = 0; t < centres.length; t++) {
        double dot = 0;
        for (int i = 0; i < idx.length; i++) {
          dot += val[i] * centres[t][idx[i]];
        }
        sims[t] = dot;
      }
    } else {
      double[] d = text.toArray();
      for (int t = 0; t < centres.length; t++) {
        double dot = 0;
        for (int i = 0; i < d.length; i++) {
          dot += d[i] * centres[t][i];
        }
        sims[t] = dot;
      }
    }
    return sims;
  }

  /** Adds {@link #THEME}, {@link #THEME_WEIGHT} and {@link #THEMES} to every row. */
  public static Dataset<Row> assign(Model model, Dataset<Row> rows) {
    String[] columns = rows.columns();
    // Pinned themes first, in the seeds file's order: every seed theme the text uses.
    Column pinned = expr("array()").cast("array<string>");
    for (Map.Entry<String, List<String>> s : model.seeds().entrySet()) {
      pinned = org.apache.spark.sql.functions.concat(pinned,
          when(usesSeed(s.getValue()), org.apache.spark.sql.functions.array(lit(pinnedId(s.getKey()))))
              .otherwise(expr("array()").cast("array<string>")));
    }
    Dataset<Row> withPinned = rows.withColumn("_gv_pinned", pinned);
    Column isPinned = size(col("_gv_pinned")).gt(0);
    if (model.centres() == null) {
      return withPinned.select(out(columns, when(isPinned, col("_gv_pinned").getItem(0)),
          when(isPinned, lit(1.0)), when(isPinned, col("_gv_pinned"))));
    }
    double[][] centres = model.centres();
    UserDefinedFunction similarity = udf((UDF1<Vector, double[]>) v -> similarities(v, centres),
        DataTypes.createArrayType(DataTypes.DoubleType));
    Dataset<Row> mixed = model.vectors().transform(words(withPinned))
        .withColumn(SIMILARITY, similarity.apply(col(VECTOR)));
    String ids = model.learnedIds().stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
    Column hasWords = size(col(WORDS)).gt(0).and(expr("array_max(" + SIMILARITY + ") > 0"));
    Column weight = expr("array_max(" + SIMILARITY + ")");
    Column main = expr("element_at(array(" + ids + "), CAST(array_position(" + SIMILARITY + ", array_max("
        + SIMILARITY + ")) AS INT))");
    // Themes the text is at least min_weight close to, closest first; the main theme always.
    Column all = expr("array_distinct(transform(array_sort(filter(transform(" + SIMILARITY + ", (w, i) -> named_struct('w', -w, 'i', i)), "
        + "s -> -s.w >= " + model.minWeight() + " OR -s.w = array_max(" + SIMILARITY + "))), s -> element_at(array(" + ids
        + "), s.i + 1)))");
    return mixed.select(out(columns,
        when(isPinned, col("_gv_pinned").getItem(0)).when(hasWords, main),
        when(isPinned, lit(1.0)).when(hasWords, weight),
        when(isPinned, col("_gv_pinned")).when(hasWords, all)));
  }

  private static Column[] out(String[] columns, Column theme, Column weight, Column themes) {
    List<Column> out = new ArrayList<>();
    for (String c : columns) {
      out.add(col(c));
    }
    out.add(theme.cast("string").as(THEME));
    out.add(weight.cast("double").as(THEME_WEIGHT));
    out.add(themes.cast("array<string>").as(THEMES));
    return out.toArray(Column[]::new);
  }

  /** A pinned theme's id: its name in lower case, words joined by "_". */
  static String pinnedId(String name) {
    String id = name.toLowerCase(Locale.ROOT).trim().replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_|_$", "");
    return id.isEmpty() ? "pinned" : id;
  }

  /**
   * Each theme's top words: those that weigh most in its centre and more there than in the average
   * centre ({@code c log(c / mean)}), so a theme is named by its own words, not the corpus's commonest.
   */
  static List<List<String>> topWords(double[][] centres, String[] vocabulary) {
    int words = vocabulary.length;
    double[] mean = new double[words];
    for (double[] c : centres) {
      for (int w = 0; w < words; w++) {
        mean[w] += c[w] / centres.length;
      }
    }
    List<List<String>> top = new ArrayList<>();
    for (double[] c : centres) {
      Integer[] order = new Integer[words];
      for (int w = 0; w < words; w++) {
        order[w] = w;
      }
      Comparator<Integer> bySpecificity = Comparator.comparingDouble(
          w -> c[w] <= 0 ? Double.MAX_VALUE : -c[w] * Math.log(c[w] / mean[w]));
      Arrays.sort(order, bySpecificity.thenComparing(w -> vocabulary[w]));
      List<String> best = new ArrayList<>();
      // Two stems may be shown alike (a form of two languages): each shown word is listed once.
      for (int i = 0; i < words && best.size() < TOP_WORDS && c[order[i]] > 0; i++) {
        if (!best.contains(vocabulary[order[i]])) {
          best.add(vocabulary[order[i]]);
        }
      }
      top.add(best);
    }
    return top;
  }

  /**
   * Ids for learned themes: an earlier theme's id where the top words overlap at least {@code overlap}
   * (Jaccard; best pairs first, each earlier theme used once), else the next free {@code tNN}.
   */
  static List<String> stableIds(List<List<String>> top, List<Theme> previous, double overlap) {
    List<Theme> earlier = previous.stream().filter(t -> !t.pinned()).toList();
    String[] ids = new String[top.size()];
    record Pair(int now, int before, double jaccard) {}
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < top.size(); i++) {
      for (int j = 0; j < earlier.size(); j++) {
        double jaccard = jaccard(top.get(i), earlier.get(j).topWords());
        if (jaccard >= overlap) {
          pairs.add(new Pair(i, j, jaccard));
        }
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::jaccard).reversed()
        .thenComparingInt(Pair::now).thenComparingInt(Pair::before));
    Set<Integer> taken = new HashSet<>();
    for (Pair p : pairs) {
      if (ids[p.now()] == null && taken.add(p.before())) {
        ids[p.now()] = earlier.get(p.before()).id();
      }
    }
    int next = 1;
    Set<String> used = new HashSet<>();
    previous.forEach(t -> used.add(t.id()));
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == null) {
        while (used.contains(String.format("t%02d", next))) {
          next++;
        }
        ids[i] = String.format("t%02d", next++);
      }
      used.add(ids[i]);
    }
    return List.of(ids);
  }

  static double jaccard(List<String> a, List<String> b) {
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    Set<String> both = new HashSet<>(a);
    both.retainAll(new HashSet<>(b));
    return union.isEmpty() ? 0 : (double) both.size() / union.size();
  }

  /** Reads a seeds file: theme name -> seed words or phrases (YAML map of lists). */
  public static Map<String, List<String>> seeds(String file) {
    if (file == null || file.isBlank()) {
      return Map.of();
    }
    java.nio.file.Path path = java.nio.file.Path.of(file);
    if (!java.nio.file.Files.isRegularFile(path)) {
      throw new io.grapevine.core.UserInputException("enrich.themes.seeds_file: " + file + " does not exist");
    }
    try {
      com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper(
          new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(path.toFile());
      Map<String, List<String>> seeds = new LinkedHashMap<>();
      if (root == null || !root.isObject()) {
        throw new io.grapevine.core.UserInputException("enrich.themes.seeds_file: " + file
            + ": expected a map of theme name to a list of seed words, such as refunds: [refund, money back]");
      }
      root.fields().forEachRemaining(e -> {
        List<String> words = new ArrayList<>();
        if (e.getValue().isArray()) {
          e.getValue().forEach(w -> {
            if (!w.asText().isBlank()) {
              words.add(w.asText());
            }
          });
        }
        if (words.isEmpty()) {
          throw new io.grapevine.core.UserInputException("enrich.themes.seeds_file: " + file + ": theme '"
              + e.getKey() + "' needs a list of seed words or phrases, such as [refund, money back]");
        }
        seeds.put(e.getKey(), words);
      });
      return seeds;
    } catch (java.io.IOException e) {
      throw new io.grapevine.core.UserInputException("enrich.themes.seeds_file: " + file + " is not valid YAML: "
          + e.getMessage().split("\n")[0]);
    }
  }
}
