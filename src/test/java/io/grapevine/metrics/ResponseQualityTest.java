package io.grapevine.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ResponseQualityTest {
  private static final Instant T0 = Instant.parse("2026-10-10T00:00:00Z");

  private static Timestamp hours(double h) {
    return h < 0 ? null : Timestamp.from(T0.plusSeconds((long) (h * 3600)));
  }

  /** A complaint (or not), its reply after {@code reply} hours, resolved after {@code resolve}. */
  private static Row row(boolean complaint, String label, double reply, Boolean apology, Boolean wrong,
      double resolve, double daysSinceExperience) {
    return RowFactory.create("2026-10", "complaint", complaint, label, Timestamp.from(T0),
        Timestamp.from(T0.minusSeconds((long) (daysSinceExperience * 86_400))), hours(reply),
        reply < 0 ? null : "reply", resolve >= 0, hours(resolve), apology, wrong);
  }

  @Test
  void ratesAndTimesPerChannel() {
    StructType schema = new StructType()
        .add(FeedbackSchema.REPORT_MONTH, DataTypes.StringType)
        .add(FeedbackSchema.CHANNEL, DataTypes.StringType)
        .add(FeedbackSchema.IS_COMPLAINT, DataTypes.BooleanType)
        .add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType)
        .add(FeedbackSchema.EVENT_TS, DataTypes.TimestampType)
        .add(FeedbackSchema.EXPERIENCE_TS, DataTypes.TimestampType)
        .add(FeedbackSchema.RESPONSE_TS, DataTypes.TimestampType)
        .add(FeedbackSchema.RESPONSE_TEXT, DataTypes.StringType)
        .add(FeedbackSchema.RESOLVED, DataTypes.BooleanType)
        .add(FeedbackSchema.RESOLVED_TS, DataTypes.TimestampType)
        .add("reply_apology", DataTypes.BooleanType)
        .add("reply_you_are_wrong", DataTypes.BooleanType);
    List<Row> rows = Arrays.asList(
        row(true, "negative", 1, true, false, 24, 1),
        row(true, "negative", 3, false, true, 48, 2),
        row(true, "negative", 10, true, false, -1, 4),
        row(true, "negative", -1, null, null, -1, 8),
        row(false, "positive", 2, false, false, -1, 0.5));
    Row r = ResponseQuality.compute(SparkTestSession.get().createDataFrame(rows, schema)).first();

    assertThat(r.<Long>getAs("feedback")).isEqualTo(5);
    assertThat(r.<Long>getAs("answered")).isEqualTo(4);
    assertThat(r.<Double>getAs("response_rate")).isEqualTo(0.8);
    assertThat(r.<Double>getAs("complaint_response_rate")).isEqualTo(0.75);
    assertThat(r.<Double>getAs("complaint_resolution_rate")).isEqualTo(0.5);
    // Response hours 1, 2, 3, 10: the approximate median is an element, the second smallest.
    assertThat(r.<Double>getAs("response_hours_median")).isEqualTo(2.0);
    assertThat(r.<Double>getAs("response_hours_p90")).isEqualTo(10.0);
    assertThat(r.<Double>getAs("resolution_hours_median")).isEqualTo(24.0);
    assertThat(r.<Double>getAs("resolution_hours_p90")).isEqualTo(48.0);
    assertThat(r.<Double>getAs("feedback_latency_days_median")).isCloseTo(2.0, within(1e-9));
    assertThat(r.<Double>getAs("apology_rate")).isEqualTo(0.5);
    assertThat(r.<Double>getAs("apology_rate_negative")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(r.<Double>getAs("you_are_wrong_rate_negative")).isCloseTo(1.0 / 3, within(1e-12));
  }
}
