package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.SparkTestSession;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.UserInputException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Excel workbooks as analysts save them: a summary sheet before the data, an id Excel shows in
 * scientific notation, dates in a US display format, a currency, a blank row. The values Excel holds
 * are read, not their display; counts reconcile; each record's line is the row number Excel shows.
 */
class XlsxIngestTest {
  @TempDir
  static Path dir;

  private static StageRun ingest;

  /** A cell's value with the display format Excel would show it in. */
  private record Styled(Object value, CellStyle style) {}

  /** Row {@code index} (0-based) with these cells from column A: text, numbers, times, errors; null leaves one empty. */
  private static XSSFRow row(XSSFSheet sheet, int index, Object... cells) {
    XSSFRow row = sheet.createRow(index);
    for (int c = 0; c < cells.length; c++) {
      Object v = cells[c] instanceof Styled st ? st.value() : cells[c];
      if (v == null) {
        continue;
      }
      var cell = row.createCell(c);
      if (v instanceof Number n) {
        cell.setCellValue(n.doubleValue());
      } else if (v instanceof LocalDateTime t) {
        cell.setCellValue(t);
      } else if (v instanceof org.apache.poi.ss.usermodel.FormulaError e) {
        cell.setCellErrorValue(e);
      } else {
        cell.setCellValue(v.toString());
      }
      if (cells[c] instanceof Styled st) {
        cell.setCellStyle(st.style());
      }
    }
    return row;
  }

