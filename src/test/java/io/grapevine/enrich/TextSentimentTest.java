package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Sentiment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The model gate on generated texts: a learnable language gets a model, a random one does not. */
class TextSentimentTest {
  private static final String[][] EN = {
    {"awful", "rude", "broken", "late", "refund", "never", "again", "worst"},
    {"okay", "average", "arrived", "usual", "normal", "fine", "expected"},
    {"lovely", "helpful", "quick", "friendly", "recommend", "great", "thanks"}};
  private static final String[] FILLER = {"the", "order", "staff", "hotel", "app", "flight", "room", "call"};

  private static String text(SplittableRandom rnd, String[] mood) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      String[] pool = rnd.nextDouble() < 0.5 ? mood : FILLER;
      b.append(pool[rnd.nextInt(pool.length)]).append(' ');
    }
    return b.toString().trim();
  }

  private static Dataset<Row> feedback() {
    SplittableRandom rnd = new SplittableRandom(11);
    String[] labels = {Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      int mood = rnd.nextInt(3);
      // English: the words carry the label; a fifth of them arrive unlabelled.
      rows.add(RowFactory.create("en" + i, text(rnd, EN[mood]), "en", i % 5 == 0 ? null : labels[mood]));
      // "Dutch" here: labels drawn at random, so no model can learn them.
      rows.add(RowFactory.create("nl" + i, text(rnd, EN[rnd.nextInt(3)]), "nl", labels[rnd.nextInt(3)]));
    }
    rows.add(RowFactory.create("ru1", "Ужасное обслуживание", "ru", null));
    rows.add(RowFactory.create("nl-u", "lovely helpful staff", "nl", null));
    StructType schema = new StructType().add(FeedbackSchema.FEEDBACK_ID, DataTypes.StringType)
        .add(FeedbackSchema.TEXT, DataTypes.StringType).add(FeedbackSchema.LANGUAGE, DataTypes.StringType)
        .add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType);
    return SparkTestSession.get().createDataFrame(rows, schema)
        .withColumn(FeedbackSchema.SENTIMENT, org.apache.spark.sql.functions.lit(null).cast(DataTypes.DoubleType))
        .withColumn(FeedbackSchema.SENTIMENT_BASIS,
            org.apache.spark.sql.functions.when(col(FeedbackSchema.SENTIMENT_LABEL).isNotNull(), "label"));
  }

  @Test
  void aLearnableLanguageGetsAModelAndAWeakOneFallsBackToTheLexicon() {
    GrapevineConfig.SentimentModel cfg = GrapevineConfig.defaults().enrich.sentimentModel;
    cfg.hashBits = 14; // small data: fewer hashed features train faster, same arithmetic
    TextSentiment.Outcome out = TextSentiment.apply(feedback(), cfg, Lexicon.load(null), l -> Optional.empty());
    Map<String, SentimentModel.Evaluation> byLanguage = out.evaluations().stream()
        .collect(Collectors.toMap(e -> e.language, e -> e));

    SentimentModel.Evaluation en = byLanguage.get("en");
    assertThat(en.used).isTrue();
    assertThat(en.macroF1).isGreaterThan(0.9);
    assertThat(en.trainTexts + en.testTexts).isEqualTo(1_200);
    SentimentModel.Evaluation nl = byLanguage.get("nl");
    assertThat(nl.used).isFalse();
    assertThat(nl.macroF1).isLessThan(0.6);
    assertThat(nl.reason).contains("too weak to trust");
    assertThat(out.models()).containsOnlyKeys("en");

    Dataset<Row> scored = out.feedback().cache();
    assertThat(scored.count()).isEqualTo(3_002);
    // Unlabelled English: the model decided, and mostly as the words say.
    List<Row> en5 = scored.where(col(FeedbackSchema.LANGUAGE).equalTo("en")
        .and(col(FeedbackSchema.SENTIMENT_BASIS).equalTo(Sentiment.BASIS_MODEL))).collectAsList();
    assertThat(en5).hasSize(300);
    assertThat(en5).allSatisfy(r -> assertThat(r.<Double>getAs(FeedbackSchema.SENTIMENT)).isBetween(-1.0, 1.0));
    // The weak language and the one without a model: the lexicon where it has words, else nothing.
    Row ru = scored.where(col(FeedbackSchema.FEEDBACK_ID).equalTo("ru1")).first();
    assertThat(ru.<String>getAs(FeedbackSchema.SENTIMENT_BASIS)).isEqualTo(Sentiment.BASIS_LEXICON);
    assertThat(ru.<String>getAs(FeedbackSchema.SENTIMENT_LABEL)).isEqualTo(Sentiment.NEGATIVE);
    Row nlU = scored.where(col(FeedbackSchema.FEEDBACK_ID).equalTo("nl-u")).first();
    assertThat(nlU.<String>getAs(FeedbackSchema.SENTIMENT_LABEL)).isNull();
    assertThat(nlU.<String>getAs(FeedbackSchema.SENTIMENT_BASIS)).isNull();
  }

  @Test
  void theShippedModelLabelsWhatTheRunCannotLearnAndLosesWhereTheRunDoesBetter() {
    GrapevineConfig.SentimentModel cfg = GrapevineConfig.defaults().enrich.sentimentModel;
    cfg.hashBits = 14;
    TextSentiment.Outcome out = TextSentiment.apply(feedback(), cfg, Lexicon.load(null));
    List<SentimentModel.Evaluation> en = out.evaluations().stream().filter(e -> e.language.equals("en")).toList();
    // English: the run's own model and the shipped one, measured on the same 300 held-out texts.
    assertThat(en).extracting(e -> e.model).containsExactly("run", "default");
    assertThat(en.get(1).testTexts).isEqualTo(en.get(0).testTexts);
    assertThat(en.get(0).used).isTrue();
    assertThat(en.get(0).macroF1).isGreaterThan(en.get(1).macroF1);
    assertThat(en.get(1).used).isFalse();
    assertThat(en.get(1).reason).contains("own model does better");
    // Russian: no labels in the run, so the shipped model labels it, and reads the words right.
    SentimentModel.Evaluation ru = out.evaluations().stream().filter(e -> e.language.equals("ru")).findFirst()
        .orElseThrow();
    assertThat(ru.model).isEqualTo("default");
    assertThat(ru.used).isTrue();
    assertThat(ru.testTexts).isZero();
    Row ru1 = out.feedback().where(col(FeedbackSchema.FEEDBACK_ID).equalTo("ru1")).first();
    assertThat(ru1.<String>getAs(FeedbackSchema.SENTIMENT_BASIS)).isEqualTo(Sentiment.BASIS_DEFAULT_MODEL);
    assertThat(ru1.<String>getAs(FeedbackSchema.SENTIMENT_LABEL)).isEqualTo(Sentiment.NEGATIVE);
    // Its error, measured on its corpora's held-out fifth, travels with the label for metrics to correct.
    assertThat(ru.confusion).isNotEmpty();
    assertThat(ru1.<Double>getAs(Sentiment.MODEL_NEGATIVE_TPR)).isBetween(0.5, 1.0);
    assertThat(ru1.<Double>getAs(Sentiment.MODEL_NEGATIVE_FPR)).isBetween(0.0, 0.3);
    assertThat(ru1.<Long>getAs(Sentiment.MODEL_TEST_NEGATIVE)).isGreaterThan(100L);
    // A label the source gave carries none.
    Row given = out.feedback().where(col(FeedbackSchema.SENTIMENT_BASIS).equalTo("label")).first();
    assertThat(given.isNullAt(given.fieldIndex(Sentiment.MODEL_NEGATIVE_TPR))).isTrue();
    // No model ships for Dutch: as before, the lexicon or nothing.
    assertThat(out.evaluations()).filteredOn(e -> e.language.equals("nl")).extracting(e -> e.model)
        .containsExactly("run");
  }

  @Test
  void aDefaultModelMeasuredOnAHandfulOfTheRunsTextsCarriesItsCardsError() {
    // 60 German texts, 40 labelled: too few for a model of the run's own, and its held-out fifth (about
    // eight) too few to measure the default's error on; the card's held-out confusion is used instead.
    String[] words = {"Lieferung", "kam", "spät", "sehr", "gut", "schlecht", "Service", "freundlich", "nie", "wieder"};
    SplittableRandom rnd = new SplittableRandom(4);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      StringBuilder t = new StringBuilder();
      for (int w = 0; w < 6; w++) {
        t.append(words[rnd.nextInt(words.length)]).append(' ');
      }
      rows.add(RowFactory.create("de" + i, t.toString().trim(), "de",
          i < 40 ? new String[] {Sentiment.NEGATIVE, Sentiment.POSITIVE}[i % 2] : null));
    }
    StructType schema = new StructType().add(FeedbackSchema.FEEDBACK_ID, DataTypes.StringType)
        .add(FeedbackSchema.TEXT, DataTypes.StringType).add(FeedbackSchema.LANGUAGE, DataTypes.StringType)
        .add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType);
    Dataset<Row> feedback = SparkTestSession.get().createDataFrame(rows, schema)
        .withColumn(FeedbackSchema.SENTIMENT, org.apache.spark.sql.functions.lit(null).cast(DataTypes.DoubleType))
        .withColumn(FeedbackSchema.SENTIMENT_BASIS,
            org.apache.spark.sql.functions.when(col(FeedbackSchema.SENTIMENT_LABEL).isNotNull(), "label"));
    TextSentiment.Outcome out = TextSentiment.apply(feedback, GrapevineConfig.defaults().enrich.sentimentModel,
        Lexicon.load(null));
    SentimentModel.Evaluation de = out.evaluations().stream().filter(e -> e.model.equals("default")).findFirst()
        .orElseThrow();
    assertThat(de.used).isTrue();
    assertThat(de.testTexts).isPositive().isLessThan(TextSentiment.MIN_ERROR_TEXTS);
    Map<String, Map<String, Long>> card = DefaultModels.heldOutConfusion("de");
    long negatives = card.get(Sentiment.NEGATIVE).values().stream().mapToLong(Long::longValue).sum();
    List<Row> scored = out.feedback().where(col(FeedbackSchema.SENTIMENT_BASIS).equalTo(Sentiment.BASIS_DEFAULT_MODEL))
        .collectAsList();
    assertThat(scored).hasSize(20);
    assertThat(scored).allSatisfy(r -> {
      assertThat(r.<Long>getAs(Sentiment.MODEL_TEST_NEGATIVE)).isEqualTo(negatives);
      assertThat(r.<Double>getAs(Sentiment.MODEL_NEGATIVE_TPR))
          .isEqualTo((double) card.get(Sentiment.NEGATIVE).get(Sentiment.NEGATIVE) / negatives);
    });
  }

  @Test
  void macroF1AveragesTheClassesThatOccur() {
    SentimentModel.Evaluation e = new SentimentModel.Evaluation();
    // negative 8 of 10 right, positive 9 of 10, no neutral texts; one positive called neutral.
    SentimentModel.evaluate(e, new long[][] {{8, 0, 2}, {0, 0, 0}, {0, 1, 9}});
    assertThat(e.testTexts).isEqualTo(20);
    assertThat(e.accuracy).isEqualTo(0.85);
    // negative: P 1.0, R 0.8 -> 0.8889; positive: P 9/11, R 0.9 -> 0.8571.
    assertThat(e.f1ByClass).containsOnlyKeys("negative", "positive");
    assertThat(e.macroF1).isEqualTo(Math.round((0.888889 + 0.857143) / 2 * 10_000) / 10_000.0);
  }
}
