package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SharedDatasetsRun;
import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real public exports in ../shared/datasets, onboarded by jobs/shared-datasets-catalog.yaml alone.
 * Expected counts and values come from the datasets' PROVENANCE.md and an independent read with
 * Python's csv and json modules.
 */
@EnabledIf(value = "io.grapevine.SparkTestSession#sharedDatasetsPresent",
    disabledReason = "../shared/datasets is absent (a user's clone): the real-data tests are skipped")
class SharedDatasetsIngestTest {
  private static StageRun ingest;
  private static Dataset<Row> feedback;
  private static Dataset<Row> quarantine;

  @BeforeAll
  static void ingestAll() {
    ingest = SharedDatasetsRun.ingest();
    feedback = SharedDatasetsRun.feedback();
    quarantine = SparkTestSession.table(SharedDatasetsRun.out(), io.grapevine.core.Table.QUARANTINE);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> counts(String source) {
    return ((Map<String, Map<String, Object>>) (Map<?, ?>) ingest.details.get("sources")).get(source);
  }

  private static long n(String source, String key) {
    return ((Number) counts(source).get(key)).longValue();
  }

  private static Row one(String source, org.apache.spark.sql.Column where) {
    List<Row> rows = feedback.where(col(FeedbackSchema.SOURCE).equalTo(source).and(where)).collectAsList();
    assertThat(rows).as(source).hasSize(1);
    return rows.get(0);
  }

  private static String utc(Row r, String column) {
    return r.<Timestamp>getAs(column).toInstant().toString();
  }

  @Test
  void everyRecordOfEveryExportIsAccountedFor() {
    Map<String, Long> records = Map.of("yelp_reviews", 999L, "tripadvisor_hotels", 2_000L,
        "amazon_alexa", 3_150L, "ba_reviews", 3_701L, "twitter_airlines", 14_640L,
        // 5,000 tweets; one record split by bare carriage returns reads as two fragments.
        "twitter_support", 5_001L, "cfpb_complaints", 6_623L, "airline_satisfaction", 25_976L,
        "telco_accounts", 7_043L);
    records.forEach((source, expected) -> {
      assertThat(n(source, "read")).as(source).isEqualTo(expected);
      assertThat(n(source, "read")).as(source).isEqualTo(
          n(source, "written_accepted") + n(source, "written_quarantined") + n(source, "duplicates"));
    });
    // The Qualtrics fixtures: one response each under three (two) header rows.
    for (String qualtrics : java.util.List.of("qualtrics_survey", "qualtrics_legacy")) {
      assertThat(n(qualtrics, "read")).as(qualtrics).isEqualTo(1);
      assertThat(n(qualtrics, "written_accepted")).as(qualtrics).isEqualTo(1);
    }
    // SentiRuEval-2015: 201 + 203 <review> elements in two XML files, all readable.
    assertThat(n("ru_restaurants", "read")).isEqualTo(404);
    assertThat(n("ru_restaurants", "written_accepted")).isEqualTo(404);
    assertThat(n("amazon_alexa", "duplicates")).isEqualTo(714);
    assertThat(n("twitter_airlines", "duplicates")).isEqualTo(155);
  }

  @Test
  void theBrokenSupportRecordIsQuarantinedWithItsLineAndReason() {
    List<Row> q = quarantine.where(col(FeedbackSchema.SOURCE).equalTo("twitter_support"))
        .orderBy(FeedbackSchema.INGEST_ROW).collectAsList();
    assertThat(q).extracting(r -> r.<String>getAs("reason")).containsOnly("malformed_record");
    assertThat(q).extracting(r -> r.<String>getAs("message")).containsExactly(
        "the record could not be split into fields: expected 8 fields as in the header, found 6",
        "the record could not be split into fields: expected 8 fields as in the header, found 3");
    assertThat(q.get(0).<String>getAs("raw_record")).startsWith("2484,3399,");
  }

  @Test
  void knownRowsKeepTheirValues() {
    Row tweet = one("twitter_airlines", col(FeedbackSchema.TEXT).equalTo("@VirginAmerica What @[user] said."));
    assertThat(tweet.<String>getAs(FeedbackSchema.SENTIMENT_LABEL)).isEqualTo("neutral");
    assertThat(utc(tweet, FeedbackSchema.EVENT_TS)).isEqualTo("2015-02-24T19:35:52Z");
    assertThat(tweet.<String>getAs(FeedbackSchema.SUBJECT)).isEqualTo("Virgin America");

    Row yelp = one("yelp_reviews", col(FeedbackSchema.TEXT).startsWith("I've taken a lot of spin classes"));
    assertThat(yelp.<Double>getAs(FeedbackSchema.RATING)).isEqualTo(5.0);
    assertThat(utc(yelp, FeedbackSchema.EVENT_TS)).isEqualTo("2012-01-03T15:28:18Z");
    assertThat(yelp.<Long>getAs(FeedbackSchema.REACH)).isEqualTo(2L);

    Row ba = one("ba_reviews", col(FeedbackSchema.INGEST_ROW).equalTo(2));
    assertThat(ba.<Double>getAs(FeedbackSchema.RATING)).isEqualTo(1.0);
    assertThat(ba.<Double>getAs(FeedbackSchema.SCORE)).isEqualTo(0.0);
    assertThat(utc(ba, FeedbackSchema.EVENT_TS)).isEqualTo("2023-11-19T00:00:00Z");
    assertThat(utc(ba, FeedbackSchema.EXPERIENCE_TS)).isEqualTo("2023-11-01T00:00:00Z");

    Row complaint = one("cfpb_complaints", col(FeedbackSchema.INGEST_ROW).equalTo(4));
    assertThat(utc(complaint, FeedbackSchema.EVENT_TS)).isEqualTo("2020-03-18T00:00:00Z");
    assertThat(complaint.<String>getAs(FeedbackSchema.SUBJECT)).startsWith("Credit reporting, credit repair");
    assertThat(complaint.<Boolean>getAs(FeedbackSchema.RESOLVED)).isTrue();
    assertThat(complaint.<Boolean>getAs(FeedbackSchema.IS_COMPLAINT)).isTrue();

    Row alexa = one("amazon_alexa", col(FeedbackSchema.INGEST_ROW).equalTo(2));
    assertThat(alexa.<Double>getAs(FeedbackSchema.RATING)).isEqualTo(5.0);
    assertThat(utc(alexa, FeedbackSchema.EVENT_TS)).isEqualTo("2018-07-31T00:00:00Z");
    assertThat(alexa.<String>getAs(FeedbackSchema.SUBJECT)).isEqualTo("Charcoal Fabric ");
    assertThat(alexa.<String>getAs(FeedbackSchema.TEXT)).isEqualTo("Love my Echo!");

    Row support = one("twitter_support", col(FeedbackSchema.INGEST_ROW).equalTo(2));
    assertThat(utc(support, FeedbackSchema.EVENT_TS)).isEqualTo("2017-10-31T22:10:47Z");
    // The first <review id="3976"> of the XML training file: Moscow time (UTC+4 in 2012), Cyrillic intact.
    Row ru = one("ru_restaurants", col(FeedbackSchema.TEXT).startsWith("День 8-го марта прошёл"));
    assertThat(utc(ru, FeedbackSchema.EVENT_TS)).isEqualTo("2012-03-13T07:42:00Z");
    assertThat(ru.<String>getAs(FeedbackSchema.SUBJECT)).isEqualTo("13 маршрут Retro-Blues");
    assertThat(ru.<Double>getAs(FeedbackSchema.RATING)).isCloseTo((8 + 9 + 8) / 3.0, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(ru.<Long>getAs(FeedbackSchema.INGEST_ROW)).isEqualTo(1);
  }
}
