package io.grapevine.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.AccountSchema;
import io.grapevine.core.FeedbackSchema;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ChurnFeaturesTest {
  private static final Timestamp SNAPSHOT = ts("2026-07-01T00:00:00Z");

  private static Timestamp ts(String instant) {
    return Timestamp.from(java.time.Instant.parse(instant));
  }

  private static Dataset<Row> accounts() {
    StructType schema = new StructType()
        .add(AccountSchema.ACCOUNT_ID, DataTypes.StringType)
        .add(AccountSchema.CUSTOMER_KEY, DataTypes.StringType)
        .add(AccountSchema.SIGNUP_TS, DataTypes.TimestampType)
        .add(AccountSchema.CHURN_TS, DataTypes.TimestampType)
        .add("seats", DataTypes.DoubleType)
        .add("plan", DataTypes.StringType);
    return SparkTestSession.get().createDataFrame(List.of(
        RowFactory.create("A1", "k1", ts("2025-01-01T00:00:00Z"), ts("2026-08-15T00:00:00Z"), 3.0, "basic"),
        RowFactory.create("A2", "k2", ts("2025-01-01T00:00:00Z"), null, 40.0, "pro"),
        RowFactory.create("A3", "k3", ts("2026-07-15T00:00:00Z"), null, 1.0, "basic"),
        RowFactory.create("A4", "k4", ts("2025-01-01T00:00:00Z"), ts("2026-06-01T00:00:00Z"), 1.0, "basic"),
        RowFactory.create("A5", "k5", ts("2025-01-01T00:00:00Z"), ts("2026-12-01T00:00:00Z"), 1.0, null)),
        schema);
  }

  private static Row fb(String account, String when, String label, boolean complaint, Boolean resolved) {
    double sentiment = label.equals("negative") ? -1 : label.equals("positive") ? 1 : 0;
    return RowFactory.create(account, ts(when), null, sentiment, label, complaint, resolved, null, null, 10L, null);
  }

  private static Dataset<Row> feedback(List<Row> rows) {
    StructType schema = new StructType()
        .add(FeedbackSchema.ACCOUNT_ID, DataTypes.StringType)
        .add(FeedbackSchema.EVENT_TS, DataTypes.TimestampType)
        .add(FeedbackSchema.EXPERIENCE_TS, DataTypes.TimestampType)
        .add(FeedbackSchema.SENTIMENT, DataTypes.DoubleType)
        .add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType)
        .add(FeedbackSchema.IS_COMPLAINT, DataTypes.BooleanType)
        .add(FeedbackSchema.RESOLVED, DataTypes.BooleanType)
        .add(FeedbackSchema.RESOLVED_TS, DataTypes.TimestampType)
        .add(FeedbackSchema.NPS, DataTypes.IntegerType)
        .add(FeedbackSchema.REACH, DataTypes.LongType)
        .add(FeedbackSchema.RESPONSE_TS, DataTypes.TimestampType);
    return SparkTestSession.get().createDataFrame(rows, schema);
  }

  private static final List<Row> PAST = List.of(
      fb("A1", "2026-06-20T10:00:00Z", "negative", false, null),
      fb("A1", "2026-05-01T10:00:00Z", "negative", true, false),
      fb("A1", "2026-03-01T10:00:00Z", "positive", false, null),
      fb("A2", "2026-06-25T10:00:00Z", "positive", false, null));

  private static Map<String, Row> features(List<Row> feedbackRows) {
    return ChurnFeatures.at(feedback(feedbackRows), accounts(), List.of(SNAPSHOT), 90).collectAsList()
        .stream().collect(Collectors.toMap(r -> r.getAs(AccountSchema.ACCOUNT_ID), r -> r));
  }

  @Test
  void onlyAccountsActiveAtTheSnapshotWithTheirLabel() {
    Map<String, Row> f = features(PAST);
    assertThat(f).containsOnlyKeys("A1", "A2", "A5");
    assertThat(f.get("A1").<Double>getAs(ChurnFeatures.LABEL)).isEqualTo(1.0);
    assertThat(f.get("A2").<Double>getAs(ChurnFeatures.LABEL)).isEqualTo(0.0);
    // Churned 153 days after the snapshot: beyond the 90-day horizon.
    assertThat(f.get("A5").<Double>getAs(ChurnFeatures.LABEL)).isEqualTo(0.0);
    assertThat(f.get("A5").<String>getAs("plan")).isEqualTo("unknown");
  }

  @Test
  void countsFeedbackInItsWindows() {
    Row a1 = features(PAST).get("A1");
    assertThat(a1.<Double>getAs("feedback_90d")).isEqualTo(2.0);
    assertThat(a1.<Double>getAs("negative_30d")).isEqualTo(1.0);
    assertThat(a1.<Double>getAs("negative_90d")).isEqualTo(2.0);
    assertThat(a1.<Double>getAs("negative_180d")).isEqualTo(2.0);
    assertThat(a1.<Double>getAs("negative_share_90d")).isEqualTo(1.0);
    assertThat(a1.<Double>getAs("complaints_90d")).isEqualTo(1.0);
    assertThat(a1.<Double>getAs("unresolved_complaints_90d")).isEqualTo(1.0);
    assertThat(a1.<Double>getAs("last_sentiment")).isEqualTo(-1.0);
    assertThat(a1.<Double>getAs(ChurnFeatures.TENURE_DAYS)).isEqualTo(546.0);
    Row a2 = features(PAST).get("A2");
    assertThat(a2.<Double>getAs("negative_90d")).isEqualTo(0.0);
    assertThat(a2.<Double>getAs("last_sentiment")).isEqualTo(1.0);
  }

  @Test
  void feedbackAtOrAfterTheSnapshotChangesNoFeature() {
    List<Row> withFuture = new ArrayList<>(PAST);
    withFuture.add(fb("A1", "2026-07-01T00:00:00Z", "positive", true, false));
    withFuture.add(fb("A1", "2026-07-05T10:00:00Z", "positive", false, null));
    withFuture.add(fb("A2", "2026-09-01T10:00:00Z", "negative", true, false));
    Map<String, Row> without = features(PAST);
    Map<String, Row> with = features(withFuture);
    assertThat(with.keySet()).isEqualTo(without.keySet());
    with.forEach((account, row) -> assertThat(row).isEqualTo(without.get(account)));
  }
}
