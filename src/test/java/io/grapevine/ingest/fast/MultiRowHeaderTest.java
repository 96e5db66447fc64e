package io.grapevine.ingest.fast;

import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceSpec;
import io.grapevine.ingest.SourceCatalog;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Survey exports with several header rows: Qualtrics (three, names from one) and SurveyMonkey (two, joined). */
class MultiRowHeaderTest {
  @TempDir
  Path dir;

  private StageRun ingest(String catalog) throws Exception {
    Files.writeString(dir.resolve("catalog.yaml"), catalog);
    return IngestJob.run(new JobContext(SparkTestSession.get(), dir.resolve("out").toString(),
        Months.parse("2026-10"), io.grapevine.SparkTestSession.config()),
        SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration()), Privacy.withKey("k"), io.grapevine.core.MonthRange.upTo("2026-10"));
  }

  @SuppressWarnings("unchecked")
  private static long count(StageRun run, String source, String key) {
    return ((Number) ((Map<String, Map<String, Object>>) (Map<?, ?>) run.details.get("sources")).get(source).get(key))
        .longValue();
  }

  @Test
  void surveyMonkeysTwoRowsJoinQuestionAndAnswerLabels() throws Exception {
    Files.writeString(dir.resolve("monkey.csv"), String.join("\n",
        "Respondent ID,End Date,How likely are you to recommend us?,What could we do better?,Which channels do you use?,",
        ",,Response,Open-Ended Response,Email,Phone",
        "114,10/02/2026 09:15:00 AM,3,\"Answer the phone, please\",Email,",
        "115,10/03/2026 10:00:00 AM,10,,Email,Phone",
        "116,10/04/2026 11:00:00 AM,eleven,,,",
        ""));
    StageRun run = ingest("""
        sources:
          - name: monkey
            path: monkey.csv
            format: csv
            channel: survey
            timestamp_formats: ["MM/dd/yyyy hh:mm:ss a"]
            options: {header_rows: 2, header_names: joined}
            mapping:
              id: Respondent ID
              event_ts: End Date
              nps: "How likely are you to recommend us? - Response"
              text: "What could we do better? - Open-Ended Response"
        """);
    assertThat(count(run, "monkey", "read")).isEqualTo(3);
    assertThat(count(run, "monkey", "accepted")).isEqualTo(2);
    List<Row> rows = SparkTestSession.table(dir.resolve("out"), io.grapevine.core.Table.FEEDBACK)
        .orderBy("ingest_row").collectAsList();
    assertThat(rows).extracting(r -> r.<Integer>getAs("nps")).containsExactly(3, 10);
    assertThat(rows.get(0).<String>getAs("text")).isEqualTo("Answer the phone, please");
    // Lines count from the top of the file: two header rows, then data from line 3.
    assertThat(rows).extracting(r -> r.<Long>getAs("ingest_row")).containsExactly(3L, 4L);
    Row bad = SparkTestSession.table(dir.resolve("out"), io.grapevine.core.Table.QUARANTINE).first();
    assertThat(bad.<Long>getAs("ingest_row")).isEqualTo(5);
    assertThat(bad.<String>getAs("message")).contains("'eleven'");
    // The catalog's schema check saw the joined names: a group's later column carries its question.
    assertThat(CsvExportReader.readHeader(headerParser("Q,,\nA,B,C\n")::parseNext, options(2, 0)))
        .containsExactly("Q - A", "Q - B", "Q - C");
  }

  private static com.univocity.parsers.csv.CsvParser headerParser(String text) {
    com.univocity.parsers.csv.CsvParser p = new com.univocity.parsers.csv.CsvParser(
        CsvExportReader.settings(new SourceSpec.ReaderOptions()));
    p.beginParsing(new java.io.StringReader(text));
    return p;
  }

  private static SourceSpec.ReaderOptions options(int rows, int nameRow) {
    SourceSpec.ReaderOptions o = new SourceSpec.ReaderOptions();
    o.headerRows = rows;
    o.headerNameRow = nameRow;
    return o;
  }

  @Test
  void qualtricsThreeRowsTakeTheirNamesFromOneRow() throws Exception {
    Path fixture = SparkTestSession.sharedDataset("qualtrics-export-format-fixtures");
    org.junit.jupiter.api.Assumptions.assumeTrue(fixture != null,
        "../shared/datasets is absent (a user's clone): the Qualtrics fixture test is skipped");
    StageRun run = ingest("""
        sources:
          - name: qualtrics
            path: %s/sample.csv
            format: csv
            channel: survey
            timezone: Europe/Zurich
            options: {header_rows: 3, header_names: 1}
            mapping:
              id: ResponseId
              event_ts: RecordedDate
              text: Q2
          - name: qualtrics_legacy
            path: %s/sample_legacy.csv
            format: csv
            channel: survey
            timezone: Europe/Zurich
            options: {header_rows: 2, header_names: 2}
            mapping:
              id: ResponseID
              event_ts: EndDate
              text: This is a free text question.
        """.formatted(fixture, fixture));
    for (String source : List.of("qualtrics", "qualtrics_legacy")) {
      assertThat(count(run, source, "read")).as(source).isEqualTo(1);
      assertThat(count(run, source, "accepted")).as(source).isEqualTo(1);
    }
    List<Row> rows = SparkTestSession.table(dir.resolve("out"), io.grapevine.core.Table.FEEDBACK)
        .orderBy("source").collectAsList();
    assertThat(rows).extracting(r -> r.<String>getAs("text")).containsExactly("Hello World!", "Hello World!");
    // 2017-07-18 08:28:48 in Zurich (CEST, UTC+2).
    assertThat(rows).extracting(r -> r.<java.sql.Timestamp>getAs("event_ts").toInstant().toString())
        .containsExactly("2017-07-18T06:28:48Z", "2017-07-18T06:28:48Z");
    assertThat(rows).extracting(r -> r.<Long>getAs("ingest_row")).containsExactly(4L, 3L);
    assertThat(SparkTestSession.table(dir.resolve("out"), io.grapevine.core.Table.FEEDBACK)
        .where(col("source").equalTo("qualtrics")).count()).isEqualTo(1);
  }
}
