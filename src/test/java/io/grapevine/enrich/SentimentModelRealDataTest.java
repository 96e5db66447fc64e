package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SharedDatasetsRun;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The text model on real labelled data: the airline tweets (three classes from human labellers),
 * the same tweets scored by a model that saw only rated reviews, and Russian restaurant reviews.
 * Figures are printed for the README; the bars are the issue's.
 */
@EnabledIf(value = "io.grapevine.SparkTestSession#sharedDatasetsPresent",
    disabledReason = "../shared/datasets is absent (a user's clone): the real-data tests are skipped")
class SentimentModelRealDataTest {
  private static final GrapevineConfig.SentimentModel CFG = GrapevineConfig.defaults().enrich.sentimentModel;

  private static Dataset<Row> source(String... names) {
    return SharedDatasetsRun.feedback().where(col(FeedbackSchema.SOURCE).isin((Object[]) names)
        .and(col(FeedbackSchema.TEXT).isNotNull()));
  }

  private static void print(String what, SentimentModel.Evaluation e) {
    System.out.printf("%s: train %d, test %d, accuracy %.4f, macro-F1 %.4f, F1 %s, confusion %s%n",
        what, e.trainTexts, e.testTexts, e.accuracy, e.macroF1, e.f1ByClass, e.confusion);
  }

  @Test
  void tweetsHeldOutFifthMeetsThePublishedBagOfWordsBaseline() {
    SentimentModel.Evaluation e = SentimentModel.train(source("twitter_airlines"), "en", CFG).evaluation();
    print("Tweets.csv 80/20", e);
    // 14,485 distinct tweets; a fifth held out by a hash of the id.
    assertThat(e.testTexts).isBetween(2_700L, 3_100L);
    assertThat(e.trainTexts + e.testTexts).isEqualTo(14_485L);
    assertThat(e.accuracy).isGreaterThanOrEqualTo(0.78);
    assertThat(e.macroF1).isGreaterThanOrEqualTo(0.70);
  }

  @Test
  void crossDomainReviewsToTweetsIsMeasuredAndWeaker() {
    // Labels from the star ratings, as enrich derives them; no tweet is seen in training.
    Dataset<Row> reviews = SentimentRules.apply(
        source("yelp_reviews", "tripadvisor_hotels", "amazon_alexa", "ba_reviews"));
    SentimentModel.Trained trained = SentimentModel.train(reviews, "en", CFG);
    print("reviews 80/20", trained.evaluation());
    SentimentModel.Evaluation onTweets =
        SentimentModel.evaluate(trained.model(), source("twitter_airlines"), "en");
    print("reviews -> tweets", onTweets);
    assertThat(onTweets.testTexts).isEqualTo(14_485L);
    assertThat(onTweets.macroF1).isLessThan(0.70).isGreaterThan(0.33);
  }

  @Test
  void russianRestaurantReviewsWithCyrillicTokensAndStems() {
    // The reviewers' whole-review label (positive, negative, neutral for "both"), not the scores.
    SentimentModel.Evaluation e = SentimentModel.train(source("ru_restaurants")
        .where(col(FeedbackSchema.SENTIMENT_LABEL).isNotNull()), "ru", CFG).evaluation();
    print("SentiRuEval restaurants 80/20", e);
    assertThat(e.trainTexts + e.testTexts).isBetween(300L, 404L);
    assertThat(e.accuracy).isGreaterThan(0.6);
  }
}
