package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Sentiment;
import io.grapevine.core.UserInputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The fallback sentiment for text in a language without a usable model: counts of positive and
 * negative words from a word list per language (built in: {@code sentiment-lexicon.yaml}, English
 * and Russian), a negator turning the next two words of its clause around. The score is (positive - negative) /
 * (positive + negative); a text with none of the words gets no label.
 */
public final class Lexicon implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String BUILT_IN = "/io/grapevine/sentiment-lexicon.yaml";
  /** Words as the model reads them, and the punctuation that ends a negator's reach. */
  private static final Pattern WORD = Pattern.compile(SentimentModel.TOKEN_PATTERN + "|[.,;:]");
  private static final int NEGATION_REACH = 2;

  private final Map<String, Words> byLanguage;

  private static final class Words implements Serializable {
    private static final long serialVersionUID = 1L;
    final Set<String> positive = new HashSet<>();
    final Set<String> negative = new HashSet<>();
    final List<String> positivePrefixes = new ArrayList<>();
    final List<String> negativePrefixes = new ArrayList<>();
    final Set<String> negators = new HashSet<>();

    int polarity(String w) {
      if (positive.contains(w) || startsWithAny(w, positivePrefixes)) {
        return 1;
      }
      if (negative.contains(w) || startsWithAny(w, negativePrefixes)) {
        return -1;
      }
      return 0;
    }

    private static boolean startsWithAny(String w, List<String> prefixes) {
      for (String p : prefixes) {
        if (w.startsWith(p)) {
          return true;
        }
      }
      return false;
    }
  }

  private Lexicon(Map<String, Words> byLanguage) {
    this.byLanguage = byLanguage;
  }

  public Set<String> languages() {
    return byLanguage.keySet();
  }

  public static Lexicon load(String file) {
    String name = file == null || file.isBlank() ? BUILT_IN : file;
    Map<String, Map<String, List<String>>> raw = RuleFiles.read(file, BUILT_IN, "Sentiment lexicon",
        "language -> {positive, negative, negators} -> [words]");
    Map<String, Words> out = new LinkedHashMap<>();
    raw.forEach((language, lists) -> {
      if (!language.matches("[a-z]{2}")) {
        throw new UserInputException("Sentiment lexicon " + name + ": '" + language
            + "' is not an ISO 639-1 language code (two lower-case letters)");
      }
      Words w = new Words();
      lists.forEach((kind, words) -> {
        switch (kind) {
          case "positive" -> add(words, w.positive, w.positivePrefixes);
          case "negative" -> add(words, w.negative, w.negativePrefixes);
          case "negators" -> words.forEach(x -> w.negators.add(x.toLowerCase(Locale.ROOT)));
          default -> throw new UserInputException("Sentiment lexicon " + name + ", language " + language
              + ": unknown list '" + kind + "'; expected positive, negative or negators");
        }
      });
      out.put(language, w);
    });
    return new Lexicon(out);
  }

  private static void add(List<String> words, Set<String> exact, List<String> prefixes) {
    for (String word : words) {
      String w = word.toLowerCase(Locale.ROOT);
      if (w.endsWith("*")) {
        prefixes.add(w.substring(0, w.length() - 1));
      } else {
        exact.add(w);
      }
    }
  }

  /** The score of one text in its language, -1..1, or null without a list or without a listed word. */
  public Double score(String text, String language) {
    Words words = language == null ? null : byLanguage.get(language);
    if (text == null || words == null) {
      return null;
    }
    int positive = 0;
    int negative = 0;
    int negatedFor = 0;
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      String w = m.group();
      if (w.length() == 1 && ".,;:!?".indexOf(w.charAt(0)) >= 0) {
        negatedFor = 0;
        continue;
      }
      if (words.negators.contains(w) || w.endsWith("n't")) {
        negatedFor = NEGATION_REACH;
        continue;
      }
      int p = words.polarity(w);
      if (negatedFor > 0) {
        p = -p;
        negatedFor--;
      }
      if (p > 0) {
        positive++;
      } else if (p < 0) {
        negative++;
      }
    }
    return positive + negative == 0 ? null : (double) (positive - negative) / (positive + negative);
  }

  /** Scores texts: label, sentiment and basis {@code lexicon} where a listed word occurs. */
  public Dataset<Row> apply(Dataset<Row> texts) {
    Lexicon self = this;
    UserDefinedFunction f = org.apache.spark.sql.functions.udf(
        (UDF2<String, String, Double>) self::score, DataTypes.DoubleType).withName("grapevine_lexicon");
    Column s = f.apply(col(FeedbackSchema.TEXT), col(FeedbackSchema.LANGUAGE));
    return texts.withColumn("_lexicon", s)
        .withColumn(FeedbackSchema.SENTIMENT, col("_lexicon"))
        .withColumn(FeedbackSchema.SENTIMENT_LABEL, when(col("_lexicon").gt(0), lit(Sentiment.POSITIVE))
            .when(col("_lexicon").lt(0), lit(Sentiment.NEGATIVE))
            .when(col("_lexicon").equalTo(0), lit(Sentiment.NEUTRAL)))
        .withColumn(FeedbackSchema.SENTIMENT_BASIS, when(col("_lexicon").isNotNull(), lit(Sentiment.BASIS_LEXICON)))
        .drop("_lexicon");
  }
}
