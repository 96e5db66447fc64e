package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON-array and Parquet exports through the catalog: counts reconcile, values and lineage survive. */
class OtherFormatsIngestTest {
  @TempDir
  static Path dir;

  private static StageRun ingest;
  private static Dataset<Row> feedback;
  private static Dataset<Row> quarantine;

  @BeforeAll
  static void ingest() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Files.createDirectories(dir.resolve("app"));
    Files.writeString(dir.resolve("app/reviews-1.json"), """
        [
          {"reviewId": "g1", "score": 1, "content": "Crashes on start", "at": "2026-10-03T08:00:00Z"},
          {"reviewId": "g2", "score": 5, "content": "Lovely", "at": "2026-10-04T09:30:00+02:00"},
          {"reviewId": "g3", "score": 9, "content": "Off the scale", "at": "2026-10-05T10:00:00Z"},
          {"reviewId": "g1", "score": 1, "content": "Crashes on start", "at": "2026-10-03T08:00:00Z"}
        ]
        """);
    Files.writeString(dir.resolve("app/reviews-2.json"), "[{\"reviewId\": \"g4\", \"score\": 2, ");
    StructType schema = new StructType().add("ticket", DataTypes.StringType)
        .add("opened", DataTypes.TimestampType).add("csat", DataTypes.IntegerType)
        .add("body", DataTypes.StringType);
    spark.createDataFrame(List.of(
            RowFactory.create("p1", Timestamp.from(Instant.parse("2026-10-06T23:30:00Z")), 4, "Fixed fast"),
            RowFactory.create("p2", Timestamp.from(Instant.parse("2026-10-07T01:00:00Z")), 1, "Still broken"),
            RowFactory.create("p3", null, 3, "No date")), schema)
        .coalesce(1).write().parquet(dir.resolve("tickets").toString());
    Files.writeString(dir.resolve("catalog.yaml"), """
        sources:
          - name: app_reviews
            path: app/reviews-*.json
            format: json
            channel: review_site
            rating_scale: [1, 5]
            mapping:
              id: reviewId
              event_ts: at
              rating: score
              text: content
          - name: warehouse_tickets
            path: tickets/*.parquet
            format: parquet
            channel: support
            timezone: America/New_York
            rating_scale: [1, 5]
            mapping:
              id: ticket
              event_ts: opened
              rating: csat
              text: body
        """);
    SourceCatalog catalog = SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration());
    Path out = dir.resolve("out");
    ingest = IngestJob.run(new JobContext(spark, out.toString(), Months.parse("2026-10"), io.grapevine.SparkTestSession.config()),
        catalog, Privacy.withKey("k"), io.grapevine.core.MonthRange.upTo("2026-10"));
    feedback = SparkTestSession.table(out, io.grapevine.core.Table.FEEDBACK);
    quarantine = SparkTestSession.table(out, io.grapevine.core.Table.QUARANTINE);
  }

  @SuppressWarnings("unchecked")
  private static long count(String source, String key) {
    Map<String, Map<String, Object>> sources = (Map<String, Map<String, Object>>) (Map<?, ?>) ingest.details.get("sources");
    return ((Number) sources.get(source).get(key)).longValue();
  }

  @Test
  void jsonArraysReconcileAndKeepEachObjectsPosition() {
    assertThat(count("app_reviews", "read")).isEqualTo(5);
    assertThat(count("app_reviews", "accepted")).isEqualTo(2);
    assertThat(count("app_reviews", "duplicates")).isEqualTo(1);
    assertThat(count("app_reviews", "quarantined")).isEqualTo(2);
    Row g2 = feedback.where(col("source").equalTo("app_reviews").and(col("rating").equalTo(5.0))).first();
    assertThat(g2.<Timestamp>getAs("event_ts").toInstant()).isEqualTo(Instant.parse("2026-10-04T07:30:00Z"));
    assertThat(g2.<Long>getAs("ingest_row")).isEqualTo(2);
    List<Row> bad = quarantine.where(col("source").equalTo("app_reviews")).orderBy("reason").collectAsList();
    assertThat(bad).extracting(r -> r.<String>getAs("reason")).containsExactly("malformed_record", "rating_out_of_range");
    assertThat(bad.get(0).<String>getAs("message")).contains("not a JSON array of objects");
    assertThat(bad.get(0).<String>getAs("ingest_file")).endsWith("reviews-2.json");
    assertThat(bad.get(1).<Long>getAs("ingest_row")).isEqualTo(3);
  }

  @Test
  void parquetKeepsInstantsAndRowPositions() {
    assertThat(count("warehouse_tickets", "read")).isEqualTo(3);
    assertThat(count("warehouse_tickets", "accepted")).isEqualTo(2);
    assertThat(count("warehouse_tickets", "quarantined")).isEqualTo(1);
    Row p1 = feedback.where(col("source").equalTo("warehouse_tickets").and(col("rating").equalTo(4.0))).first();
    // A Parquet instant is kept as the instant, not re-read in the source's time zone.
    assertThat(p1.<Timestamp>getAs("event_ts").toInstant()).isEqualTo(Instant.parse("2026-10-06T23:30:00Z"));
    assertThat(p1.<String>getAs("text")).isEqualTo("Fixed fast");
    assertThat(p1.<Long>getAs("ingest_row")).isEqualTo(1);
    Row noDate = quarantine.where(col("source").equalTo("warehouse_tickets")).first();
    assertThat(noDate.<String>getAs("reason")).isEqualTo("missing_event_ts");
    assertThat(noDate.<Long>getAs("ingest_row")).isEqualTo(3);
    assertThat(noDate.<String>getAs("raw_record")).contains("\"ticket\":\"p3\"");
  }
}
