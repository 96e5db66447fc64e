package io.grapevine.enrich;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.tartarus.snowball.SnowballStemmer;

/**
 * Word stems, so that the forms of one word count as one (thank and thanks, flight and flights,
 * delayed and delay; заказ and заказа). Lucene's Snowball stemmers do the work, chosen by the text's
 * language (an ISO 639-1 code); a word of a language without one, or of no known language, is kept as
 * written. Stemmers keep state, so each thread has its own.
 */
final class Stems {
  /** ISO 639-1 code to the name of its Snowball stemmer ({@code org.tartarus.snowball.ext.<Name>Stemmer}). */
  static final Map<String, String> STEMMERS = Map.ofEntries(Map.entry("en", "English"), Map.entry("ru", "Russian"),
      Map.entry("de", "German"), Map.entry("fr", "French"), Map.entry("es", "Spanish"), Map.entry("it", "Italian"),
      Map.entry("pt", "Portuguese"), Map.entry("nl", "Dutch"), Map.entry("sv", "Swedish"), Map.entry("da", "Danish"),
      Map.entry("no", "Norwegian"), Map.entry("nb", "Norwegian"), Map.entry("fi", "Finnish"),
      Map.entry("hu", "Hungarian"), Map.entry("ro", "Romanian"), Map.entry("tr", "Turkish"),
      Map.entry("ca", "Catalan"), Map.entry("eu", "Basque"), Map.entry("ga", "Irish"), Map.entry("lt", "Lithuanian"),
      Map.entry("et", "Estonian"), Map.entry("id", "Indonesian"), Map.entry("ar", "Arabic"),
      Map.entry("hy", "Armenian"), Map.entry("sr", "Serbian"), Map.entry("el", "Greek"), Map.entry("hi", "Hindi"),
      Map.entry("ne", "Nepali"), Map.entry("ta", "Tamil"), Map.entry("yi", "Yiddish"));

  private static final ThreadLocal<Map<String, SnowballStemmer>> STEMMERS_OF_THREAD =
      ThreadLocal.withInitial(HashMap::new);

  private Stems() {}

  /** The stem of a lower-case word in a language; the word itself where the language has no stemmer. */
  static String stem(String word, String language) {
    String name = language == null ? null : STEMMERS.get(language.toLowerCase(Locale.ROOT));
    if (name == null || word == null) {
      return word;
    }
    SnowballStemmer stemmer = STEMMERS_OF_THREAD.get().computeIfAbsent(name, Stems::load);
    stemmer.setCurrent(word);
    stemmer.stem();
    String stem = stemmer.getCurrent();
    return stem.isEmpty() ? word : stem;
  }

  private static SnowballStemmer load(String name) {
    try {
      return (SnowballStemmer) Class.forName("org.tartarus.snowball.ext." + name + "Stemmer")
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Snowball stemmer " + name + " is missing from lucene-analysis-common", e);
    }
  }

  /** (array of words, language) to the array of their stems, one per word and in the same order. */
  static UserDefinedFunction udf() {
    return org.apache.spark.sql.functions.udf((UDF2<scala.collection.Seq<String>, String, List<String>>) (words, language) -> {
      if (words == null) {
        return null;
      }
      List<String> stems = new ArrayList<>(words.length());
      for (int i = 0; i < words.length(); i++) {
        stems.add(stem(words.apply(i), language));
      }
      return stems;
    }, DataTypes.createArrayType(DataTypes.StringType)).withName("grapevine_stems");
  }
}
