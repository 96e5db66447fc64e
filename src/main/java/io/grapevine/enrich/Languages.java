package io.grapevine.enrich;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Sentiment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The language of each text as an ISO 639-1 code, by the optimaize language-detector's n-gram
 * profiles (71 languages), or {@code und} when the text has fewer than {@link #MIN_LETTERS} letters
 * once addresses, mentions and numbers are removed, or when no language is clearly ahead. A language
 * the source already gave is kept.
 */
public final class Languages {
  /** Below this many letters a text is too short to tell. */
  public static final int MIN_LETTERS = 12;
  /** Only the start of a long text is read: the language rarely changes after it, and speed does. */
  public static final int MAX_CHARS = 400;
  /** A language must be at least this probable to be named. */
  public static final double MIN_PROBABILITY = 0.80;

  private static final Pattern NOISE =
      Pattern.compile("https?://\\S+|www\\.\\S+|[@#][\\p{L}\\p{N}_]+|\\S+@\\S+|[\\p{N}\\p{P}\\p{S}]+");

  private Languages() {}

  /** One detector per JVM: loading the profiles takes about a second, detecting is thread-safe. */
  private static final class Holder {
    static final LanguageDetector DETECTOR = build();

    private static LanguageDetector build() {
      try {
        return LanguageDetectorBuilder.create(NgramExtractors.standard())
            .withProfiles(new LanguageProfileReader().readAllBuiltIn())
            .build();
      } catch (IOException e) {
        throw new UncheckedIOException("language profiles could not be read from the detector's jar", e);
      }
    }
  }

  /** The language of one text: an ISO 639-1 code, {@code und}, or null for no text. */
  public static String detect(String text) {
    if (text == null) {
      return null;
    }
    String cut = text.length() > MAX_CHARS * 2 ? text.substring(0, MAX_CHARS * 2) : text;
    String clean = NOISE.matcher(cut).replaceAll(" ").trim();
    if (clean.length() > MAX_CHARS) {
      clean = clean.substring(0, MAX_CHARS);
    }
    long letters = clean.codePoints().filter(Character::isLetter).count();
    if (letters < MIN_LETTERS) {
      return Sentiment.LANGUAGE_UNDETERMINED;
    }
    List<DetectedLanguage> found = Holder.DETECTOR.getProbabilities(clean);
    if (found.isEmpty() || found.get(0).getProbability() < MIN_PROBABILITY) {
      return Sentiment.LANGUAGE_UNDETERMINED;
    }
    // Profiles are named by ISO 639-1 code, with a region for a few (zh-CN, zh-TW).
    String code = found.get(0).getLocale().getLanguage();
    return code.length() == 2 ? code : Sentiment.LANGUAGE_UNDETERMINED;
  }

  public static UserDefinedFunction udfDetect() {
    return udf((UDF1<String, String>) Languages::detect, DataTypes.StringType).withName("grapevine_language");
  }

  /** Fills {@code language} where the source left it empty. */
  public static Dataset<Row> apply(Dataset<Row> feedback) {
    Column detected = udfDetect().apply(col(FeedbackSchema.TEXT));
    return feedback.withColumn(FeedbackSchema.LANGUAGE, coalesce(col(FeedbackSchema.LANGUAGE), detected));
  }
}
