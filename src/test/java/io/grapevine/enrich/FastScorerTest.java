package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The one-pass scorer gives the MLlib pipeline's own probabilities and classes, text by text. */
class FastScorerTest {
  private static final String[] LABELS = {"negative", "neutral", "positive"};

  private static Dataset<Row> texts(String[][] moods, String[] filler, String prefix) {
    SplittableRandom rnd = new SplittableRandom(5);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      int mood = rnd.nextInt(3);
      StringBuilder b = new StringBuilder();
      for (int w = 0; w < 3 + rnd.nextInt(12); w++) {
        String[] pool = rnd.nextBoolean() ? moods[mood] : filler;
        String word = pool[rnd.nextInt(pool.length)];
        b.append(rnd.nextInt(10) == 0 ? word.toUpperCase() : word).append(rnd.nextInt(8) == 0 ? "! " : " ");
      }
      rows.add(RowFactory.create(prefix + i, b.toString(), LABELS[mood]));
    }
    // Edge cases: nothing but stop words, emoji and marks, an empty text.
    rows.add(RowFactory.create(prefix + "x1", "the and of", "neutral"));
    rows.add(RowFactory.create(prefix + "x2", "😡😡 ?? !!", "negative"));
    rows.add(RowFactory.create(prefix + "x3", "", "neutral"));
    StructType schema = new StructType().add(FeedbackSchema.FEEDBACK_ID, DataTypes.StringType)
        .add(FeedbackSchema.TEXT, DataTypes.StringType).add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType);
    return SparkTestSession.get().createDataFrame(rows, schema);
  }

  private static void sameAsThePipeline(Dataset<Row> data, String language) {
    GrapevineConfig.SentimentModel cfg = GrapevineConfig.defaults().enrich.sentimentModel;
    cfg.hashBits = 14; // small data: fewer hashed features train faster, same arithmetic
    SentimentModel.Trained trained = SentimentModel.train(data, language, cfg);
    FastScorer scorer = new FastScorer(trained.model(), language.equals("ru") ? 6 : null);
    List<Row> mllib = trained.model().transform(data.select(col(FeedbackSchema.TEXT)))
        .select(col(FeedbackSchema.TEXT), col(SentimentModel.PROBABILITY), col(SentimentModel.PREDICTION))
        .collectAsList();
    assertThat(mllib).hasSize(903);
    for (Row r : mllib) {
      double[] expected = r.<Vector>getAs(1).toArray();
      double[] p = scorer.probabilities(r.getString(0));
      assertThat(p.length).isEqualTo(expected.length);
      for (int c = 0; c < p.length; c++) {
        assertThat(p[c]).as(r.getString(0)).isCloseTo(expected[c], within(1e-9));
      }
      assertThat((double) FastScorer.argmax(p)).as(r.getString(0)).isEqualTo(r.getDouble(2));
    }
    // The compact form the default models ship in: floats, only the features that carry a weight;
    // the same class for every text and probabilities within float rounding.
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try {
      scorer.write(bytes);
      FastScorer read = FastScorer.read(new java.io.ByteArrayInputStream(bytes.toByteArray()));
      for (Row r : mllib) {
        double[] p = read.probabilities(r.getString(0));
        double[] q = scorer.probabilities(r.getString(0));
        for (int c = 0; c < p.length; c++) {
          assertThat(p[c]).as(r.getString(0)).isCloseTo(q[c], within(1e-5));
        }
        assertThat(FastScorer.argmax(p)).as(r.getString(0)).isEqualTo(FastScorer.argmax(q));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // And through the column API, as enrich uses it.
    long agree = SentimentModel.score(trained.model(), language, data.select(col(FeedbackSchema.FEEDBACK_ID),
            col(FeedbackSchema.TEXT), col(FeedbackSchema.SENTIMENT_LABEL).as("truth")))
        .where(col(FeedbackSchema.SENTIMENT_LABEL).equalTo(col("truth"))).count();
    assertThat(agree).isGreaterThan(800);
  }

  @Test
  void englishWithStopWordsCapitalsMarksAndEmoji() {
    sameAsThePipeline(texts(new String[][] {{"awful", "rude", "don't", "never", "😡"},
        {"okay", "usual", "arrived"}, {"great", "lovely", "thanks", "❤"}},
        new String[] {"the", "order", "and", "staff", "is", "not"}, "en"), "en");
  }

  @Test
  void russianWithStemsCutToSixLetters() {
    sameAsThePipeline(texts(new String[][] {{"ужасное", "ужасный", "отвратительно", "грубые"},
        {"нормально", "обычный", "средний"}, {"замечательный", "прекрасное", "вкуснейший"}},
        new String[] {"и", "в", "ресторан", "обслуживание", "не", "очень"}, "ru"), "ru");
  }

  /** Above max_training_texts a seeded sample of the labelled texts trains the model; the rest is as before. */
  @Test
  void aCapOnTrainingTextsTrainsOnASampleAndSaysSo() {
    Dataset<Row> data = texts(new String[][] {{"awful", "rude", "never"}, {"okay", "usual", "arrived"},
        {"great", "lovely", "thanks"}}, new String[] {"the", "order", "and", "staff"}, "cap");
    GrapevineConfig.SentimentModel cfg = GrapevineConfig.defaults().enrich.sentimentModel;
    cfg.hashBits = 14;
    cfg.maxTrainingTexts = 300;
    SentimentModel.Evaluation e = SentimentModel.train(data, "en", cfg).evaluation();
    assertThat(e.trainTextsAvailable).isGreaterThan(600);
    assertThat(e.trainTexts).isBetween(200L, 400L);
    // The held-out share is the same texts, whatever the cap: it measures the model trained on the sample.
    cfg.maxTrainingTexts = 0;
    SentimentModel.Evaluation all = SentimentModel.train(data, "en", cfg).evaluation();
    assertThat(all.trainTexts).isEqualTo(e.trainTextsAvailable);
    assertThat(all.testTexts).isEqualTo(e.testTexts);
    assertThat(e.macroF1).isGreaterThan(0.9);
  }
}
