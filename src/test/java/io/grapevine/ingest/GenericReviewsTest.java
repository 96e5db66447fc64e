package io.grapevine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.grapevine.SparkTestSession;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code generic_reviews} preset and the mechanisms under it refuse, and how: a column
 * matched whatever its case and spacing, a list of alternatives that may end in null, and an export
 * whose dates, ratings or columns cannot be decided failing the catalog check in lines that say what
 * to set. (What it reads is in {@link PresetShapesTest}.)
 */
class GenericReviewsTest {
  @TempDir
  Path dir;

  @Test
  void aColumnAlternativeFitsWhateverTheCaseSpacesAndPunctuation() {
    List<String> columns = List.of("Review ID", "REVIEW_DATE", "reviewText", "Rating (1-5)");
    assertThat(IngestJob.matchingColumn("review_id", columns, null)).isEqualTo("Review ID");
    assertThat(IngestJob.matchingColumn("Review Date", columns, null)).isEqualTo("REVIEW_DATE");
    assertThat(IngestJob.matchingColumn("review_text", columns, null)).isEqualTo("reviewText");
    assertThat(IngestJob.matchingColumn("rating", columns, null)).isNull();
    assertThat(IngestJob.matchingColumn("reviewText", List.of("review_text", "reviewText"), null)).isEqualTo("reviewText");
    // A JSON object whose name is like the column's is not that column.
    org.apache.spark.sql.types.StructType json = new org.apache.spark.sql.types.StructType()
        .add("companyReply", new org.apache.spark.sql.types.StructType().add("text", "string")).add("Reply", "string");
    assertThat(IngestJob.matchingColumn("Company Reply", List.of("companyReply", "Reply"), json)).isNull();
    assertThat(IngestJob.matchingColumn("reply", List.of("companyReply", "Reply"), json)).isEqualTo("Reply");
  }

