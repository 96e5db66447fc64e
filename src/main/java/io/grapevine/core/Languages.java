package io.grapevine.core;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import com.optimaize.langdetect.DetectedLanguage;
import com.optimaize.langdetect.LanguageDetector;
import com.optimaize.langdetect.LanguageDetectorBuilder;
import com.optimaize.langdetect.i18n.LdLocale;
import com.optimaize.langdetect.ngram.NgramExtractors;
import com.optimaize.langdetect.profiles.BuiltInLanguages;
import com.optimaize.langdetect.profiles.LanguageProfileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The language of each text as an ISO 639-1 code, by the optimaize language-detector's n-gram
 * profiles restricted to the languages Grapevine supports ({@link #SUPPORTED}) plus any a source
 * declares, or {@code und} when the text has fewer than {@link #MIN_LETTERS} letters once addresses,
 * mentions, numbers and the masks privacy wrote ({@code [name]}, {@code @[user]}) are removed, or
 * when no language is clearly ahead. Restricting the candidates is what keeps Russian from being
 * read as Bulgarian or Macedonian, and a short English tweet as Haitian Creole. A source's declared
 * languages ({@code languages: [ru]} in the catalog) are a prior: they start ahead of the others,
 * which still win on clear evidence. A language the source already gave is kept.
 */
public final class Languages {
  /** The languages Grapevine reads: sentiment models or word lists, reply signals, salutations. */
  public static final List<String> SUPPORTED = List.of("en", "ru", "de", "fr", "es", "it", "pt", "nl", "pl", "uk");
  /** Below this many letters a text is too short to tell. */
  public static final int MIN_LETTERS = 12;
  /** Only the start of a long text is read: the language rarely changes after it, and speed does. */
  public static final int MAX_CHARS = 400;
  /** A language must be at least this probable to be named. */
  public static final double MIN_PROBABILITY = 0.80;
  /** The head start of a language the source declares against one it does not (a prior odds ratio). */
  public static final double DECLARED_PRIOR = 20.0;

  private static final Pattern NOISE =
      Pattern.compile("https?://\\S+|www\\.\\S+|(?:@|u/)?\\[\\p{L}+\\]|[@#][\\p{L}\\p{N}_]+|\\S+@\\S+|[\\p{N}\\p{P}\\p{S}]+");

  /** One detector per declared set per JVM: loading profiles takes a moment, detecting is thread-safe. */
  private static final Map<List<String>, LanguageDetector> DETECTORS = new ConcurrentHashMap<>();

  private Languages() {}

  /**
   * Languages as exports name them rather than by ISO 639-1 code: English names, their own names,
   * ISO 639-2 codes, and Steam's (schinese, koreana, brazilian, latam).
   */
  private static final Map<String, String> NAMES = names(
      "en", "english eng", "de", "german deutsch deu ger", "fr", "french français francais fra fre",
      "es", "spanish español espanol spa latam", "it", "italian italiano ita",
      "pt", "portuguese português portugues por brazilian", "ru", "russian русский rus",
      "nl", "dutch nederlands nld dut", "pl", "polish polski pol", "uk", "ukrainian українська ukr",
      "tr", "turkish türkçe tur", "ja", "japanese 日本語 jpn", "ko", "korean koreana 한국어 kor",
      "zh", "chinese schinese tchinese 中文 zho chi", "ar", "arabic العربية ara", "sv", "swedish svenska swe",
      "da", "danish dansk dan", "no", "norwegian norsk nor", "fi", "finnish suomi fin",
      "cs", "czech čeština ces cze", "el", "greek ελληνικά ell gre", "hu", "hungarian magyar hun",
      "ro", "romanian română ron rum", "th", "thai tha", "vi", "vietnamese tiếng_việt vie",
      "id", "indonesian ind", "hi", "hindi hin", "bg", "bulgarian bul", "he", "hebrew heb");

  private static Map<String, String> names(String... codeAndNames) {
    Map<String, String> names = new HashMap<>();
    for (int i = 0; i < codeAndNames.length; i += 2) {
      for (String name : codeAndNames[i + 1].split(" ")) {
        names.put(name.replace('_', ' '), codeAndNames[i]);
      }
    }
    return Map.copyOf(names);
  }

  /**
   * A language as an export gives it, as an ISO 639-1 code: a code or a tag ({@code en}, {@code
   * en-US}, {@code pt_BR}) or a name ({@code English}, {@code Deutsch}, {@code eng}); null otherwise.
   */
  public static Column code(Column language) {
    Column v = org.apache.spark.sql.functions.lower(org.apache.spark.sql.functions.trim(language));
    List<Column> pairs = new ArrayList<>();
    NAMES.forEach((name, code) -> {
      pairs.add(org.apache.spark.sql.functions.lit(name));
      pairs.add(org.apache.spark.sql.functions.lit(code));
    });
    return coalesce(org.apache.spark.sql.functions.nullif(
        org.apache.spark.sql.functions.regexp_extract(v, "^([a-z]{2})(?:[-_].*)?$", 1),
        org.apache.spark.sql.functions.lit("")),
        org.apache.spark.sql.functions.try_element_at(org.apache.spark.sql.functions.map(pairs.toArray(Column[]::new)), v));
  }

  private static LanguageDetector detector(List<String> declared) {
    return DETECTORS.computeIfAbsent(List.copyOf(declared), Languages::build);
  }

  private static LanguageDetector build(List<String> declared) {
    Set<String> codes = new LinkedHashSet<>(SUPPORTED);
    Set<String> builtIn = new java.util.HashSet<>();
    for (LdLocale l : BuiltInLanguages.getLanguages()) {
      builtIn.add(l.toString());
    }
    for (String d : declared) {
      if (builtIn.contains(d)) {
        codes.add(d);
      }
    }
    List<LdLocale> locales = new ArrayList<>();
    Map<LdLocale, Double> priors = new HashMap<>();
    for (String c : codes) {
      LdLocale l = LdLocale.fromString(c);
      locales.add(l);
      priors.put(l, declared.isEmpty() || declared.contains(c) ? 1.0 : 1.0 / DECLARED_PRIOR);
    }
    try {
      return LanguageDetectorBuilder.create(NgramExtractors.standard())
          .withProfiles(new LanguageProfileReader().readBuiltIn(locales))
          .languagePriorities(priors)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("language profiles could not be read from the detector's jar", e);
    }
  }

  /** The language of one text: an ISO 639-1 code, {@code und}, or null for no text. */
  public static String detect(String text) {
    return detect(text, List.of());
  }

  /** The same, with the languages the text's source declares as a prior (empty: none). */
  public static String detect(String text, List<String> declared) {
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
    List<DetectedLanguage> found = detector(declared).getProbabilities(clean);
    if (found.isEmpty() || found.get(0).getProbability() < MIN_PROBABILITY) {
      return Sentiment.LANGUAGE_UNDETERMINED;
    }
    String code = found.get(0).getLocale().getLanguage();
    return code.length() == 2 ? code : Sentiment.LANGUAGE_UNDETERMINED;
  }

  /** A column of the language of {@code text}, with {@code declared} as the prior. */
  public static Column detect(Column text, List<String> declared) {
    List<String> prior = List.copyOf(declared);
    UserDefinedFunction f = udf((UDF1<String, String>) t -> detect(t, prior), DataTypes.StringType)
        .withName("grapevine_language");
    return f.apply(text);
  }

  /** Fills {@code language} where the source left it empty. */
  public static Dataset<Row> apply(Dataset<Row> feedback) {
    Column detected = detect(col(FeedbackSchema.TEXT), List.of());
    return feedback.withColumn(FeedbackSchema.LANGUAGE, coalesce(col(FeedbackSchema.LANGUAGE), detected));
  }
}