  private static CellStyle format(XSSFWorkbook wb, String format) {
    CellStyle style = wb.createCellStyle();
    style.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat(format));
    return style;
  }

  /** Writes the workbook: sheet "Summary" first, then "Reviews" with a header and four rows (one blank). */
  private static void workbook(Path file) throws Exception {
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
      CellStyle usDate = format(wb, "m/d/yy h:mm");
      row(wb.createSheet("Summary"), 0, "Reviews exported 2026-11-01");
      XSSFSheet s = wb.createSheet("Reviews");
      row(s, 0, "Review ID", "Date", "Stars", "Review", "Price");
      row(s, 1, new Styled(5.70273981920784E17, format(wb, "0.00E+00")),
          new Styled(LocalDateTime.parse("2026-10-03T08:15:00"), usDate), 1, "Late again,\nno refund");
      row(s, 2, "r-2", new Styled(LocalDateTime.parse("2026-10-04T00:00:00"), format(wb, "d-mmm-yy")), 5, "Great",
          org.apache.poi.ss.usermodel.FormulaError.NA);  // a lookup that found nothing
      s.createRow(3);  // a blank row between the records
      row(s, 4, "r-4", new Styled(LocalDateTime.parse("2026-10-05T17:45:30"), usDate), 9, "Off the scale",
          new Styled(1234.5, format(wb, "$#,##0.00")));
      wb.write(out);
    }
  }

  /**
   * SurveyMonkey's "Export all responses" as Excel: the CSV's two header rows (a question above its
   * answer columns, then Response / Open-Ended Response), the dates as date cells, the id a number.
   */
  private static void surveyMonkey(Path file) throws Exception {
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
      CellStyle when = format(wb, "mm/dd/yyyy hh:mm:ss AM/PM");
      XSSFSheet s = wb.createSheet("Sheet");
      row(s, 0, "Respondent ID", "Collector ID", "Start Date", "End Date", "Email Address", "First Name",
          "Last Name", "How likely are you to recommend us?", "Why?");
      row(s, 1, null, null, null, null, null, null, null, "Response", "Open-Ended Response");
      row(s, 2, 10234567890L, 51234567, new Styled(LocalDateTime.parse("2026-10-02T09:12:03"), when),
          new Styled(LocalDateTime.parse("2026-10-02T09:14:40"), when), "ann.lee@example.org", "Ann", "Lee", 9,
          "Ann Lee here: quick and kind");
      wb.write(out);
    }
  }

  /** A title in row 1, nothing in row 2 (no element for it in the sheet), the header in row 3. */
  private static void titled(Path file) throws Exception {
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
      XSSFSheet s = wb.createSheet("Export");
      row(s, 0, "Reviews, October 2026");
      row(s, 2, "id", "when", "comment");
      row(s, 3, "t-1", "2026-10-09T10:00:00Z", "Kept in the loop all along");
      row(s, 4, "t-2", "2026-10-09T11:00:00Z", "Waited an hour,", "then gave up");  // typed on into the next column
      wb.write(out);
    }
  }

  /** No header row: the first row is a record, the catalog names the columns. */
  private static void headerless(Path file) throws Exception {
    try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
      XSSFSheet s = wb.createSheet("Sheet1");
      row(s, 0, "h-1", "2026-10-12T08:00:00Z", "First row is a record");
      row(s, 1, "h-2", "2026-10-12T09:00:00Z", "So is the second");
      wb.write(out);
    }
  }

  @BeforeAll
  static void ingest() throws Exception {
    Files.createDirectories(dir.resolve("in"));
    workbook(dir.resolve("in/reviews.xlsx"));
    titled(dir.resolve("in/titled.xlsx"));
    surveyMonkey(dir.resolve("in/monkey.xlsx"));
    headerless(dir.resolve("in/headerless.xlsx"));
    Files.writeString(dir.resolve("catalog.yaml"), """
        sources:
          - name: workbook
            path: in/reviews.xlsx
            format: xlsx
            options: {sheet: Reviews}
            channel: review_site
            timezone: America/New_York
            rating_scale: [1, 5]
            mapping:
              id: Review ID
              event_ts: Date
              rating: Stars
              text: Review
          - name: titled
            path: in/titled.xlsx
            format: auto
            options: {skip_lines: 2}
            channel: support
            mapping: {id: id, event_ts: when, text: comment}
          - name: titled_auto
            path: in/titled.xlsx
            format: auto
            channel: support
            mapping: {id: id, event_ts: when, text: comment}
          - name: headerless
            path: in/headerless.xlsx
            format: auto
            options: {column_names: [ref, created, body]}
            channel: support
            mapping: {id: ref, event_ts: created, text: body}
          - name: monkey
            preset: surveymonkey_csv
            path: in/monkey.xlsx
            mapping: {nps: "How likely are you to recommend us? - Response", text: "Why? - Open-Ended Response"}
        """);
    SourceCatalog catalog = SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration());
    Path out = dir.resolve("out");
    ingest = IngestJob.run(new JobContext(SparkTestSession.get(), out.toString(), Months.parse("2026-10"),
        SparkTestSession.config()), catalog, Privacy.withKey("k"), io.grapevine.core.MonthRange.upTo("2026-10"));
  }

  @SuppressWarnings("unchecked")
  private static long count(String key) {
    return count("workbook", key);
  }

  @SuppressWarnings("unchecked")
  private static long count(String source, String key) {
    Map<String, Map<String, Object>> sources = (Map<String, Map<String, Object>>) (Map<?, ?>) ingest.details.get("sources");
    return ((Number) sources.get(source).get(key)).longValue();
  }

  @SuppressWarnings("unchecked")
  @Test
  void skipLinesCountsExcelsRowsAndAValueBeyondTheHeaderSetsItsRowAside() {
    assertThat(count("titled", "read")).isEqualTo(2);
    assertThat(count("titled", "accepted")).isEqualTo(1);
    assertThat(count("titled", "quarantined")).isEqualTo(1);
    Row spilled = SparkTestSession.table(dir.resolve("out"), io.grapevine.core.Table.QUARANTINE)
        .where(col("source").equalTo("titled")).first();
    assertThat(spilled.<String>getAs("reason")).isEqualTo("malformed_record");
    assertThat(spilled.<String>getAs("message")).contains("a value in column D, right of the header's last column C");
    assertThat(spilled.<Long>getAs("ingest_row")).isEqualTo(5);
    Row r = SparkTestSession.table(dir.resolve("out"), io.grapevine.core.Table.FEEDBACK)
        .where(col("source").equalTo("titled")).first();
    assertThat(r.<String>getAs("text")).isEqualTo("Kept in the loop all along");
    assertThat(r.<Long>getAs("ingest_row")).isEqualTo(4);
    // Without skip_lines, the title above the header is found and skipped alike, and the manifest says so.
    assertThat(count("titled_auto", "accepted")).isEqualTo(1);
    assertThat(count("titled_auto", "quarantined")).isEqualTo(1);
    Map<String, Map<String, Object>> sources = (Map<String, Map<String, Object>>) (Map<?, ?>) ingest.details.get("sources");
    assertThat(sources.get("titled_auto").get("auto").toString())
        .contains("skip_lines=2: the rows above the header ('Reviews, October 2026') are a title");
  }

  @Test
  void aWorkbookWithoutAHeaderRowIsReadByTheColumnNamesTheCatalogGives() {
    assertThat(count("headerless", "read")).isEqualTo(2);
    assertThat(count("headerless", "accepted")).isEqualTo(2);
    List<Row> rows = SparkTestSession.table(dir.resolve("out"), io.grapevine.core.Table.FEEDBACK)
        .where(col("source").equalTo("headerless")).orderBy("ingest_row").collectAsList();
    assertThat(rows).extracting(r -> r.<String>getAs("text"), r -> r.<Long>getAs("ingest_row"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple("First row is a record", 1L),
            org.assertj.core.groups.Tuple.tuple("So is the second", 2L));
  }

  @Test
  void aSurveyMonkeyWorkbookReadsThroughItsPresetLikeItsCsv() {
    assertThat(count("monkey", "read")).isEqualTo(1);
    assertThat(count("monkey", "accepted")).isEqualTo(1);
    Row answer = SparkTestSession.table(dir.resolve("out"), io.grapevine.core.Table.FEEDBACK)
        .where(col("source").equalTo("monkey")).first();
    assertThat(answer.<Integer>getAs("nps")).isEqualTo(9);
    assertThat(answer.<String>getAs("text")).isEqualTo("[name] here: quick and kind");
    assertThat(answer.<Timestamp>getAs("event_ts").toInstant()).isEqualTo(Instant.parse("2026-10-02T09:14:40Z"));
    assertThat(answer.<Long>getAs("ingest_row")).isEqualTo(3);
  }

  @Test
  void theRowsOfTheNamedSheetReconcileWithExcelsRowNumbers() {
    assertThat(count("read")).isEqualTo(3);
    assertThat(count("accepted")).isEqualTo(2);
    assertThat(count("quarantined")).isEqualTo(1);
    Path out = dir.resolve("out");
    Dataset<Row> feedback = SparkTestSession.table(out, io.grapevine.core.Table.FEEDBACK)
        .where(col("source").equalTo("workbook"));
    Row late = feedback.where(col("rating").equalTo(1.0)).first();
    // 08:15 in New York on 3 October (EDT, UTC-4), as the sheet's local time says.
    assertThat(late.<Timestamp>getAs("event_ts").toInstant()).isEqualTo(Instant.parse("2026-10-03T12:15:00Z"));
    assertThat(late.<String>getAs("text")).isEqualTo("Late again,\nno refund");
    assertThat(late.<Long>getAs("ingest_row")).isEqualTo(2);
    Row great = feedback.where(col("rating").equalTo(5.0)).first();
    assertThat(great.<Timestamp>getAs("event_ts").toInstant()).isEqualTo(Instant.parse("2026-10-04T04:00:00Z"));
    Row off = SparkTestSession.table(out, io.grapevine.core.Table.QUARANTINE).where(col("source").equalTo("workbook")).first();
    assertThat(off.<String>getAs("reason")).isEqualTo("rating_out_of_range");
    assertThat(off.<Long>getAs("ingest_row")).as("Excel's row 5: the blank row 4 is no record").isEqualTo(5);
  }

  @Test
  void cellsAreTheValuesExcelHoldsNotTheirDisplay() {
    SourceSpec spec = SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration()).sources().get(0);
    List<Row> rows = new XlsxExportReader().read(SparkTestSession.get(), spec).orderBy(RawColumns.LINE).collectAsList();
    assertThat(rows).extracting(r -> r.<Long>getAs(RawColumns.LINE)).containsExactly(2L, 3L, 5L);
    // Shown as 5.70E+17; Excel keeps 15 significant digits of the id, and so does the record.
    assertThat(rows.get(0).<String>getAs("Review ID")).isEqualTo("570273981920784000");
    assertThat(rows.get(0).<String>getAs("Date")).isEqualTo("2026-10-03 08:15:00");
    assertThat(rows.get(0).<String>getAs("Stars")).isEqualTo("1");
    assertThat(rows.get(0).<String>getAs("Price")).isNull();
    assertThat(rows.get(1).<String>getAs("Date")).as("a date without a time").isEqualTo("2026-10-04");
    assertThat(rows.get(1).<String>getAs("Price")).as("#N/A: no value").isNull();
    assertThat(rows.get(2).<String>getAs("Date")).isEqualTo("2026-10-05 17:45:30");
    assertThat(rows.get(2).<String>getAs("Price")).as("shown as $1,234.50").isEqualTo("1234.5");
    assertThat(rows.get(2).<String>getAs(RawColumns.RAW)).contains("\"Price\":\"1234.5\"", "\"Review ID\":\"r-4\"");
  }

  @Test
  void aWorkbookIsFoundByFormatAutoAndNamedWhenDeclaredAsAnotherFormat() throws Exception {
    SourceSpec spec = SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration()).sources().get(0);
    spec.format = ExportFormat.AUTO;
    ExportReader.resolveFormat(spec, new Configuration());
    assertThat(spec.format).isEqualTo(ExportFormat.XLSX);
    String file = dir.resolve("in/reviews.xlsx").toString();
    spec.format = ExportFormat.CSV;
    assertThatThrownBy(() -> ExportReader.checkLooksLike(spec, file, Files.newInputStream(Path.of(file))))
        .isInstanceOf(UserInputException.class).hasMessageContaining("an Excel workbook (.xlsx): set format: xlsx");
    // Excel 97-2003 (.xls) starts with the OLE2 signature; not read, and said so.
    Path xls = dir.resolve("old.xls");
    Files.write(xls, new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
        (byte) 0xE1, 0, 0, 0, 0});
    assertThatThrownBy(() -> ExportReader.checkLooksLike(spec, xls.toString(), Files.newInputStream(xls)))
        .isInstanceOf(UserInputException.class).hasMessageContaining("Excel 97-2003 workbook (.xls): save it as .xlsx");
    // A sheet that is not there is named with the ones that are.
    spec.format = ExportFormat.XLSX;
    spec.options.sheet = "Responses";
    assertThatThrownBy(() -> new XlsxExportReader().schema(SparkTestSession.get(), spec))
        .isInstanceOf(UserInputException.class).hasMessageContaining("has no sheet 'Responses'")
        .hasMessageContaining("[Summary, Reviews]");
  }
}
