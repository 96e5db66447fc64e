package io.grapevine.ingest.fast;

import io.grapevine.ingest.ExportReader;
import io.grapevine.ingest.SourceSpec;
import io.grapevine.ingest.FileSplits;
import io.grapevine.ingest.RawColumns;
import io.grapevine.ingest.TextDecoding;
import io.grapevine.ingest.RecordIterator;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import io.grapevine.core.UserInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * CSV and TSV exports, parsed record by record, a whole file or a piece of a large one (see {@link
 * FileSplits}) per task, so that each record keeps the line it starts on: quoted fields spanning
 * lines, junk lines before the header, any line ending. UTF-8 files are parsed from their bytes
 * ({@link Utf8CsvRecords}); other encodings, other escapes and irregular quoting with univocity
 * (which Spark ships). Every column is read as text; the mapping gives types.
 */
public final class CsvExportReader implements ExportReader {

  @Override
  public StructType schema(SparkSession spark, SourceSpec spec) {
    List<String[]> rows = headerRows(spark, spec);
    List<String> names = namesOf(rows, spec.options);
    List<String> questions = questionsOf(rows, names, spec.options);
    StructType schema = new StructType();
    for (int i = 0; i < names.size(); i++) {
      schema = schema.add(names.get(i), DataTypes.StringType, true, ExportReader.question(questions.get(i)));
    }
    return schema;
  }

  private static List<String> header(SparkSession spark, SourceSpec spec) {
    return namesOf(headerRows(spark, spec), spec.options);
  }

