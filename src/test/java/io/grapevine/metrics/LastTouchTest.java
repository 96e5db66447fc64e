package io.grapevine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.SparkTestSession;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LastTouchTest {
  private static final StructType SCHEMA = new StructType()
      .add("feedback_id", DataTypes.StringType).add("account_id", DataTypes.StringType)
      .add("customer_key", DataTypes.StringType).add("channel", DataTypes.StringType)
      .add("event_ts", DataTypes.TimestampType).add("nps", DataTypes.IntegerType)
      .add("score", DataTypes.DoubleType).add("sentiment", DataTypes.DoubleType)
      .add("report_month", DataTypes.StringType);
  private static final Instant SURVEY = Instant.parse("2026-10-20T12:00:00Z");

  private static Timestamp daysBefore(int days) {
    return Timestamp.from(SURVEY.minusSeconds(days * 86_400L));
  }

  /**
   * Journeys whose overall score is built from known weights: 0.30 on the last touch, 0.05 on the
   * average of the touches before it. The fit must recover both, and the last touch must dominate.
   */
  @Test
  void recoversTheWeightOfTheLastTouchAgainstTheOthers() {
    SplittableRandom random = new SplittableRandom(11);
    List<Row> rows = new ArrayList<>();
    for (int j = 0; j < 400; j++) {
      String account = "A" + j;
      int touches = 2 + random.nextInt(4);
      double other = 0;
      double last = 0;
      for (int t = 0; t < touches; t++) {
        double sentiment = random.nextDouble(-1, 1);
        // The last touch is the one nearest the survey (1 day before), the others earlier.
        int days = t == touches - 1 ? 1 : 10 + 10 * t;
        rows.add(RowFactory.create("t" + j + "-" + t, account, null, "support", daysBefore(days), null, null,
            sentiment, "2026-10"));
        if (t == touches - 1) {
          last = sentiment;
        } else {
          other += sentiment;
        }
      }
      other /= touches - 1;
      double overall = 0.55 + 0.30 * last + 0.05 * other;
      rows.add(RowFactory.create("s" + j, account, null, "survey", Timestamp.from(SURVEY), null, overall, null,
          "2026-10"));
    }
    // Outside the journey: a touch after the survey, one outside the window, another customer's.
    rows.add(RowFactory.create("late", "A0", null, "support", Timestamp.from(SURVEY.plusSeconds(3600)), null,
        null, -1.0, "2026-10"));
    rows.add(RowFactory.create("old", "A0", null, "support", daysBefore(200), null, null, -1.0, "2026-10"));
    // One touch only: not a journey.
    rows.add(RowFactory.create("solo-t", "B1", null, "support", daysBefore(3), null, null, 1.0, "2026-10"));
    rows.add(RowFactory.create("solo-s", "B1", null, "survey", Timestamp.from(SURVEY), 9, null, null, "2026-10"));

    Row r = LastTouch.compute(SparkTestSession.get().createDataFrame(rows, SCHEMA), 90).first();
    assertThat(r.<Long>getAs("journeys")).isEqualTo(400);
    assertThat(r.<Double>getAs("last_touch_weight")).isCloseTo(0.30, within(1e-9));
    assertThat(r.<Double>getAs("other_touches_weight")).isCloseTo(0.05, within(1e-9));
    assertThat(r.<Double>getAs("last_touch_gap")).isGreaterThan(0.3);
    assertThat(r.<Integer>getAs("window_days")).isEqualTo(90);
  }

  @Test
  void npsIsTheOverallScoreAndTooFewJourneysFitNothing() {
    List<Row> rows = List.of(
        RowFactory.create("t1", "A1", null, "complaint", daysBefore(5), null, null, -1.0, "2026-10"),
        RowFactory.create("t2", "A1", null, "support", daysBefore(2), null, null, 0.5, "2026-10"),
        RowFactory.create("s1", "A1", null, "survey", Timestamp.from(SURVEY), 8, null, null, "2026-10"));
    Row r = LastTouch.compute(SparkTestSession.get().createDataFrame(rows, SCHEMA), 90).first();
    assertThat(r.<Long>getAs("journeys")).isEqualTo(1);
    assertThat(r.<Double>getAs("overall_mean")).isCloseTo(0.8, within(1e-12));
    assertThat(r.<Double>getAs("overall_after_positive_last")).isCloseTo(0.8, within(1e-12));
    assertThat(r.<Object>getAs("last_touch_weight")).isNull();
  }
}
