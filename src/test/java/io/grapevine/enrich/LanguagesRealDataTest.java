package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SharedDatasetsRun;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Languages;
import io.grapevine.core.Sentiment;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Language detection on the real texts in {@code ../shared}, without any declared prior (the hard
 * case: what enrich does for a source that declares nothing): per set, the share named as the set's
 * language, the share left {@code und}, and that nothing outside the supported languages is named.
 */
@EnabledIf(value = "io.grapevine.SparkTestSession#sharedDatasetsPresent",
    disabledReason = "../shared/datasets is absent (a user's clone): the real-data tests are skipped")
class LanguagesRealDataTest {
  /** Share of a source's texts detected per language, printed for the docs. */
  private static Map<String, Double> shares(String source) {
    List<String> texts = SharedDatasetsRun.feedback().where(col(FeedbackSchema.SOURCE).equalTo(source)
        .and(col(FeedbackSchema.TEXT).isNotNull())).select(FeedbackSchema.TEXT).as(
            org.apache.spark.sql.Encoders.STRING()).collectAsList();
    Map<String, Long> counts = new TreeMap<>();
    for (String t : texts) {
      counts.merge(Languages.detect(t), 1L, Long::sum);
    }
    Map<String, Double> out = new TreeMap<>();
    counts.forEach((l, n) -> out.put(l, Math.round(10_000.0 * n / texts.size()) / 10_000.0));
    System.out.printf("languages of %s (%d texts): %s%n", source, texts.size(), out);
    return out;
  }

  private static void assertDetected(String source, String language, double atLeast) {
    Map<String, Double> s = shares(source);
    assertThat(s.keySet()).allSatisfy(l -> assertThat(l).isIn(
        java.util.stream.Stream.concat(Languages.SUPPORTED.stream(), java.util.stream.Stream.of(
            Sentiment.LANGUAGE_UNDETERMINED)).toList()));
    assertThat(s.getOrDefault(language, 0.0)).as(source + " detected as " + language).isGreaterThanOrEqualTo(atLeast);
  }

  @Test
  void russianReviewsAreRussianNotBulgarianOrMacedonian() {
    assertDetected("ru_restaurants", "ru", 0.99);
  }

  @Test
  void shortEnglishTweetsAreEnglishNotHaitianCreole() {
    assertDetected("twitter_airlines", "en", 0.90);
    assertDetected("twitter_support", "en", 0.80);
  }

  @Test
  void englishReviewsAndComplaints() {
    assertDetected("tripadvisor_hotels", "en", 0.99);
    assertDetected("yelp_reviews", "en", 0.99);
    assertDetected("ba_reviews", "en", 0.99);
    assertDetected("cfpb_complaints", "en", 0.97); // 1.8% und: narratives of XXXX redactions
    assertDetected("amazon_alexa", "en", 0.70);
  }
}
