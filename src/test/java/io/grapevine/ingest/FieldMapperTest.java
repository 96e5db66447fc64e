package io.grapevine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FieldMapperTest {
  private static final String[] COLUMNS = {"id", "when", "stars", "nps", "mood", "told", "body"};
  private static List<Row> out;

  private static Row raw(long line, String error, String... values) {
    List<Object> v = new ArrayList<>(List.of("f.csv", line, "raw " + line));
    v.add(error);
    v.addAll(Arrays.asList(values));
    return RowFactory.create(v.toArray());
  }

  @BeforeAll
  static void map() throws Exception {
    SourceSpec spec = SourceCatalog.parse(new ObjectMapper(new YAMLFactory()).readTree("""
        sources:
          - name: shop
            path: /x
            format: csv
            channel: review_site
            timezone: America/New_York
            timestamp_formats: ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ssXXX", epoch_seconds]
            rating_scale: [1, 5]
            options: {null_values: ["", "N/A"]}
            mapping:
              id: id
              event_ts: when
              rating: stars
              nps: nps
              sentiment_label: mood
              told_count: told
              text: body
        """), "t.yaml", "").sources().get(0);
    StructType schema = new StructType()
        .add(RawColumns.FILE, DataTypes.StringType).add(RawColumns.LINE, DataTypes.LongType)
        .add(RawColumns.RAW, DataTypes.StringType).add(RawColumns.ERROR, DataTypes.StringType);
    for (String c : COLUMNS) {
      schema = schema.add(c, DataTypes.StringType);
    }
    List<Row> rows = List.of(
        raw(2, null, "5.70E+17", "2026-10-05 09:30", "4", null, "Positive", "12", "mail a@b.co"),
        raw(3, null, "a2", "2026-10-05T09:30:00+02:00", "1", "N/A", null, null, null),
        raw(4, null, "a3", "1791200000", null, "7", "neg", null, null),
        raw(5, null, "a4", "31/10/2026", "3", null, null, null, null),
        raw(6, null, "a5", "2026-10-05 09:30", "7", null, null, null, null),
        raw(7, null, "a6", "2026-10-05 09:30", "three", null, null, null, null),
        raw(8, null, "a7", "2026-10-05 09:30", null, "11", null, null, null),
        raw(9, null, "a8", "   ", null, null, null, null, null),
        raw(10, "expected 7 fields as in the header, found 2", null, null, null, null, null, null, null),
        raw(11, null, "a10", "2026-10-05 09:30", null, null, "furious", null, null),
        raw(12, null, "a11", "2026-10-05 09:30", null, null, null, "-2", null),
        raw(13, null, null, "2026-10-05 09:30", null, null, null, null, null));
    Dataset<Row> rawRows = SparkTestSession.get().createDataFrame(rows, schema);
    FieldMapper mapper = new FieldMapper(spec, Privacy.withKey("k"));
    out = mapper.toFeedback(mapper.check(rawRows), "run-1").orderBy(FeedbackSchema.INGEST_ROW)
        .collectAsList();
  }

  private static Row line(long n) {
    return out.stream().filter(r -> r.<Long>getAs(FeedbackSchema.INGEST_ROW) == n).findFirst().orElseThrow();
  }

  private static String reason(long n) {
    return line(n).getAs(FieldMapper.REASON);
  }

  private static String message(long n) {
    return line(n).getAs(FieldMapper.MESSAGE);
  }

  @Test
  void mapsAGoodRowToTheCanonicalRecord() {
    Row r = line(2);
    assertThat(reason(2)).isNull();
    assertThat(r.<String>getAs(FeedbackSchema.SOURCE)).isEqualTo("shop");
    assertThat(r.<String>getAs(FeedbackSchema.CHANNEL)).isEqualTo("review_site");
    // Local time in New York (EDT, UTC-4) stored as UTC.
    assertThat(r.<java.sql.Timestamp>getAs(FeedbackSchema.EVENT_TS).toInstant().toString())
        .isEqualTo("2026-10-05T13:30:00Z");
    assertThat(r.<String>getAs(FeedbackSchema.REPORT_MONTH)).isEqualTo("2026-10");
    assertThat(r.<Double>getAs(FeedbackSchema.RATING)).isEqualTo(4.0);
    assertThat(r.<Double>getAs(FeedbackSchema.SCORE)).isEqualTo(0.75);
    assertThat(r.<Double>getAs(FeedbackSchema.RATING_MIN)).isEqualTo(1.0);
    assertThat(r.<String>getAs(FeedbackSchema.SENTIMENT_LABEL)).isEqualTo("positive");
    assertThat(r.<String>getAs(FeedbackSchema.SENTIMENT_BASIS)).isEqualTo("label");
    assertThat(r.<Integer>getAs(FeedbackSchema.TOLD_COUNT)).isEqualTo(12);
    assertThat(r.<String>getAs(FeedbackSchema.TEXT)).isEqualTo("mail [email]");
    assertThat(r.<String>getAs(FeedbackSchema.FEEDBACK_ID)).hasSize(32).isNotEqualTo(line(3).getAs(FeedbackSchema.FEEDBACK_ID));
    assertThat(r.<String>getAs(FeedbackSchema.RUN_ID)).isEqualTo("run-1");
  }

  @Test
  void readsOffsetsEpochSecondsAndNullTokens() {
    assertThat(reason(3)).isNull();
    assertThat(line(3).<java.sql.Timestamp>getAs(FeedbackSchema.EVENT_TS).toInstant().toString())
        .isEqualTo("2026-10-05T07:30:00Z");
    assertThat(line(3).<Integer>getAs(FeedbackSchema.NPS)).isNull();
    assertThat(reason(4)).isNull();
    assertThat(line(4).<java.sql.Timestamp>getAs(FeedbackSchema.EVENT_TS).toInstant().toString())
        .isEqualTo("2026-10-05T11:33:20Z");
    assertThat(line(4).<String>getAs(FeedbackSchema.SENTIMENT_LABEL)).isEqualTo("negative");
    assertThat(line(4).<Integer>getAs(FeedbackSchema.NPS)).isEqualTo(7);
  }

  @Test
  void rejectsEachBadRowWithAReasonAndAMessageNamingTheValue() {
    assertThat(reason(5)).isEqualTo("bad_timestamp");
    assertThat(message(5)).isEqualTo("event_ts: cannot read '31/10/2026' as a time in one of the formats "
        + "[yyyy-MM-dd HH:mm, yyyy-MM-dd'T'HH:mm:ssXXX, epoch_seconds]");
    assertThat(reason(6)).isEqualTo("rating_out_of_range");
    assertThat(message(6)).isEqualTo("rating 7.0 is outside the declared scale 1..5");
    assertThat(reason(7)).isEqualTo("bad_number");
    assertThat(message(7)).isEqualTo("rating: cannot read 'three' as a number");
    assertThat(reason(8)).isEqualTo("nps_out_of_range");
    assertThat(message(8)).isEqualTo("nps 11 is outside 0..10");
    assertThat(reason(9)).isEqualTo("missing_event_ts");
    assertThat(reason(10)).isEqualTo("malformed_record");
    assertThat(message(10)).contains("expected 7 fields as in the header, found 2");
    assertThat(reason(11)).isEqualTo("bad_label");
    assertThat(message(11)).contains("'furious'");
    assertThat(reason(12)).isEqualTo("negative_count");
    assertThat(reason(13)).isEqualTo("missing_id");
  }

  @Test
  void ratingsAreReadAsExportsWriteThem() {
    List<String> written = List.of("4", " 4.5 ", "4,5", "4/5", "4.0 out of 5 stars", "2 Sterne", "3 étoiles", "★★★★☆",
        "☆☆☆☆☆", "five", "4 - 5", "4/5 would buy", "", "Rated 4 out of 5 stars", "Rating: 3/5", "rated");
    List<Row> rows = new ArrayList<>();
    written.forEach(w -> rows.add(RowFactory.create(w)));
    List<Row> read = SparkTestSession.get()
        .createDataFrame(rows, new StructType().add("r", DataTypes.StringType))
        .select(FieldMapper.rating(org.apache.spark.sql.functions.col("r"))).collectAsList();
    assertThat(read).extracting(r -> r.isNullAt(0) ? null : r.getDouble(0))
        .containsExactly(4.0, 4.5, 4.5, 4.0, 4.0, 2.0, 3.0, 4.0, 0.0, null, null, null, null, 4.0, 3.0, null);
  }

  @Test
  void aTimeEndingInAZonesAbbreviationIsMovedByThatZonesOffset() {
    List<String> written = List.of("2026-10-03 08:12:44 PST", "2026-10-04 09:00:00 PDT", "2026-10-05 10:00:00 CEST",
        "Oct 5, 2026 7:00 AM UTC", "Oct 6, 2026 9:30 PM AEDT", "2026-10-06 10:00:00", "2026-10-07 10:00:00 IST",
        "2026-10-08 10:00:00 PDT extra", "2026-10-09 12:00:00 MSK", "2026-10-10 10:00:00 PDT (edited)",
        "Oct 11, 2026 9:00 AM (UTC)", "2026-10-12 10:00:00 (Sat)");
    List<Row> rows = new ArrayList<>();
    written.forEach(w -> rows.add(RowFactory.create(w)));
    Dataset<Row> frame = SparkTestSession.get().createDataFrame(rows, new StructType().add("t", DataTypes.StringType));
    List<String> formats = List.of("yyyy-MM-dd HH:mm:ss", "MMM d, yyyy h:mm a");
    for (String zone : List.of("UTC", "America/New_York")) {
      List<Row> read = frame.select(FieldMapper.parseTime(org.apache.spark.sql.functions.col("t"), formats, zone)
          .cast("string")).collectAsList();
      // The abbreviation says the offset, whatever the source's zone; without one, the source's zone
      // holds; an ambiguous abbreviation (IST) or words after it are not read, but a remark in brackets
      // is set aside and a zone in brackets is read.
      assertThat(read).as(zone).extracting(r -> r.isNullAt(0) ? null : r.getString(0)).containsExactly(
          "2026-10-03 16:12:44", "2026-10-04 16:00:00", "2026-10-05 08:00:00", "2026-10-05 07:00:00",
          "2026-10-06 10:30:00", zone.equals("UTC") ? "2026-10-06 10:00:00" : "2026-10-06 14:00:00", null, null,
          "2026-10-09 09:00:00", "2026-10-10 17:00:00", "2026-10-11 09:00:00",
          zone.equals("UTC") ? "2026-10-12 10:00:00" : "2026-10-12 14:00:00");
    }
  }

  @Test
  void epochTimesAreReadAlsoAsPandasWritesThemWithAGapInTheColumn() {
    List<Row> rows = new ArrayList<>();
    List.of("1791000000", "1791000000.0", "1791000000.5", "1.791E9", "soon").forEach(w -> rows.add(RowFactory.create(w)));
    Dataset<Row> frame = SparkTestSession.get().createDataFrame(rows, new StructType().add("t", DataTypes.StringType));
    List<Row> seconds = frame.select(FieldMapper.parseTime(org.apache.spark.sql.functions.col("t"),
        List.of("epoch_seconds"), "UTC").cast("string")).collectAsList();
    assertThat(seconds).extracting(r -> r.isNullAt(0) ? null : r.getString(0)).containsExactly("2026-10-03 04:00:00",
        "2026-10-03 04:00:00", "2026-10-03 04:00:00.5", "2026-10-03 04:00:00", null);
    rows.clear();
    List.of("1791000000123", "1791000000123.0", "1791000000123.5").forEach(w -> rows.add(RowFactory.create(w)));
    List<Row> millis = SparkTestSession.get().createDataFrame(rows, new StructType().add("t", DataTypes.StringType))
        .select(FieldMapper.parseTime(org.apache.spark.sql.functions.col("t"), List.of("epoch_millis"), "UTC")
            .cast("string")).collectAsList();
    assertThat(millis).extracting(r -> r.isNullAt(0) ? null : r.getString(0))
        .containsExactly("2026-10-03 04:00:00.123", "2026-10-03 04:00:00.123", null);
  }
}
