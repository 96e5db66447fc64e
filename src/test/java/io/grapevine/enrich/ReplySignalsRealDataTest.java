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

  /** Hand labels by tweet id: one 0/1 per signal, starting at column {@code first} of the fixture. */
  private static Map<String, int[]> labels(String fixture, int first) throws IOException {
    Map<String, int[]> labels = new HashMap<>();
    for (String line : Files.readAllLines(SparkTestSession.projectDir().resolve("src/test/resources/enrich/" + fixture),
        StandardCharsets.UTF_8)) {
      if (line.startsWith("#") || line.startsWith("tweet_id")) {
        continue;
      }
      String[] f = line.split(",");
      labels.put(f[0], Arrays.stream(f, first, f.length).mapToInt(Integer::parseInt).toArray());
    }
    return labels;
  }

  /** The labelled replies as the built-in rules flag them. */
  private static List<Row> scored(Map<String, int[]> labels) {
    Dataset<Row> replies = SparkTestSession.get().read().option("header", true).option("multiLine", true)
        .option("escape", "\"")
        .csv(SparkTestSession.sharedDataset("twitter-customer-support-sample").resolve("twcs.csv").toString())
        .where(col("inbound").equalTo("False").and(col("tweet_id").isin(labels.keySet().toArray())))
        .select(col("tweet_id"), col("text").as(FeedbackSchema.RESPONSE_TEXT));
    return ReplySignals.apply(replies, ReplySignals.load(null)).collectAsList();
  }

  /** Per signal: flagged by the rule, labelled by hand, both; printed for the docs. */
  private static int[][] counts(List<Row> scored, Map<String, int[]> labels, String what) {
    int[][] out = new int[SIGNALS.size()][3];
    for (int s = 0; s < SIGNALS.size(); s++) {
      for (Row r : scored) {
        boolean rule = r.<Boolean>getAs(ReplySignals.PREFIX + SIGNALS.get(s));
        boolean human = labels.get(r.<String>getAs("tweet_id"))[s] == 1;
        out[s][0] += rule ? 1 : 0;
        out[s][1] += human ? 1 : 0;
        out[s][2] += rule && human ? 1 : 0;
      }
      System.out.printf("reply signal %s %-13s flagged %3d, labelled %3d, both %3d, precision %s, recall %s%n",
          what, SIGNALS.get(s), out[s][0], out[s][1], out[s][2],
          out[s][0] == 0 ? "n/a" : String.format("%.3f", (double) out[s][2] / out[s][0]),
          out[s][1] == 0 ? "n/a" : String.format("%.3f", (double) out[s][2] / out[s][1]));
    }
    return out;
  }

  @Test
  void apologyAndYouAreWrongArePreciseOnHandLabelledReplies() throws IOException {
    Map<String, int[]> labels = labels("twcs-replies-labelled.csv", 1);
    assertThat(labels).hasSize(232);
    List<Row> scored = scored(labels);
    assertThat(scored).hasSize(232);
    int[][] c = counts(scored, labels, "(en)");
    int[] apology = c[SIGNALS.indexOf("apology")];
    assertThat(apology[0]).isGreaterThan(50);
    assertThat((double) apology[2] / apology[0]).isGreaterThanOrEqualTo(0.9);
    assertThat((double) apology[2] / apology[1]).isGreaterThanOrEqualTo(0.8);
    // Company replies rarely contradict customers outright: few cases, all flags must be right.
    int[] wrong = c[SIGNALS.indexOf("you_are_wrong")];
    assertThat(wrong[0]).isPositive();
    assertThat((double) wrong[2] / wrong[0]).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void spanishGermanAndPortugueseRepliesByTheirOwnPhrases() throws IOException {
    Map<String, int[]> labels = labels("twcs-replies-multilingual-labelled.csv", 2);
    List<Row> scored = scored(labels);
    assertThat(scored).hasSize(25);
    int[][] c = counts(scored, labels, "(es, de, pt)");
    for (int s = 0; s < SIGNALS.size(); s++) {
      // Every flag right.
      assertThat(c[s][2]).as(SIGNALS.get(s) + " flags that are right").isEqualTo(c[s][0]);
    }
    // The apologies found but one ("Lemantamos", misspelt).
    assertThat(c[SIGNALS.indexOf("apology")][1]).isEqualTo(5);
    assertThat(c[SIGNALS.indexOf("apology")][2]).isEqualTo(4);
  }
}