  @Test
  void nullEndsAListOfAlternativesOnlyForATargetThatIsNotRequired() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    SourceCatalog ok = SourceCatalog.parse(yaml.readTree("""
        sources:
          - {name: a, path: a.csv, format: csv, channel: survey, mapping: {event_ts: d, text: [Comment, null]}}
        """), "test.yaml", "/base");
    assertThat(ok.sources().get(0).alternatives.get("text")).hasSize(2).last()
        .satisfies(a -> assertThat(a.none()).isTrue());
    assertThatThrownBy(() -> SourceCatalog.parse(yaml.readTree("""
        sources:
          - {name: b, path: b.csv, format: csv, channel: survey, mapping: {event_ts: [d, null], text: [null, Comment]}}
        """), "test.yaml", "/base"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("source 'b': mapping.event_ts: null may only end a list of alternatives, of a mapping "
            + "that is not required")
        .hasMessageContaining("source 'b': mapping.text: null may only end");
  }

  private String ingestError(String file, String content) throws Exception {
    return ingestError(file, content, "");
  }

  private String ingestError(String file, String content, String more) throws Exception {
    Files.writeString(dir.resolve(file), content);
    Files.writeString(dir.resolve("catalog.yaml"), "sources:\n  - {name: shop, preset: generic_reviews, path: " + file
        + more + "}\n");
    SourceCatalog catalog = SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration());
    JobContext ctx = new JobContext(SparkTestSession.get(), dir.resolve("out").toString(), Months.parse("2026-10"),
        SparkTestSession.config());
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> IngestJob.run(ctx, catalog, Privacy.withKey("k")));
    assertThat(t).isInstanceOf(UserInputException.class);
    assertThat(dir.resolve("out/feedback")).doesNotExist();
    return t.getMessage();
  }

  @Test
  void datesNoFormatReadsFailTheCheckWithExamplesAndTheSettingToUse() throws Exception {
    String message = ingestError("vague.csv", "id,date,review\n1,yesterday,Slow\n2,last week,Fine\n3,2026-10-02,Ok\n");
    assertThat(message).contains("source 'shop': timestamp_formats auto: no known format reads the event times")
        .contains("read 1 of 3").contains("such as 'yesterday', 'last week')").contains("set timestamp_formats");
  }

  /** The feedback rows, by event time, that {@code catalog} ingests for the months {@code from}..{@code to}. */
  private List<org.apache.spark.sql.Row> feedback(String catalog, String from, String to) throws Exception {
    Files.writeString(dir.resolve("catalog.yaml"), catalog);
    JobContext ctx = new JobContext(SparkTestSession.get(), dir.resolve("read").toString(), Months.parse(to),
        SparkTestSession.config());
    IngestJob.run(ctx, SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration()),
        Privacy.withKey("k"), new io.grapevine.core.MonthRange(from, to));
    return ctx.tables().read(io.grapevine.core.Table.FEEDBACK).orderBy("event_ts").collectAsList();
  }

  /** Kaggle's "McDonald's Store Reviews" header (scraped from Google Maps): times shown as "3 months ago". */
  private static final String SCRAPED = """
      reviewer_id,store_name,category,store_address,latitude ,longitude,rating_count,review_time,review,rating
      1,McDonald's,Fast food restaurant,"13749 US-183 Hwy, Austin, TX",30.46,-97.79,"1,240",3 months ago,Cold fries,1 star
      2,McDonald's,Fast food restaurant,"13749 US-183 Hwy, Austin, TX",30.46,-97.79,"1,240",5 days ago,Fine,4 stars
      3,McDonald's,Fast food restaurant,"13749 US-183 Hwy, Austin, TX",30.46,-97.79,"1,240",a year ago,Slow,2 stars
      4,McDonald's,Fast food restaurant,"13749 US-183 Hwy, Austin, TX",30.46,-97.79,"1,240",Edited 2 weeks ago,Ok,3 stars
      """;

  @Test
  void timesToldRelativeToTheDayOfTheExportAskForThatDayAndAreCountedBackFromIt() throws Exception {
    String message = ingestError("maps.csv", SCRAPED);
    assertThat(message).endsWith("\n  - source 'shop': the event times are told relative to the day the export was "
        + "taken (4 of the first 4, such as '3 months ago', '5 days ago'): set timestamp_formats: [\"ago from "
        + "YYYY-MM-DD\"] with that day");

    assertThat(feedback("sources:\n  - {name: maps, preset: generic_reviews, path: maps.csv, "
        + "timestamp_formats: [\"ago from 2026-10-20\"]}\n", "2025-01", "2026-10"))
        .extracting(r -> r.<java.sql.Timestamp>getAs("event_ts").toInstant().toString(), r -> r.<Double>getAs("rating"))
        .containsExactly(org.assertj.core.api.Assertions.tuple("2025-10-20T00:00:00Z", 2.0),
            org.assertj.core.api.Assertions.tuple("2026-07-20T00:00:00Z", 1.0),
            org.assertj.core.api.Assertions.tuple("2026-10-06T00:00:00Z", 3.0),
            org.assertj.core.api.Assertions.tuple("2026-10-15T00:00:00Z", 4.0));

    // The same in French, German, Spanish and Dutch, as a page in those languages shows them.
    assertThat(ingestError("maps-eu.csv", "id,date,review,stars\n1,il y a 3 mois,Froid,1\n2,vor einem Jahr,Langsam,2\n"
        + "3,hace 2 días,Bien,4\n4,3 weken geleden,Prima,5\n5,gestern,Gut,4\n"))
        .contains("the event times are told relative to the day the export was taken (5 of the first 5, such as "
            + "'il y a 3 mois', 'vor einem Jahr')");
    assertThat(feedback("sources:\n  - {name: maps_eu, preset: generic_reviews, path: maps-eu.csv, "
        + "timestamp_formats: [\"ago from 2026-10-20\"]}\n", "2025-01", "2026-10"))
        .filteredOn(r -> r.<String>getAs("source").equals("maps_eu"))
        .extracting(r -> r.<java.sql.Timestamp>getAs("event_ts").toInstant().toString(), r -> r.<String>getAs("text"))
        .containsExactly(org.assertj.core.api.Assertions.tuple("2025-10-20T00:00:00Z", "Langsam"),
            org.assertj.core.api.Assertions.tuple("2026-07-20T00:00:00Z", "Froid"),
            org.assertj.core.api.Assertions.tuple("2026-09-29T00:00:00Z", "Prima"),
            org.assertj.core.api.Assertions.tuple("2026-10-18T00:00:00Z", "Bien"),
            org.assertj.core.api.Assertions.tuple("2026-10-19T00:00:00Z", "Gut"));

    Files.writeString(dir.resolve("catalog.yaml"), "sources:\n  - {name: maps, preset: generic_reviews, path: maps.csv, "
        + "timestamp_formats: [\"ago from last Monday\"]}\n");
    assertThatThrownBy(() -> SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration()))
        .hasMessageContaining("timestamp format 'ago from last Monday' needs the day the export was taken as YYYY-MM-DD");
  }

  /** Sentiment140's training file as published: no header row; polarity, id, date, query, user, text. */
  private static final String HEADERLESS = """
      "0","1467810369","Mon Apr 06 22:19:45 PDT 2009","NO_QUERY","_TheSpecialOne_","@switchfoot http://twitpic.com/2y1zl - Awww, that's a bummer."
      "4","1467822272","Mon Apr 06 22:22:45 PDT 2009","NO_QUERY","ersle","I LOVE @Health4UandPets u guys r the best!!"
      """;

  @Test
  void aFileWithoutAHeaderRowIsSaidToBeOneAndReadWithTheColumnNamesTheCatalogGives() throws Exception {
    String message = ingestError("s140.csv", HEADERLESS, ", channel: social_media");
    assertThat(message).contains("source 'shop': its export has the columns [0, 1467810369, Mon Apr 06 22:19:45 PDT 2009,")
        .contains("(these names look like a record, not a header: for a file without a header row, name its columns "
            + "with options: {column_names: [...]}, in their order)");

    String named = """
        sources:
          - name: s140
            preset: generic_reviews
            path: s140.csv
            channel: social_media
            options: {column_names: [polarity, ids, date, query, user, text]}
            timestamp_formats: ["EEE MMM d HH:mm:ss z yyyy"]
            mapping: {id: ids, sentiment_label: {expr: "CASE polarity WHEN '0' THEN 'negative' WHEN '4' THEN 'positive' END"}}
        """;
    // Both records read, the first line too; Pacific time to UTC.
    assertThat(feedback(named, "2009-04", "2009-04"))
        .extracting(r -> r.<java.sql.Timestamp>getAs("event_ts").toInstant().toString(), r -> r.<String>getAs("sentiment_label"))
        .containsExactly(org.assertj.core.api.Assertions.tuple("2009-04-07T05:19:45Z", "negative"),
            org.assertj.core.api.Assertions.tuple("2009-04-07T05:22:45Z", "positive"));

    Files.writeString(dir.resolve("catalog.yaml"), "sources:\n  - {name: s, preset: generic_reviews, path: s140.csv, "
        + "options: {column_names: [a, b, a]}}\n");
    assertThatThrownBy(() -> SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration()))
        .hasMessageContaining("options.column_names must list the columns of an export without a header row, each named once");
  }

  @Test
  void ratingsOnNoKnownScaleFailTheCheckWhenTheCatalogNamesTheColumn() throws Exception {
    // generic_reviews takes such a column for votes and leaves it out (PresetShapesTest: reddit); a
    // rating the catalog maps itself must fit a scale.
    String message = ingestError("scores.csv", "id,date,score,review\n1,2026-10-01,250,Great\n2,2026-10-02,40,Bad\n",
        ", mapping: {rating: score}");
    assertThat(message).contains("source 'shop': rating_scale auto: ratings run from 40 to 250 (2 ratings in the first rows)")
        .contains("set rating_scale: [min, max]");
  }

  @Test
  void anExportWithoutADateNamesItsColumnsOnceAndWhatToMap() throws Exception {
    String message = ingestError("nodate.csv", "Clothing ID,Age,Title,Review Text,Rating\n767,33,,Absolutely wonderful,4\n");
    assertThat(message).contains("source 'shop': mapping.event_ts: none of its alternatives")
        .contains("source 'shop': its export has the columns [Clothing ID, Age, Title, Review Text, Rating]")
        .contains("event_ts: {const: \"YYYY-MM-DD\"}");
    assertThat(message.split("Clothing ID", -1)).hasSize(2);
  }

  /** The catalog check's error for {@code file} read by {@code preset}. */
  private String presetError(String preset, String file, String content) throws Exception {
    Files.writeString(dir.resolve(file), content);
    Files.writeString(dir.resolve("catalog.yaml"), "sources:\n  - {name: answers, preset: " + preset
        + ", path: " + file + "}\n");
    SourceCatalog catalog = SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration());
    JobContext ctx = new JobContext(SparkTestSession.get(), dir.resolve("out").toString(), Months.parse("2026-10"),
        SparkTestSession.config());
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> IngestJob.run(ctx, catalog, Privacy.withKey("k")));
    assertThat(t).isInstanceOf(UserInputException.class);
    return t.getMessage();
  }

  @Test
  void aPresetThatDoesNotFitNamesThePresetThatDoes() throws Exception {
    // Qualtrics' legacy export (its V1..V10 row above the names and wording; the shape of the shared
    // datasets' sample_legacy.csv) read by the current exporter's preset.
    String legacy = presetError("qualtrics_csv", "legacy.csv", "V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1,Q2\n"
        + "ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,EndDate,"
        + "Finished,How likely are you to recommend us?,Why?\n"
        + "R_1,Default Response Set,Ann Lee,,ann@example.org,198.51.100.7,0,2026-10-02 09:12:03,"
        + "2026-10-02 09:14:40,1,9,Quick and kind\n");
    assertThat(legacy).contains("source 'answers': mapping.id names column 'ResponseId'")
        .contains("source 'answers': the export fits preset 'qualtrics_legacy_csv', not 'qualtrics_csv' "
            + "(preset: qualtrics_legacy_csv)");
    // Trustpilot's review download read as Google Play's: a vendor's preset is named, not the generic one
    // that would read it too.
    String trustpilot = presetError("google_play_reviews", "trustpilot.csv", "Review Created (UTC),Review Id,"
        + "Review Consumer User Id,Review Consumer Name,Review Title,Review Content,Review Stars,Review Language,"
        + "Reply Content,Company Reply Date (UTC)\n"
        + "2026-10-02 11:00:00,65f0c1,c-1,Jan Laevers,Geen antwoord,Drie weken wachten,1,nl,,\n");
    assertThat(trustpilot).contains("the export fits preset 'trustpilot_reviews', not 'google_play_reviews'")
        .doesNotContain("generic_reviews");
    // An expression of the catalog's own that names no column of the export: said with Spark's reason.
    String typo = ingestError("typo.csv", "id,date,review\n1,2026-10-01,Slow\n",
        ", mapping: {text: {expr: \"concat_ws('. ', reviw, date)\"}}");
    assertThat(typo).contains("source 'shop': mapping.text expression 'concat_ws('. ', reviw, date)' is not valid over "
        + "the export's columns: [UNRESOLVED_COLUMN.WITH_SUGGESTION]");
    // An export no preset reads: nothing suggested.
    String none = presetError("trustpilot_reviews", "numbers.csv", "a,b\n1,2\n");
    assertThat(none).doesNotContain("the export fits");
  }

  @Test
  void repeatedRowsOfAnExportWithoutIdsAreSaidToBeWholeRowRepeats() {
    Expectations e = new Expectations().merged(null);  // every bound present, none set
    e.maxDuplicateShare = new Expectations.Bound();
    e.maxDuplicateShare.warn = 0.05;
    List<Expectations.Result> results = Expectations.evaluate("alexa", e, 3150, 0, 714, 3150, 2436,
        new Expectations.Evidence(java.util.Map.of(), 0, null, () -> java.util.Arrays.asList(null, null), java.util.Map.of()));
    assertThat(results).filteredOn(r -> r.expectation.equals("max_duplicate_share")).singleElement()
        .satisfies(r -> assertThat(r.message).isEqualTo("Source 'alexa': expectation max_duplicate_share warns at "
            + "22.7% (warning above 5.0%): 714 of 3,150 rows repeat an id already seen: no id is mapped, so these "
            + "rows repeat another row of the export whole"));
  }

  @Test
  void aZipArchiveHoldingSeveralFilesIsRefusedWithTheirNames() throws Exception {
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(
        Files.newOutputStream(dir.resolve("archive.zip")))) {
      for (String name : List.of("train.csv", "test.csv")) {
        zip.putNextEntry(new java.util.zip.ZipEntry(name));
        zip.write("id,date,review\n1,2026-10-01,Fine\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    Files.writeString(dir.resolve("catalog.yaml"), "sources:\n  - {name: shop, preset: generic_reviews, path: archive.zip}\n");
    SourceCatalog catalog = SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration());
    JobContext ctx = new JobContext(SparkTestSession.get(), dir.resolve("out").toString(), Months.parse("2026-10"),
        SparkTestSession.config());
    assertThatThrownBy(() -> IngestJob.run(ctx, catalog, Privacy.withKey("k")))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("holds 2 files (train.csv, test.csv): unzip it and give the path of the one to read");
  }
}
