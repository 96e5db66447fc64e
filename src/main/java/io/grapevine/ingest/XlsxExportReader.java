package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.grapevine.core.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Excel workbooks (.xlsx), read with Apache POI's streaming sheet reader: one sheet per file (the
 * first, or {@code options.sheet}), its first row with a value after Excel's row {@code skip_lines}
 * ({@code header_rows} and {@code header_names} as for CSV) names the columns, every later row with a
 * value is a record.
 * A cell is read as the value Excel holds, not as it is displayed: a date or time as ISO-8601 text in
 * the workbook's local time (the source's time zone applies), any other number in full (an id shown
 * as {@code 5.70E+17} is read with all its digits Excel kept, a currency or percentage as the number);
 * a formula's error ({@code #N/A}) is no value; a row with a value right of the header's last column is
 * a malformed record.
 * The lineage "line" is the row number Excel shows; the raw record is the row as JSON. Workbooks are
 * read on the driver: Excel's own limit is 1,048,576 rows a sheet.
 */
final class XlsxExportReader implements ExportReader {
  private static final int ROWS_PER_SLICE = 1000;
  private List<Row> rows;
  private StructType fields;

  @Override
  public StructType schema(SparkSession spark, SourceSpec spec) {
    load(spark, spec);
    return fields;
  }

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec) {
    load(spark, spec);
    StructType schema = new StructType().add(RawColumns.FILE, DataTypes.StringType, false)
        .add(RawColumns.LINE, DataTypes.LongType, false).add(RawColumns.ERROR, DataTypes.StringType, true);
    for (StructField f : fields.fields()) {
      schema = schema.add(f);
    }
    // In slices of 1,000 rows: each task carries its rows, well under Spark's 1 MB advice for a task.
    int slices = Math.max(1, (rows.size() + ROWS_PER_SLICE - 1) / ROWS_PER_SLICE);
    Dataset<Row> frame = spark.createDataFrame(
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, slices),
        schema);
    List<Column> values = new ArrayList<>();
    for (StructField f : fields.fields()) {
      values.add(col("`" + f.name().replace("`", "``") + "`").as(f.name()));
    }
    List<Column> out = new ArrayList<>();
    out.add(col(RawColumns.FILE));
    out.add(col(RawColumns.LINE));
    out.add(to_json(struct(values.toArray(Column[]::new))).as(RawColumns.RAW));
    out.add(col(RawColumns.ERROR));
    out.addAll(values);
    return frame.select(out.toArray(Column[]::new));
  }

  private void load(SparkSession spark, SourceSpec spec) {
    if (rows != null) {
      return;
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    rows = new ArrayList<>();
    List<String> header = null;
    List<String> questions = null;
    for (String file : ExportReader.files(spec, conf)) {
      List<Cells> sheet = readSheet(spec, file, conf);
      if (header == null && !spec.options.skipLinesGiven && spec.options.headerRows == 1) {
        skipTitleRows(spec, sheet);
      }
      // skip_lines counts Excel's rows, written or not: a sheet holds no element for an empty row.
      Iterator<Cells> it = sheet.stream().filter(row -> row.line() > spec.options.skipLines).iterator();
      Supplier<String[]> next = () -> it.hasNext() ? it.next().values() : null;
      List<String[]> headerRows = io.grapevine.ingest.fast.CsvExportReader.readHeaderRows(next, spec.options);
      if (headerRows == null) {
        continue;  // an empty sheet: no records
      }
      List<String> names = io.grapevine.ingest.fast.CsvExportReader.namesOf(headerRows, spec.options);
      if (header == null) {
        header = names;
        questions = io.grapevine.ingest.fast.CsvExportReader.questionsOf(headerRows, names, spec.options);
      } else if (!header.equals(names)) {
        throw new UserInputException(String.format("Source '%s': file %s: its header %s differs from the first "
            + "file's %s; every file of a source needs the same columns", spec.name, file, names, header));
      }
      while (it.hasNext()) {
        Cells row = it.next();
        Object[] values = new Object[header.size() + 3];
        values[0] = file;
        values[1] = (long) row.line();
        boolean any = false;
        for (int c = 0; c < header.size(); c++) {
          String v = c < row.values().length ? row.values()[c] : null;
          if (v != null && spec.options.nullValues.contains(v.trim())) {
            v = null;
          }
          values[c + 3] = v;
          any |= v != null;
        }
        // A value right of the header's last column has no name to go by: the row is set aside, not cut.
        for (int c = header.size(); c < row.values().length; c++) {
          if (row.values()[c] != null && !row.values()[c].isBlank()) {
            values[2] = String.format("a value in column %s, right of the header's last column %s",
                CellReference.convertNumToColString(c), CellReference.convertNumToColString(header.size() - 1));
            any = true;
            break;
          }
        }
        if (any) {
          rows.add(RowFactory.create(values));
        }
      }
    }
    if (header == null) {
      throw new UserInputException(String.format("Source '%s': the sheet of %s holds no header row",
          spec.name, String.join(", ", ExportReader.files(spec, conf))));
    }
    fields = new StructType();
    for (int i = 0; i < header.size(); i++) {
      fields = fields.add(header.get(i), DataTypes.StringType, true, ExportReader.question(questions.get(i)));
    }
  }

  /** One sheet row: its 1-based row number and its cells' values by column (null where empty). */
  record Cells(int line, String[] values) {}

  /**
   * A report's title rows above the header (a title in A1, when it ran, blank rows) are skipped when
   * the catalog gives no {@code skip_lines}: the header is the first of the sheet's first rows with two
   * values or more, when the rows above it hold one at most and a row follows it.
   */
  static void skipTitleRows(SourceSpec spec, List<Cells> sheet) {
    for (int i = 0; i < Math.min(sheet.size() - 1, ExportReader.MAX_TITLE_LINES); i++) {
      long values = java.util.Arrays.stream(sheet.get(i).values()).filter(v -> v != null && !v.isBlank()).count();
      if (values < 2) {
        continue;
      }
      if (i > 0) {
        spec.options.skipLines = sheet.get(i).line() - 1;
        spec.autoDecisions.put("skip_lines", spec.options.skipLines + ": the rows above the header ("
            + sheet.subList(0, i).stream().flatMap(r -> java.util.Arrays.stream(r.values()))
                .filter(v -> v != null && !v.isBlank()).map(v -> "'" + (v.length() > 40 ? v.substring(0, 40) + "..." : v)
                    + "'").collect(java.util.stream.Collectors.joining(", "))
            + ") are a title, not records");
      }
      return;
    }
  }

  /** The rows of the source's sheet of one workbook, in order. */
  static List<Cells> readSheet(SourceSpec spec, String file, Configuration conf) {
    Path path = new Path(file);
    try (InputStream in = path.getFileSystem(conf).open(path); OPCPackage pkg = OPCPackage.open(in)) {
      XSSFReader reader = new XSSFReader(pkg);
      StylesTable styles = reader.getStylesTable();
      ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(pkg);
      XSSFReader.SheetIterator sheets = (XSSFReader.SheetIterator) reader.getSheetsData();
      List<String> names = new ArrayList<>();
      while (sheets.hasNext()) {
        try (InputStream sheet = sheets.next()) {
          names.add(sheets.getSheetName());
          if (spec.options.sheet == null || spec.options.sheet.equals(sheets.getSheetName())) {
            List<Cells> out = new ArrayList<>();
            XMLReader parser = XMLHelper.newXMLReader();
            parser.setContentHandler(new XSSFSheetXMLHandler(styles, null, strings, new Collector(out),
                new RawValues(), false));
            parser.parse(new InputSource(sheet));
            return out;
          }
        }
      }
      throw new UserInputException(String.format("Source '%s': file %s has no sheet '%s' (options.sheet); its "
          + "sheets: %s", spec.name, file, spec.options.sheet, names));
    } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException
        | org.apache.poi.UnsupportedFileFormatException | org.apache.poi.ooxml.POIXMLException e) {
      throw new UserInputException(String.format("Source '%s': file %s is not a readable Excel workbook (.xlsx): %s",
          spec.name, file, String.valueOf(e.getMessage()).split("\n")[0]));
    }
  }

  /** Collects a sheet's rows: each cell's value at its column, from the cell's reference (B7 is column 1). */
  private static final class Collector implements XSSFSheetXMLHandler.SheetContentsHandler {
    private static final java.util.regex.Pattern EXCEL_ERROR = java.util.regex.Pattern.compile("ERROR:#[A-Z0-9/_]+[!?]?");
    private final List<Cells> out;
    private final List<String> row = new ArrayList<>();

    Collector(List<Cells> out) {
      this.out = out;
    }

    @Override
    public void startRow(int rowNum) {
      row.clear();
    }

    @Override
    public void endRow(int rowNum) {
      out.add(new Cells(rowNum + 1, row.toArray(String[]::new)));
    }

    @Override
    public void cell(String reference, String value, XSSFComment comment) {
      int column = new CellReference(reference).getCol();
      while (row.size() <= column) {
        row.add(null);
      }
      // A formula's error (#N/A, #DIV/0!, #REF!...), which POI writes as "ERROR:#N/A": no value.
      row.set(column, value != null && EXCEL_ERROR.matcher(value).matches() ? null : value);
    }
  }

  /**
   * Cell values as the workbook holds them: dates and times as ISO-8601 local text, other numbers in
   * full, without the display format's rounding, grouping, currency or exponent.
   */
  static final class RawValues extends DataFormatter {
    private static final java.time.format.DateTimeFormatter DATE_TIME =
        java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final java.time.format.DateTimeFormatter DATE = java.time.format.DateTimeFormatter.ISO_LOCAL_DATE;
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    RawValues() {
      super(Locale.ROOT);
    }

    @Override
    public String formatRawCellContents(double value, int formatIndex, String formatString, boolean use1904) {
      if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
        LocalDateTime t = DateUtil.getLocalDateTime(value, use1904, true);
        return (value < 1 ? TIME : value == Math.floor(value) ? DATE : DATE_TIME).format(t);
      }
      return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
  }
}
