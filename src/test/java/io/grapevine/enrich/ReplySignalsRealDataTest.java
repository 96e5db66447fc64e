package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The built-in reply rules against 232 real company replies labelled by hand
 * ({@code enrich/twcs-replies-labelled.csv}: ids and labels; the texts are read from ../shared).
 */
@EnabledIf(value = "io.grapevine.SparkTestSession#sharedDatasetsPresent",
    disabledReason = "../shared/datasets is absent (a user's clone): the real-data tests are skipped")
class ReplySignalsRealDataTest {
  private static final List<String> SIGNALS =
      List.of("apology", "you_are_wrong", "arguing", "calm_down", "nothing_more", "shouting");

  @Test
  void apologyAndYouAreWrongArePreciseOnHandLabelledReplies() throws IOException {
    Path fixture = SparkTestSession.projectDir().resolve("src/test/resources/enrich/twcs-replies-labelled.csv");
    Map<String, int[]> labels = new HashMap<>();
    for (String line : Files.readAllLines(fixture, StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.startsWith("tweet_id")) {
        continue;
      }
      String[] f = line.split(",");
      labels.put(f[0], Arrays.stream(f, 1, f.length).mapToInt(Integer::parseInt).toArray());
    }
    assertThat(labels).hasSize(232);

    Dataset<Row> replies = SparkTestSession.get().read().option("header", true).option("multiLine", true)
        .option("escape", "\"")
        .csv(SparkTestSession.sharedDataset("twitter-customer-support-sample").resolve("twcs.csv").toString())
        .where(col("inbound").equalTo("False").and(col("tweet_id").isin(labels.keySet().toArray())))
        .select(col("tweet_id"), col("text").as(FeedbackSchema.RESPONSE_TEXT));
    List<Row> scored = ReplySignals.apply(replies, ReplySignals.load(null)).collectAsList();
    assertThat(scored).hasSize(232);

    for (int s = 0; s < SIGNALS.size(); s++) {
      int truePos = 0;
      int flagged = 0;
      int labelled = 0;
      for (Row r : scored) {
        boolean rule = r.<Boolean>getAs(ReplySignals.PREFIX + SIGNALS.get(s));
        boolean human = labels.get(r.<String>getAs("tweet_id"))[s] == 1;
        flagged += rule ? 1 : 0;
        labelled += human ? 1 : 0;
        truePos += rule && human ? 1 : 0;
      }
      System.out.printf("reply signal %-13s flagged %3d, labelled %3d, both %3d, precision %s, recall %s%n",
          SIGNALS.get(s), flagged, labelled, truePos, flagged == 0 ? "n/a" : String.format("%.3f", (double) truePos / flagged),
          labelled == 0 ? "n/a" : String.format("%.3f", (double) truePos / labelled));
      if (SIGNALS.get(s).equals("apology")) {
        assertThat(flagged).isGreaterThan(50);
        assertThat((double) truePos / flagged).isGreaterThanOrEqualTo(0.9);
        assertThat((double) truePos / labelled).isGreaterThanOrEqualTo(0.8);
      }
      if (SIGNALS.get(s).equals("you_are_wrong")) {
        // Company replies rarely contradict customers outright: few cases, all flags must be right.
        assertThat(flagged).isPositive();
        assertThat((double) truePos / flagged).isGreaterThanOrEqualTo(0.9);
      }
    }
  }

  @Test
  void spanishGermanAndPortugueseRepliesByTheirOwnPhrases() throws IOException {
    Path fixture = SparkTestSession.projectDir()
        .resolve("src/test/resources/enrich/twcs-replies-multilingual-labelled.csv");
    Map<String, int[]> labels = new HashMap<>();
    for (String line : Files.readAllLines(fixture, StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.startsWith("tweet_id")) {
        continue;
      }
      String[] f = line.split(",");
      labels.put(f[0], Arrays.stream(f, 2, f.length).mapToInt(Integer::parseInt).toArray());
    }
    Dataset<Row> replies = SparkTestSession.get().read().option("header", true).option("multiLine", true)
        .option("escape", "\"")
        .csv(SparkTestSession.sharedDataset("twitter-customer-support-sample").resolve("twcs.csv").toString())
        .where(col("inbound").equalTo("False").and(col("tweet_id").isin(labels.keySet().toArray())))
        .select(col("tweet_id"), col("text").as(FeedbackSchema.RESPONSE_TEXT));
    List<Row> scored = ReplySignals.apply(replies, ReplySignals.load(null)).collectAsList();
    assertThat(scored).hasSize(25);
    for (int s = 0; s < SIGNALS.size(); s++) {
      int truePos = 0;
      int flagged = 0;
      int labelled = 0;
      for (Row r : scored) {
        boolean rule = r.<Boolean>getAs(ReplySignals.PREFIX + SIGNALS.get(s));
        boolean human = labels.get(r.<String>getAs("tweet_id"))[s] == 1;
        flagged += rule ? 1 : 0;
        labelled += human ? 1 : 0;
        truePos += rule && human ? 1 : 0;
      }
      System.out.printf("reply signal (es, de, pt) %-13s flagged %d, labelled %d, both %d%n", SIGNALS.get(s),
          flagged, labelled, truePos);
      // Every flag right; the apologies found but one ("Lemantamos", misspelt).
      assertThat(truePos).as(SIGNALS.get(s) + " flags that are right").isEqualTo(flagged);
      if (SIGNALS.get(s).equals("apology")) {
        assertThat(labelled).isEqualTo(5);
        assertThat(truePos).isEqualTo(4);
      }
    }
  }
}
