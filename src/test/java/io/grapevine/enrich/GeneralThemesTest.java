package io.grapevine.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * k-means on words splits a topic by mood and gathers mere praise or complaint into themes of their
 * own: centres of one topic in opposite moods become one theme, a centre made of the words the texts'
 * own labels lean on is general, and topics in the same mood stay apart.
 */
class GeneralThemesTest {
  private static final String[] VOCABULARY = {"parcel", "delivery", "courier", "late", "lost", "fast", "great",
      "thanks", "worst", "refund", "charge"};

  /** A unit-length centre from word weights given as word, weight, word, weight... */
  private static double[] centre(Object... wordWeights) {
    double[] c = new double[VOCABULARY.length];
    for (int i = 0; i < wordWeights.length; i += 2) {
      c[Arrays.asList(VOCABULARY).indexOf((String) wordWeights[i])] = ((Number) wordWeights[i + 1]).doubleValue();
    }
    double length = Math.sqrt(Arrays.stream(c).map(x -> x * x).sum());
    return Arrays.stream(c).map(x -> x / length).toArray();
  }

  /** Mood leans: angry words positive, pleased ones negative (the log odds of a negative label). */
  private static double[] mood() {
    double[] lean = new double[VOCABULARY.length];
    for (String w : List.of("late", "lost", "worst")) {
      lean[Arrays.asList(VOCABULARY).indexOf(w)] = 2;
    }
    for (String w : List.of("fast", "great", "thanks")) {
      lean[Arrays.asList(VOCABULARY).indexOf(w)] = -2;
    }
    return lean;
  }

  @Test
  void oneTopicInTwoMoodsIsOneThemeAndPraiseAloneIsGeneral() {
    double[][] centres = {
        centre("parcel", 3, "delivery", 2, "courier", 2, "late", 3, "lost", 2),   // delivery, angry
        centre("refund", 3, "charge", 3, "worst", 1),                             // billing
        centre("great", 3, "thanks", 3, "delivery", 0.5),                         // praise
        centre("parcel", 3, "delivery", 3, "fast", 3, "great", 1)};               // delivery, pleased
    Themes.Grouping g = Themes.group(centres, new long[] {300, 500, 200, 100}, mood(), 0.35, 0.4);
    assertThat(g.groupOf()).containsExactly(0, 1, 2, 0);
    assertThat(g.general()).containsExactly(false, false, true);
    // The joined centre is the texts' mean: three times the angry centre's weight, unit length.
    double[] expected = new double[VOCABULARY.length];
    for (int w = 0; w < expected.length; w++) {
      expected[w] = 300 * centres[0][w] + 100 * centres[3][w];
    }
    double length = Math.sqrt(Arrays.stream(expected).map(x -> x * x).sum());
    for (int w = 0; w < expected.length; w++) {
      assertThat(g.centres()[0][w]).isCloseTo(expected[w] / length, within(1e-12));
    }
  }

  @Test
  void topicsInTheSameMoodStayApartAndWithoutLabelsNothingJoinsOrIsGeneral() {
    // Two angry centres sharing parcels (lost ones; late deliveries by courier): two complaints, kept apart.
    double[][] angry = {
        centre("parcel", 3, "lost", 3, "refund", 1),
        centre("parcel", 2, "delivery", 2, "courier", 2, "late", 3)};
    assertThat(Themes.group(angry, new long[] {10, 10}, mood(), 0.35, 0.4).groupOf()).containsExactly(0, 1);
    // No labelled texts, no mood words: opposite moods cannot be told, praise is a topic like any other.
    double[][] centres = {
        centre("parcel", 3, "delivery", 2, "late", 3),
        centre("parcel", 3, "delivery", 3, "fast", 3),
        centre("great", 3, "thanks", 3)};
    Themes.Grouping g = Themes.group(centres, new long[] {10, 10, 10}, new double[VOCABULARY.length], 0.35, 0.4);
    assertThat(g.groupOf()).containsExactly(0, 1, 2);
    assertThat(g.general()).containsOnly(false);
  }

  @Test
  void aCentreOfMoodWordsIsGeneralATopicInAnyMoodIsNot() {
    double[][] centres = {
        centre("parcel", 3, "delivery", 2, "courier", 2, "late", 3, "lost", 2),   // 17 of 30 topical
        centre("worst", 3, "lost", 2, "parcel", 2)};                              // 4 of 17 topical
    long[] sizes = {10, 10};
    assertThat(Themes.group(centres, sizes, mood(), 0.35, 0.4).general()).containsExactly(false, true);
    // The share is of the squared length: 17 / 30 = 0.57 keeps the angry delivery centre a topic at 0.5,
    // not at 0.6.
    assertThat(Themes.group(centres, sizes, mood(), 0.35, 0.5).general()).containsExactly(false, true);
    assertThat(Themes.group(centres, sizes, mood(), 0.35, 0.6).general()).containsExactly(true, true);
  }

  @Test
  void moodWordsAreTheWordsTheTextsOwnLabelsLeanOn() {
    // 40 labelled texts, half negative: "late" only in negative ones, "great" only in positive ones,
    // "parcel" in both alike, "lost" negative but in 3 texts only (too few to say), "refund" unlabelled.
    StructType schema = new StructType().add(Themes.WORDS, DataTypes.createArrayType(DataTypes.StringType))
        .add("sentiment_label", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(RowFactory.create(i < 3 ? List.of("parcel", "late", "lost") : List.of("parcel", "late"), "negative"));
      rows.add(RowFactory.create(List.of("parcel", "great"), "positive"));
      rows.add(RowFactory.create(List.of("refund", "late"), null));
    }
    Dataset<Row> sample = SparkTestSession.get().createDataFrame(rows, schema);
    double[] mood = Themes.moodWords(sample, VOCABULARY);
    List<String> found = new ArrayList<>();
    for (int w = 0; w < VOCABULARY.length; w++) {
      if (mood[w] != 0) {
        found.add(VOCABULARY[w]);
      }
    }
    assertThat(found).containsExactly("late", "great");
    // "late": 20 of 20 labelled texts negative, odds (20 + 0.5) / 0.5 = 41 against even odds overall.
    assertThat(mood[Arrays.asList(VOCABULARY).indexOf("late")]).isCloseTo(Math.log(41), within(1e-9));
    assertThat(mood[Arrays.asList(VOCABULARY).indexOf("great")]).isCloseTo(-Math.log(41), within(1e-9));
    // No label on one side: no word can be said to lean.
    assertThat(Themes.moodWords(sample.where("sentiment_label <> 'positive' OR sentiment_label IS NULL"),
        VOCABULARY)).containsOnly(0.0);
  }
}
