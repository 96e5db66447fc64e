package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SharedDatasetsRun;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Languages;
import io.grapevine.core.Sentiment;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The shipped default models on real sets they never saw (none of their corpora holds a text of
 * {@code ../shared}): the airline tweets and the Russian restaurant reviews, labelled by people. Through
 * enrich's own path with the sets' labels removed, so coverage counts what language detection leaves
 * unlabelled too. The bars are the README's.
 */
@EnabledIf(value = "io.grapevine.SparkTestSession#sharedDatasetsPresent",
    disabledReason = "../shared/datasets is absent (a user's clone): the real-data tests are skipped")
class DefaultModelsRealDataTest {
  private static final GrapevineConfig.SentimentModel CFG = GrapevineConfig.defaults().enrich.sentimentModel;

  /** Labelled texts of a source; its labels kept aside as {@code _truth}, language detected afresh. */
  private static Dataset<Row> unlabelled(String source) {
    Dataset<Row> rows = SharedDatasetsRun.feedback().where(col(FeedbackSchema.SOURCE).equalTo(source)
        .and(col(FeedbackSchema.TEXT).isNotNull()));
    Dataset<Row> ruled = SentimentRules.apply(rows).where(col(FeedbackSchema.SENTIMENT_LABEL).isNotNull());
    return Languages.apply(ruled.withColumn("_truth", col(FeedbackSchema.SENTIMENT_LABEL))
        .withColumn(FeedbackSchema.LANGUAGE, lit(null).cast("string"))
        .withColumn(FeedbackSchema.SENTIMENT_LABEL, lit(null).cast("string"))
        .withColumn(FeedbackSchema.SENTIMENT, lit(null).cast("double"))
        .withColumn(FeedbackSchema.SENTIMENT_BASIS, lit(null).cast("string")));
  }

  /** Coverage and the held-out figures of enrich's labels against the people's. */
  private static SentimentModel.Evaluation check(String source, String language) {
    Dataset<Row> texts = unlabelled(source).cache();
    Dataset<Row> scored = TextSentiment.apply(texts, CFG, Lexicon.load(""), DefaultModels::scorer).feedback();
    long all = texts.count();
    long byDefault = scored.where(col(FeedbackSchema.SENTIMENT_BASIS).equalTo(Sentiment.BASIS_DEFAULT_MODEL))
        .count();
    SentimentModel.Evaluation e = SentimentModel.evaluate(DefaultModels.scorer(language).orElseThrow(),
        texts.withColumn(FeedbackSchema.SENTIMENT_LABEL, col("_truth")), language);
    System.out.printf("default %s model on %s: %d texts, %.3f labelled by it; accuracy %.4f, macro-F1 %.4f,"
        + " F1 %s, confusion %s%n", language, source, all, (double) byDefault / all, e.accuracy, e.macroF1,
        e.f1ByClass, e.confusion);
    assertThat((double) byDefault / all).as("coverage of " + source).isGreaterThanOrEqualTo(0.90);
    texts.unpersist();
    return e;
  }

  @Test
  void englishTweetsTheModelNeverSaw() {
    // Measured 0.581 (accuracy 0.595): general tweets do not teach complaints well; the aim is 0.65.
    assertThat(check("twitter_airlines", "en").macroF1).isGreaterThanOrEqualTo(0.55);
  }

  @Test
  void russianRestaurantReviewsTheModelNeverSaw() {
    // Tweets and short posts do not teach long reviews, and this set's third class is "both"
    // (mixed), which no corpus labels: accuracy 0.668, macro-F1 0.33 measured; the aim is 0.55.
    SentimentModel.Evaluation e = check("ru_restaurants", "ru");
    assertThat(e.accuracy).isGreaterThanOrEqualTo(0.60);
    assertThat(e.f1ByClass.get(Sentiment.POSITIVE)).isGreaterThanOrEqualTo(0.80);
  }
}