  private static List<String[]> headerRows(SparkSession spark, SourceSpec spec) {
    String first = ExportReader.files(spec, spark.sparkContext().hadoopConfiguration()).get(0);
    Path path = new Path(first);
    List<String[]> header;
    if (Utf8CsvRecords.handles(spec.options)) {
      // Read from bytes, only as far as the header goes: a bad byte further down is the business of
      // the record that holds it, and one in the header is named with its own line.
      try (InputStream in = io.grapevine.ingest.FileSplits.openFile(path, spark.sparkContext().hadoopConfiguration());
          Utf8CsvRecords records = new Utf8CsvRecords(in, 1, true, spec.options.delimiter, spec.options.quote,
              Utf8Input.WINDOW, new Utf8CsvRecords.Limits(spec.options.maxFieldChars, spec.options.maxRecordLines,
                  false), 0)) {
        records.skipLines(spec.options.skipLines);
        header = readHeaderRows(() -> {
          try {
            return records.next() ? records.fields() : null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, spec.options);
      } catch (Utf8Input.InvalidUtf8 e) {
        throw ExportReader.invalidBytes(spec.name, first, spec.options.encoding, e.line, e);
      } catch (Utf8CsvRecords.Irregular e) {
        header = univocityHeader(spark, spec, first);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the header of " + first, e);
      }
    } else {
      header = univocityHeader(spark, spec, first);
    }
    if (header == null) {
      throw new UserInputException(String.format("Source '%s': file %s has fewer than %d header line(s)",
          spec.name, first, spec.options.headerRows));
    }
    return header;
  }

  private static List<String[]> univocityHeader(SparkSession spark, SourceSpec spec, String first) {
    Path path = new Path(first);
    try (InputStream in = io.grapevine.ingest.FileSplits.openFile(path, spark.sparkContext().hadoopConfiguration());
        Reader reader = TextDecoding.open(in, spec.options.encoding)) {
      CsvParser parser = new CsvParser(settings(spec.options));
      List<String[]> header;
      try {
        parser.beginParsing(reader);
        header = readHeaderRows(parser::parseNext, spec.options);
      } catch (RuntimeException e) {
        throw decodingFailure(spec.name, first, spec.options.encoding, parser, 0, e);
      }
      parser.stopParsing();
      return header;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the header of " + first, e);
    }
  }

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec) {
    List<String> header = header(spark, spec);
    StructType schema = RawColumns.lineage();
    for (String h : header) {
      schema = schema.add(h, DataTypes.StringType, true);
    }
    List<List<FileSplits.Split>> tasks = FileSplits.tasks(spark, spec, spec.options.quote, spec.options.escape);
    JavaRDD<InternalRow> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(tasks, Math.max(1, tasks.size()))
        .mapPartitions(new ParseFiles(spec.name, spec.options, header,
            FileSplits.confOf(spark.sparkContext().hadoopConfiguration())));
    return InternalRows.dataFrame(spark, rows, schema);
  }

  static CsvParserSettings settings(SourceSpec.ReaderOptions options) {
    CsvParserSettings s = new CsvParserSettings();
    s.getFormat().setDelimiter(options.delimiter);
    s.getFormat().setQuote(options.quote);
    s.getFormat().setQuoteEscape(options.escape);
    s.getFormat().setLineSeparator("\n");
    s.getFormat().setComment('\0');
    s.setLineSeparatorDetectionEnabled(false);
    // A field past the limit is an error of its record (univocity stops there), not a heap filled.
    s.setMaxCharsPerColumn(Math.max(options.maxFieldChars, 4096));
    s.setMaxColumns(Utf8CsvRecords.MAX_FIELDS);
    s.setNullValue(null);
    s.setEmptyValue("");
    s.setIgnoreLeadingWhitespaces(false);
    s.setIgnoreTrailingWhitespaces(false);
    s.setSkipEmptyLines(true);
    // Read on the calling thread, so errors surface where the record is, with its line.
    s.setReadInputOnSeparateThread(false);
    s.setHeaderExtractionEnabled(false);
    s.setNumberOfRowsToSkip(options.skipLines);
    return s;
  }

  /**
   * The column names from the header records ({@code options.header_rows} of them), or null when
   * the file ends first. One row names the columns, or with {@code header_names: joined} every row:
   * an upper row's label carries right across its blank cells (SurveyMonkey puts a question above
   * the first of its answer columns only), the last row's does not, and the labels join with " - ".
   */
  public static List<String> readHeader(Supplier<String[]> records, SourceSpec.ReaderOptions options) {
    return namesOf(readHeaderRows(records, options), options);
  }

  /** The header records ({@code options.header_rows} of them), or null when the file ends first. */
  public static List<String[]> readHeaderRows(Supplier<String[]> records, SourceSpec.ReaderOptions options) {
    List<String[]> rows = new ArrayList<>();
    for (int i = 0; i < options.headerRows; i++) {
      String[] row = records.get();
      if (row == null) {
        return null;
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * What the header rows that do not name the columns ({@code names}) say of each (with {@code header_names} a row
   * number): Qualtrics names its columns Q1, Q2... in its first row and holds the questions' wording
   * in its second. Cells that repeat the name, and JSON (Qualtrics' third row, {@code {"ImportId":...}}),
   * say nothing; null where nothing is left.
   */
  public static List<String> questionsOf(List<String[]> rows, List<String> names, SourceSpec.ReaderOptions options) {
    List<String> questions = new ArrayList<>();
    for (int c = 0; c < names.size(); c++) {
      List<String> parts = new ArrayList<>();
      for (int r = 0; options.headerNameRow > 0 && r < rows.size(); r++) {
        String cell = c < rows.get(r).length && rows.get(r)[c] != null ? rows.get(r)[c].trim() : "";
        if (r != options.headerNameRow - 1 && !cell.isEmpty() && !cell.startsWith("{")
            && !cell.equals(names.get(c)) && !parts.contains(cell)) {
          parts.add(cell);
        }
      }
      questions.add(parts.isEmpty() ? null : String.join(" - ", parts));
    }
    return questions;
  }

  /** The column names from the header rows: one row names them, or with {@code header_names: joined} every row. */
  public static List<String> namesOf(List<String[]> rows, SourceSpec.ReaderOptions options) {
    if (rows == null) {
      return null;
    }
    if (options.columnNames != null) {
      return options.columnNames;
    }
    if (options.headerNameRow > 0) {
      return headerNames(rows.get(options.headerNameRow - 1));
    }
    int width = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    String[] joined = new String[width];
    String[] carried = new String[rows.size()];
    for (int c = 0; c < width; c++) {
      List<String> parts = new ArrayList<>();
      for (int r = 0; r < rows.size(); r++) {
        String cell = c < rows.get(r).length && rows.get(r)[c] != null ? rows.get(r)[c].trim() : "";
        boolean last = r == rows.size() - 1;
        // Upper rows label a group of columns from its first one; the last row labels each column.
        if (!cell.isEmpty() || last) {
          carried[r] = cell.isEmpty() ? null : cell;
        }
        if (carried[r] != null && !parts.contains(carried[r])) {
          parts.add(carried[r]);
        }
      }
      joined[c] = String.join(" - ", parts);
    }
    return headerNames(joined);
  }

  /** Header cells as column names: blank ones (an unnamed index column) become {@code _c<i>}. */
  static List<String> headerNames(String[] header) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < header.length; i++) {
      String h = header[i] == null ? "" : header[i].trim();
      names.add(h.isEmpty() ? "_c" + i : h);
    }
    return names;
  }

  /** A decoding error as a message naming the file, the line and the declared encoding. */
  static RuntimeException decodingFailure(String source, String file, String encoding, CsvParser parser,
      long lineOffset, RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CharacterCodingException) {
        return ExportReader.invalidBytes(source, file, encoding, lineOffset + parser.getContext().currentLine() + 1, e);
      }
    }
    return e;
  }

  /**
   * Parses files, or pieces of them that start on a record (see {@link FileSplits}), on the
   * executors, one record at a time, into Spark's internal rows: UTF-8 files with the quote as its
   * own escape straight from their bytes ({@link Utf8CsvRecords}), anything else, and the rest of
   * a file the byte parser stops on, with univocity.
   */
  static final class ParseFiles implements FlatMapFunction<Iterator<List<FileSplits.Split>>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final SourceSpec.ReaderOptions options;
    private final List<String> header;
    private final java.util.Map<String, String> conf;
    private final boolean bytes;
    private final boolean quarantineBadBytes;

    ParseFiles(String source, SourceSpec.ReaderOptions options, List<String> header,
        java.util.Map<String, String> conf) {
      this(source, options, header, conf, Utf8CsvRecords.handles(options));
    }

    private ParseFiles(String source, SourceSpec.ReaderOptions options, List<String> header,
        java.util.Map<String, String> conf, boolean bytes) {
      this.source = source;
      this.options = options;
      this.header = header;
      this.conf = conf;
      this.bytes = bytes;
      this.quarantineBadBytes = !"fail".equals(options.onInvalidBytes);
    }

    /** The same parsing with univocity alone (the reference the byte parser is tested against). */
    ParseFiles univocityOnly() {
      return new ParseFiles(source, options, header, conf, false);
    }

    @Override
    public Iterator<InternalRow> call(Iterator<List<FileSplits.Split>> tasks) {
      Iterator<FileSplits.Split> files = FileSplits.flatten(tasks);
      Configuration hadoop = FileSplits.hadoopConf(conf);
      return new RecordIterator<>() {
        private SplitRows current;

        @Override
        protected InternalRow advance() {
          while (true) {
            if (current == null) {
              if (!files.hasNext()) {
                return null;
              }
              FileSplits.Split split = files.next();
              current = bytes ? new ByteRows(split, hadoop) : new UnivocityRows(split, hadoop);
            }
            InternalRow row = current.next();
            if (row != null) {
              return row;
            }
            current.close();
            current = null;
          }
        }
      };
    }

    /** The rows of one split, then null. */
    private interface SplitRows {
      InternalRow next();

      void close();
    }

    /**
     * A row with the lineage columns, and the fields or, when the record is broken ({@code error})
     * or their count is wrong, why not.
     */
    private InternalRow row(UTF8String file, long line, UTF8String raw, String error, int fields,
        java.util.function.IntFunction<UTF8String> field) {
      Object[] values = new Object[4 + header.size()];
      values[0] = file;
      values[1] = line;
      values[2] = raw;
      if (error != null) {
        values[3] = UTF8String.fromString(error);
      } else if (fields != header.size()) {
        values[3] = UTF8String.fromString(String.format("expected %d fields as in the header, found %d",
            header.size(), fields));
      } else {
        for (int i = 0; i < fields; i++) {
          values[4 + i] = field.apply(i);
        }
      }
      return new GenericInternalRow(values);
    }

    private void checkHeader(String file, List<String> fileHeader) {
      if (fileHeader == null || !fileHeader.equals(header)) {
        throw new UserInputException(String.format(
            "Source '%s': file %s has header %s, expected %s as in the first file; "
                + "give files with another layout their own catalog entry",
            source, file, fileHeader == null ? "none" : fileHeader, header));
      }
    }

    /** A split parsed from its bytes; on text the byte parser does not read, univocity takes over. */
    private final class ByteRows implements SplitRows {
      private final FileSplits.Split split;
      private final Configuration hadoop;
      private final UTF8String file;
      private final Utf8CsvRecords records;
      private boolean headerRead;
      private long emitted;
      private UnivocityRows fallback;

      ByteRows(FileSplits.Split split, Configuration hadoop) {
        this.split = split;
        this.hadoop = hadoop;
        this.file = UTF8String.fromString(split.file());
        // A piece after the first starts on a record: the header is in the first piece.
        this.headerRead = !split.atFileStart();
        try {
          this.records = new Utf8CsvRecords(split.open(hadoop), split.firstLine(), split.atFileStart(),
              options.delimiter, options.quote, Utf8Input.WINDOW, Utf8CsvRecords.Limits.of(options), split.start());
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot open " + split.file(), e);
        }
      }

      @Override
      public InternalRow next() {
        if (fallback != null) {
          return fallback.next();
        }
        try {
          if (!headerRead) {
            records.skipLines(options.skipLines);
            checkHeader(split.file(), readHeader(() -> {
              try {
                return records.next() ? records.fields() : null;
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            }, options));
            headerRead = true;
          }
          while (records.next()) {
            int fields = records.fieldCount();
            if (records.error() == null && fields == 1 && header.size() > 1
                && Utf8Input.isBlank(records.field(0))) {
              continue;
            }
            emitted++;
            return row(file, records.recordLine(), records.raw(), records.error(), fields, records::field);
          }
          return null;
        } catch (Utf8CsvRecords.Irregular e) {
          close();
          fallback = new UnivocityRows(split, hadoop);
          for (long i = 0; i < emitted; i++) {
            fallback.next();
          }
          return fallback.next();
        } catch (Utf8Input.InvalidUtf8 e) {
          throw ExportReader.invalidBytes(source, split.file(), options.encoding, e.line, e);
        } catch (IOException | UncheckedIOException e) {
          throw new UncheckedIOException("Cannot read " + split.file(),
              e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
      }

      @Override
      public void close() {
        if (fallback != null) {
          fallback.close();
          return;
        }
        try {
          records.close();
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot close " + split.file(), e);
        }
      }
    }

    /** A split decoded in its declared encoding and parsed by univocity. */
    private final class UnivocityRows implements SplitRows {
      private final String file;
      private final UTF8String fileName;
      private final long lineOffset;
      private final CsvParser parser;

      UnivocityRows(FileSplits.Split split, Configuration hadoop) {
        file = split.file();
        fileName = UTF8String.fromString(file);
        lineOffset = split.firstLine() - 1;
        Reader reader;
        try {
          reader = TextDecoding.open(split.open(hadoop), options.encoding, quarantineBadBytes);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot open " + file, e);
        }
        CsvParserSettings settings = settings(options);
        if (!split.atFileStart()) {
          settings.setNumberOfRowsToSkip(0);
        }
        parser = new CsvParser(settings);
        List<String> fileHeader;
        try {
          parser.beginParsing(reader);
          // A piece after the first starts on a record: the header is in the first piece.
          fileHeader = split.atFileStart() ? readHeader(parser::parseNext, options) : header;
        } catch (RuntimeException e) {
          throw decodingFailure(source, file, options.encoding, parser, lineOffset, e);
        }
        checkHeader(file, fileHeader);
      }

      @Override
      public InternalRow next() {
        while (true) {
          String[] record;
          try {
            record = parser.parseNext();
          } catch (com.univocity.parsers.common.TextParsingException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
              throw decodingFailure(source, file, options.encoding, parser, lineOffset, e);
            }
            throw new UserInputException(String.format("Source '%s': file %s near line %d cannot be split into "
                + "records (%s); the file's quoting is irregular, so its records cannot be set aside one by one: "
                + "check options.quote, escape and delimiter, or raise max_field_chars", source, file,
                lineOffset + parser.getContext().currentLine() + 1, e.getMessage().split("[.\n]")[0]));
          } catch (RuntimeException e) {
            throw decodingFailure(source, file, options.encoding, parser, lineOffset, e);
          }
          if (record == null) {
            return null;
          }
          if (record.length == 1 && (record[0] == null || record[0].isBlank()) && header.size() > 1) {
            continue;
          }
          String content = parser.getContext().currentParsedContent();
          String raw = content == null ? String.join(String.valueOf(options.delimiter), nulls(record))
              : stripTrailingNewline(content);
          long endLine = parser.getContext().currentLine() + lineOffset;
          long line = Math.max(1, endLine - newlines(raw));
          // Bytes that were not text in the encoding were read as U+FFFD: the record is quarantined.
          String error = quarantineBadBytes && raw.indexOf('\uFFFD') >= 0
              ? String.format("bad_encoding: bytes on line %d are not valid %s", line, options.encoding) : null;
          return row(fileName, line, UTF8String.fromString(raw), error, record.length,
              i -> UTF8String.fromString(record[i]));
        }
      }

      @Override
      public void close() {
        parser.stopParsing();
      }
    }

    private static String[] nulls(String[] record) {
      return Arrays.stream(record).map(v -> v == null ? "" : v).toArray(String[]::new);
    }

    private static int newlines(String s) {
      int n = 0;
      for (int i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
        n++;
      }
      return n;
    }

    private static String stripTrailingNewline(String s) {
      return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
  }
}
