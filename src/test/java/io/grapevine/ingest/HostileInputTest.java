package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Table;
import io.grapevine.core.UserInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real exports and hostile files that broke ingest, rebuilt as generated files in the same
 * shape: each is handled (its bad records quarantined with a reason, the rest read) or fails loudly
 * with one line saying which source, what, and why; no good row is lost.
 */
class HostileInputTest {
  @TempDir
  static Path dir;
  private static StageRun run;
  private static IngestJob.ExpectationsFailed failure;
  private static Path out;

  private static void write(String name, String content) throws Exception {
    Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @BeforeAll
  static void ingestEverythingOnce() throws Exception {
    // Excel turned the tweet ids into 5.70E+17: three distinct values in 300 rows.
    StringBuilder excel = new StringBuilder("tweet_id,text,tweet_created\n");
    for (int i = 0; i < 300; i++) {
      excel.append(List.of("5.70E+17", "5.69E+17", "5.68E+17").get(i % 3)).append(",flight ").append(i)
          .append(" was late,2026-10-0").append(1 + i % 9).append(" 10:00:00\n");
    }
    write("excel.csv", excel.toString());
    // The id mapped to an expression that is null for every row.
    write("null_ids.csv", "complaint,when\nlate,2026-10-01\nrude,2026-10-02\nlost bag,2026-10-03\n");
    // One byte of Latin-1 on line 8 of a UTF-8 file; placeholder and impossible years; a row of nan;
    // a NUL in a text and in an id; an unbalanced quote; a field past max_field_chars.
    byte[] good = ("id,text,at\n" + "1,one,2026-10-01\n2,two,2026-10-02\n3,three,2026-10-03\n"
        + "4,four,2026-10-04\n5,five,2026-10-05\n6,six,2026-10-06\n").getBytes(StandardCharsets.UTF_8);
    byte[] latin = "7,caf\u00e9,2026-10-07\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] rest = ("8,eight,1970-01-01\n9,nine,0000-01-01\n10,ten,9999-12-31\n11,eleven,-0001-06-01\n"
        + "nan,nan,nan\n12,with\u0000nul,2026-10-12\n1\u00003,id with nul,2026-10-13\n"
        + "14,\"unbalanced quote,2026-10-14\n15,fifteen,2026-10-15\n16,sixteen,2026-10-16\n"
        + "17,\"" + "x".repeat(20_000) + "\",2026-10-17\n18,eighteen,2026-10-18\n").getBytes(StandardCharsets.UTF_8);
    byte[] mixed = new byte[good.length + latin.length + rest.length];
    System.arraycopy(good, 0, mixed, 0, good.length);
    System.arraycopy(latin, 0, mixed, good.length, latin.length);
    System.arraycopy(rest, 0, mixed, good.length + latin.length, rest.length);
    Files.write(dir.resolve("hostile.csv"), mixed);
    // JSON lines: a key twice in one object, nesting past any export's, and good lines around them.
    write("reviews.jsonl", "{\"id\":\"r1\",\"text\":\"fine\",\"at\":\"2026-10-01T10:00:00Z\"}\n"
        + "{\"id\":\"r2\",\"text\":\"one\",\"text\":\"two\",\"at\":\"2026-10-02T10:00:00Z\"}\n"
        + "{\"id\":\"r3\",\"deep\":" + "[".repeat(200) + "]".repeat(200) + ",\"at\":\"2026-10-03T10:00:00Z\"}\n"
        + "{\"id\":\"r4\",\"text\":\"also fine\",\"at\":\"2026-10-04T10:00:00Z\"}\n");
    // A handle in a rejected row, mojibake to repair, a filter.
    write("handles.csv", "id,handle,text,at,lang\n1,@jane_doe,bad time,yesterday,en\n"
        + "2,@sam_smith,cafÃ© was Ã¼ber,2026-10-02,en\n3,@bot,spam spam,2026-10-03,xx\n");
    write("catalog.yaml", """
        sources:
          - name: excel_tweets
            path: excel.csv
            format: csv
            channel: social_media
            mapping: {id: tweet_id, text: text, event_ts: tweet_created}
          - name: null_ids
            path: null_ids.csv
            format: csv
            channel: complaint
            mapping: {id: {expr: "CAST(NULL AS STRING)"}, text: complaint, event_ts: when}
          - name: hostile
            path: hostile.csv
            format: csv
            channel: review_site
            options: {max_field_chars: 10000}
            expectations: {max_quarantined_share: {error: 0.9}}
            mapping: {id: id, text: text, event_ts: at}
          - name: reviews
            path: reviews.jsonl
            format: jsonl
            channel: review_site
            expectations: {max_quarantined_share: {error: 0.9}}
            mapping: {id: id, text: text, event_ts: at}
          - name: handles
            path: handles.csv
            format: csv
            channel: social_media
            where: "lang <> 'xx'"
            options: {repair_mojibake: true}
            expectations: {max_quarantined_share: {error: 0.9}}
            mapping: {id: id, customer: handle, text: text, event_ts: at, language: lang}
        """);
    out = dir.resolve("out");
    JobContext ctx = new JobContext(SparkTestSession.get(), out.toString(), Months.parse("2026-10"),
        SparkTestSession.config());
    Throwable thrown = catchThrowable(() -> IngestJob.run(ctx, SourceCatalog.load(dir.resolve("catalog.yaml")
        .toString(), new Configuration()), Privacy.withKey("k"), MonthRange.upTo("2026-10")));
    assertThat(thrown).isInstanceOf(IngestJob.ExpectationsFailed.class);
    failure = (IngestJob.ExpectationsFailed) thrown;
    String manifest = Files.readString(out.resolve("manifest/2026-10/ingest.json"));
    run = StageRun.JSON.readValue(manifest, StageRun.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> source(String name) {
    return (Map<String, Object>) ((Map<String, Object>) run.details.get("sources")).get(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Number> reasons(String name) {
    return (Map<String, Number>) source(name).get("quarantined_by_reason");
  }

  private static long count(String name, String key) {
    return ((Number) source(name).get(key)).longValue();
  }

  private static Map<String, String> quarantine(String source) {
    Map<String, String> byLine = new TreeMap<>();
    for (Row r : SparkTestSession.table(out, Table.QUARANTINE).where(col("source").equalTo(source)).collectAsList()) {
      byLine.put(r.<Long>getAs("ingest_row") + " " + r.<String>getAs("reason"), r.getAs("raw_record"));
    }
    return byLine;
  }

  @Test
  void spreadsheetIdsAndIdsThatAreAlwaysEmptyFailLoudlyAndWriteNothing() {
    assertThat(failure.breaches()).hasSize(3);
    assertThat(failure.breaches()).anySatisfy(b -> assertThat(b)
        .startsWith("Source 'excel_tweets': expectation max_duplicate_share failed at 99.0% (error above 50.0%)")
        .contains("297 of 300 rows repeat an id already seen")
        .contains("the id (mapping.id `tweet_id`) has 3 distinct values in 300 rows")
        .contains("is it an id? Its values look like a spreadsheet's scientific notation (")
        .contains("5.70E+17").doesNotContain("\n"));
    assertThat(failure.breaches()).anySatisfy(b -> assertThat(b)
        .startsWith("Source 'excel_tweets': expectation min_distinct_id_share failed at 1.0% (error below 50.0%)"));
    assertThat(failure.breaches()).anySatisfy(b -> assertThat(b)
        .startsWith("Source 'null_ids': expectation max_quarantined_share failed at 100% (error above 50.0%)")
        .contains("3 of 3 rows quarantined, mostly missing_id (3): the id (mapping.id {expr: CAST(NULL AS STRING)}) "
            + "is empty in those rows"));
    assertThat(run.details.get("failed_sources")).isEqualTo(List.of("excel_tweets", "null_ids"));
    // Neither wrote a row; the other sources did.
    assertThat(SparkTestSession.table(out, Table.FEEDBACK).select("source").distinct().collectAsList())
        .extracting(r -> r.getString(0)).containsExactlyInAnyOrder("hostile", "reviews", "handles");
    assertThat(SparkTestSession.table(out, Table.QUARANTINE).where(col("source").isin("excel_tweets", "null_ids"))
        .count()).isZero();
  }

  @Test
  void hostileRecordsAreQuarantinedAndNoGoodRowIsLost() {
    // 18 good rows would be 1..18; the bad ones are named, the rest accepted.
    Map<String, Number> why = reasons("hostile");
    assertThat(why).containsEntry("bad_encoding", 1).containsEntry("implausible_timestamp", 4)
        .containsEntry("bad_characters", 2).containsEntry("malformed_record", 2);
    // nan in every column: no time, so missing_event_ts (checked first).
    assertThat(why).containsEntry("missing_event_ts", 1);
    assertThat(count("hostile", "accepted")).isEqualTo(9);
    assertThat(count("hostile", "read")).isEqualTo(19);
    Map<String, String> q = quarantine("hostile");
    assertThat(q).containsKey("8 bad_encoding");
    assertThat(q.get("16 malformed_record")).isEqualTo("14,\"unbalanced quote,2026-10-14");
    assertThat(q.get("19 malformed_record")).startsWith("17,\"xxxx").contains("bytes in all");
    assertThat(SparkTestSession.table(out, Table.FEEDBACK).where(col("source").equalTo("hostile"))
        .select("text").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder("one", "two", "three", "four", "five", "six", "fifteen", "sixteen", "eighteen");
    // Nothing lands in a month that is not a month, and no text keeps a NUL.
    assertThat(SparkTestSession.table(out, Table.FEEDBACK).where(col(FeedbackSchema.REPORT_MONTH).startsWith("-")
        .or(col(FeedbackSchema.REPORT_MONTH).lt("2000"))).count()).isZero();
    assertThat(SparkTestSession.table(out, Table.FEEDBACK).where(col("text").contains("\u0000")).count()).isZero();
  }

  @Test
  void jsonLinesWithDuplicateKeysOrDeepNestingAreQuarantinedWithTheReason() {
    assertThat(count("reviews", "accepted")).isEqualTo(2);
    Map<String, String> q = quarantine("reviews");
    assertThat(q).containsOnlyKeys("2 malformed_record", "3 malformed_record");
    List<String> messages = SparkTestSession.table(out, Table.QUARANTINE).where(col("source").equalTo("reviews"))
        .orderBy("ingest_row").select("message").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(messages.get(0)).contains("Duplicate field 'text'");
    assertThat(messages.get(1)).containsIgnoringCase("nesting");
  }

  @Test
  void rejectedHandlesArePseudonymizedFiltersAreCountedAndMojibakeIsRepaired() {
    assertThat(count("handles", "filtered")).isEqualTo(1);
    assertThat(count("handles", "read")).isEqualTo(3);
    assertThat(count("handles", "mojibake_repaired")).isEqualTo(1);
    String raw = quarantine("handles").get("2 bad_timestamp");
    assertThat(raw).doesNotContain("jane_doe").startsWith("1,[customer ");
    assertThat(SparkTestSession.table(out, Table.FEEDBACK).where(col("source").equalTo("handles"))
        .select("text", "language").first()).satisfies(r -> {
          assertThat(r.getString(0)).isEqualTo("café was über");
          assertThat(r.getString(1)).isEqualTo("en");
        });
  }

  @Test
  void catalogExpressionsCannotReachTheJvmTheEnvironmentOrFiles() throws Exception {
    write("reach.yaml", """
        sources:
          - name: leak
            path: excel.csv
            format: csv
            channel: social_media
            mapping:
              id: tweet_id
              event_ts: tweet_created
              text: {expr: "java_method('java.lang.System', 'getenv', 'GRAPEVINE_PSEUDONYM_KEY')"}
              subject: {expr: "reflect('java.lang.System', 'getProperty', 'user.home')"}
              reach: {expr: "(SELECT count(*) FROM parquet.`/etc`)"}
            where: "input_file_name() IS NOT NULL"
        """);
    assertThatThrownBy(() -> SourceCatalog.load(dir.resolve("reach.yaml").toString(), new Configuration()))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("source 'leak': mapping.text: function java_method is not one a catalog may call")
        .hasMessageContaining("source 'leak': mapping.subject: function reflect is not one")
        .hasMessageContaining("source 'leak': mapping.reach: 'SELECT' makes a query")
        .hasMessageContaining("source 'leak': where: function input_file_name is not one");
  }

  @Test
  void pathsOutsideTheCatalogsFolderAreRefusedWithoutReadingThem() throws Exception {
    write("escape.yaml", """
        sources:
          - name: escape
            path: ../../../../../../../../etc/passwd
            format: csv
            channel: complaint
            mapping: {id: root, event_ts: x}
        """);
    SourceCatalog catalog = SourceCatalog.load(dir.resolve("escape.yaml").toString(), new Configuration());
    JobContext ctx = new JobContext(SparkTestSession.get(), dir.resolve("escape-out").toString(),
        Months.parse("2026-10"), io.grapevine.core.GrapevineConfig.defaults());
    assertThatThrownBy(() -> IngestJob.run(ctx, catalog, Privacy.withKey("k")))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("source 'escape': path /etc/passwd is outside the catalog's folder and "
            + "ingest.allowed_roots")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:x"));
  }

  @Test
  void aMismatchNamesTheExportsColumnsOnceAndAnExpressionThatFailsAtRunTimeIsOneLine() throws Exception {
    write("mismatch.yaml", """
        sources:
          - name: wide
            path: excel.csv
            format: csv
            channel: social_media
            mapping: {id: Tweet ID, text: Text, event_ts: Created, rating: Stars}
            rating_scale: [1, 5]
        """);
    JobContext ctx = new JobContext(SparkTestSession.get(), dir.resolve("mismatch-out").toString(),
        Months.parse("2026-10"), SparkTestSession.config());
    Throwable mismatch = catchThrowable(() -> IngestJob.run(ctx,
        SourceCatalog.load(dir.resolve("mismatch.yaml").toString(), new Configuration()), Privacy.withKey("k")));
    assertThat(mismatch).isInstanceOf(UserInputException.class);
    String message = mismatch.getMessage();
    assertThat(message).contains("mapping.id names column 'Tweet ID'; mapping.text names column 'Text'");
    assertThat(message.split("tweet_created", -1)).as("the export's columns, listed once").hasSize(2);

    write("runtime.yaml", """
        sources:
          - name: casts
            path: excel.csv
            format: csv
            channel: social_media
            mapping: {id: tweet_id, text: text, event_ts: tweet_created, told_count: {expr: "CAST(text AS INT)"}}
        """);
    Throwable failed = catchThrowable(() -> IngestJob.run(new JobContext(SparkTestSession.get(),
        dir.resolve("runtime-out").toString(), Months.parse("2026-10"), SparkTestSession.config()),
        SourceCatalog.load(dir.resolve("runtime.yaml").toString(), new Configuration()), Privacy.withKey("k")));
    assertThat(failed).isInstanceOf(UserInputException.class)
        .hasMessageStartingWith("Source 'casts': mapping.told_count expression 'CAST(text AS INT)' fails at run time: ")
        .hasMessageContaining("try_cast");
    assertThat(failed.getMessage()).doesNotContain("\n");
  }

  @Test
  void theDevelopmentKeyIsMarkedAndDoesNotMixWithASecretOne() throws Exception {
    Path mixed = dir.resolve("keys-out");
    write("small.yaml", """
        sources:
          - name: small
            path: null_ids.csv
            format: csv
            channel: complaint
            mapping: {text: complaint, event_ts: when}
        """);
    SourceCatalog catalog = SourceCatalog.load(dir.resolve("small.yaml").toString(), new Configuration());
    StageRun dev = IngestJob.run(new JobContext(SparkTestSession.get(), mixed.toString(), Months.parse("2026-10"),
        SparkTestSession.config()), catalog, Privacy.fromEnvironment("UNSET_KEY_VARIABLE", true),
        MonthRange.upTo("2026-10"));
    assertThat(dev.details.get("pseudonym_key").toString()).contains("development");
    assertThat(Files.readString(mixed.resolve("manifest/2026-10/ingest.json"))).contains("\"key\" : \"development\"");
    assertThatThrownBy(() -> IngestJob.run(new JobContext(SparkTestSession.get(), mixed.toString(),
        Months.parse("2026-10"), SparkTestSession.config()), catalog, Privacy.withKey("a real secret"),
        MonthRange.upTo("2026-10")))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("was pseudonymized with the public development key")
        .hasMessageContaining("this run has a secret key");
  }
}
