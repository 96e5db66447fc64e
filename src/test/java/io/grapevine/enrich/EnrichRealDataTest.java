package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SharedDatasetsRun;
import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Sentiment;
import io.grapevine.core.StageRun;
import io.grapevine.core.Table;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** The enrich stage over every real export ingested by the shared-datasets catalog. */
@EnabledIf(value = "io.grapevine.SparkTestSession#sharedDatasetsPresent",
    disabledReason = "../shared/datasets is absent (a user's clone): the real-data tests are skipped")
class EnrichRealDataTest {
  private static StageRun enrich;
  private static Dataset<Row> enriched;

  private static final java.nio.file.Path MODELS =
      java.nio.file.Paths.get(SharedDatasetsRun.context().layout().sentimentModels(SharedDatasetsRun.MONTH));

  @BeforeAll
  static void enrichAll() throws java.io.IOException {
    // An earlier run's version, current until this run, with a model for a language this run does not model.
    java.nio.file.Files.createDirectories(MODELS.resolve("earlier-run/xx"));
    java.nio.file.Files.writeString(MODELS.resolve("CURRENT"), "earlier-run\n");
    enrich = EnrichJob.run(SharedDatasetsRun.context(), "2005-01");
    enriched = SparkTestSession.table(SharedDatasetsRun.out(), Table.FEEDBACK_ENRICHED).cache();
  }

  private static Dataset<Row> source(String name) {
    return enriched.where(col(FeedbackSchema.SOURCE).equalTo(name));
  }

  private static long count(Map<String, Object> details, String key) {
    return ((Number) details.get(key)).longValue();
  }

  @Test
  void supportTweetsBecomeCustomerMessagesWithTheCompanysAnswer() {
    Dataset<Row> support = source("twitter_support");
    // 2,222 of the 5,000 tweets are the companies' answers; every other accepted record is a customer's.
    assertThat(count(enrich.details, "company_messages_as_replies")).isEqualTo(2_222);
    // Every row read is written, or became a reply.
    assertThat(enrich.rowsIn).isEqualTo(enrich.rowsOut + 2_222);
    assertThat(count(enrich.details, "customer_messages_with_reply"))
        .isEqualTo(enriched.where(col(FeedbackSchema.RESPONSE_TEXT).isNotNull()).count());
    @SuppressWarnings("unchecked")
    Map<String, Object> ingested = ((Map<String, Map<String, Object>>) (Map<?, ?>)
        SharedDatasetsRun.ingest().details.get("sources")).get("twitter_support");
    assertThat(support.count()).isEqualTo(count(ingested, "written_accepted") - 2_222);
    assertThat(support.where(col(FeedbackSchema.FROM_COMPANY)).count()).isZero();
    long answered = support.where(col(FeedbackSchema.RESPONSE_TEXT).isNotNull()).count();
    System.out.printf("twcs: %d customer messages, %d with an answer%n", support.count(), answered);
    assertThat(answered).isGreaterThan(1_500);
    // Answers come after the message.
    assertThat(support.where(col(FeedbackSchema.RESPONSE_TS).lt(col(FeedbackSchema.EVENT_TS))).count()).isZero();
    assertThat(support.where(col(ReplySignals.APOLOGY)).count()).isGreaterThan(200);
  }

  @Test
  void theMonthsModelsAreThisRunsOnly() throws java.io.IOException {
    java.nio.file.Path dir = java.nio.file.Paths.get(SharedDatasetsRun.context().storage().current(MODELS.toString()));
    assertThat(dir.getFileName().toString()).isNotEqualTo("earlier-run");
    assertThat(dir.resolve("xx")).doesNotExist();
    assertThat(dir.resolve("en")).isDirectory();
    assertThat(java.nio.file.Files.readString(dir.resolve("model_card.json")))
        .contains("\"language\" : \"en\"").contains("macro_f1");
  }

  @Test
  void everyTextHasALanguage() {
    Dataset<Row> tweets = source("twitter_airlines");
    assertThat(tweets.where(col(FeedbackSchema.LANGUAGE).equalTo("en")).count())
        .isGreaterThan(tweets.count() * 90 / 100);
    Dataset<Row> russian = source("ru_restaurants");
    assertThat(russian.where(col(FeedbackSchema.LANGUAGE).equalTo("ru")).count()).isEqualTo(russian.count());
    assertThat(enriched.where(col(FeedbackSchema.TEXT).isNotNull().and(col(FeedbackSchema.LANGUAGE).isNull()))
        .count()).isZero();
  }

  @Test
  @SuppressWarnings("unchecked")
  void theEnglishModelIsMeasuredUsedAndLabelsTheSupportTweets() {
    List<SentimentModel.Evaluation> models = (List<SentimentModel.Evaluation>) enrich.details.get("sentiment_models");
    SentimentModel.Evaluation en = models.stream().filter(e -> e.language.equals("en")).findFirst().orElseThrow();
    System.out.printf("en model: train %d, test %d, accuracy %.4f, macro-F1 %.4f, %s%n", en.trainTexts,
        en.testTexts, en.accuracy, en.macroF1, en.reason);
    assertThat(en.used).isTrue();
    assertThat(en.macroF1).isGreaterThanOrEqualTo(0.6);
    // Russian has a few hundred labelled reviews: reported, no model.
    SentimentModel.Evaluation ru = models.stream().filter(e -> e.language.equals("ru")).findFirst().orElseThrow();
    assertThat(ru.used).isFalse();
    assertThat(ru.reason).startsWith("only ");

    Dataset<Row> support = source("twitter_support").where(col(FeedbackSchema.LANGUAGE).equalTo("en"));
    assertThat(support.where(col(FeedbackSchema.SENTIMENT_BASIS).equalTo(Sentiment.BASIS_MODEL)).count())
        .isEqualTo(support.count());
    // Customers who write to a support account are mostly unhappy.
    assertThat(support.where(col(FeedbackSchema.SENTIMENT_LABEL).equalTo(Sentiment.NEGATIVE)).count())
        .isGreaterThan(support.count() / 3);
  }
}
