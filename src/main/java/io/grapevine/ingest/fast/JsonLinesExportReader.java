package io.grapevine.ingest.fast;

import io.grapevine.ingest.ExportReader;
import io.grapevine.ingest.SourceSpec;
import io.grapevine.ingest.FileSplits;
import io.grapevine.ingest.RawColumns;
import io.grapevine.ingest.TextDecoding;
import io.grapevine.ingest.RecordIterator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * JSON lines exports (one object per line, as Yelp ships them). One instance reads one source.
 * Lines are read with their numbers (UTF-8 straight from the bytes, other encodings decoded);
 * Spark infers the fields and parses each line ({@link SparkJson}), and a line that is not a JSON
 * object is kept with the reason.
 */
public final class JsonLinesExportReader implements ExportReader {
  static final String NOT_AN_OBJECT = "not a JSON object on one line";
  private static final int TEXT = 2;
  /** Why a line cannot be read at all (its bytes), or null. */
  private static final int ERROR = 3;

  /** Inference reads every line: done once per source, shared by validation and reading. */
  private StructType inferred;

  @Override
  public StructType schema(SparkSession spark, SourceSpec spec) {
    if (inferred == null) {
      inferred = SparkJson.infer(lines(spark, spec), TEXT, spark.sessionState().conf().sessionLocalTimeZone());
    }
    return inferred;
  }

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec) {
    StructType fields = schema(spark, spec);
    StructType schema = RawColumns.lineage();
    for (var f : fields.fields()) {
      schema = schema.add(f);
    }
    JavaRDD<InternalRow> rows = lines(spark, spec)
        .mapPartitions(new ParseLines(fields, spark.sessionState().conf().sessionLocalTimeZone()));
    return InternalRows.dataFrame(spark, rows, schema);
  }

  /** Each source file's non-blank lines: file, line number, text. */
  private static JavaRDD<InternalRow> lines(SparkSession spark, SourceSpec spec) {
    List<List<FileSplits.Split>> tasks = FileSplits.tasks(spark, spec, (char) 0, (char) 0);
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(tasks, Math.max(1, tasks.size()))
        .mapPartitions(new ReadLines(spec.name, spec.options.encoding,
            !"fail".equals(spec.options.onInvalidBytes),
            FileSplits.confOf(spark.sparkContext().hadoopConfiguration())));
  }

  /** Lines as rows of the reader's schema: the object's fields, or the reason there are none. */
  static final class ParseLines implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private final StructType fields;
    private final String timeZone;

    ParseLines(StructType fields, String timeZone) {
      this.fields = fields;
      this.timeZone = timeZone;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<InternalRow> lines) {
      SparkJson.Parser parser = new SparkJson.Parser(fields, timeZone);
      UTF8String notAnObject = UTF8String.fromString(NOT_AN_OBJECT);
      int width = fields.size();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return lines.hasNext();
        }

        @Override
        public InternalRow next() {
          InternalRow line = lines.next();
          UTF8String text = line.getUTF8String(TEXT);
          Object[] values = new Object[4 + width];
          values[0] = line.getUTF8String(0);
          values[1] = line.getLong(1);
          values[2] = text;
          if (!line.isNullAt(ERROR)) {
            values[3] = line.getUTF8String(ERROR);
            return new GenericInternalRow(values);
          }
          SparkJson.Parsed parsed = parser.parse(text);
          InternalRow object = parsed.row();
          if (object == null) {
            values[3] = parsed.error() == null || parsed.error().equals("null") ? notAnObject
                : UTF8String.fromString("not valid JSON: " + parsed.error().replaceAll(" \\(start marker at .*| at \\[Source.*", ""));
          } else {
            for (int i = 0; i < width; i++) {
              values[4 + i] = object.isNullAt(i) ? null : object.get(i, fields.fields()[i].dataType());
            }
          }
          return new GenericInternalRow(values);
        }
      };
    }
  }

  /** Non-blank lines of files (or of pieces that start on a line), numbered from 1 in their file. */
  static final class ReadLines implements FlatMapFunction<Iterator<List<FileSplits.Split>>, InternalRow> {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final String encoding;
    private final boolean lenient;
    private final Map<String, String> conf;

    ReadLines(String source, String encoding, boolean lenient, Map<String, String> conf) {
      this.source = source;
      this.encoding = encoding;
      this.lenient = lenient;
      this.conf = conf;
    }

    @Override
    public Iterator<InternalRow> call(Iterator<List<FileSplits.Split>> tasks) {
      Iterator<FileSplits.Split> files = FileSplits.flatten(tasks);
      Configuration hadoop = FileSplits.hadoopConf(conf);
      boolean utf8 = TextDecoding.isUtf8(encoding);
      return new RecordIterator<>() {
        private Utf8Lines bytes;
        private BufferedReader decoded;
        private String file;
        private UTF8String fileName;
        private long lineNo;

        @Override
        protected InternalRow advance() {
          try {
            while (true) {
              if (bytes == null && decoded == null && !open()) {
                return null;
              }
              if (bytes != null) {
                if (bytes.next()) {
                  return new GenericInternalRow(new Object[] {fileName, bytes.textLine(), bytes.text(),
                      bytes.error() == null ? null : UTF8String.fromString(bytes.error())});
                }
                bytes.close();
                bytes = null;
                continue;
              }
              String line = decoded.readLine();
              if (line == null) {
                decoded.close();
                decoded = null;
                continue;
              }
              lineNo++;
              if (!line.isBlank()) {
                UTF8String error = lenient && line.indexOf('\uFFFD') >= 0 ? UTF8String.fromString(String.format(
                    "bad_encoding: bytes on line %d are not valid %s", lineNo, encoding)) : null;
                return new GenericInternalRow(new Object[] {fileName, lineNo, UTF8String.fromString(line), error});
              }
            }
          } catch (Utf8Input.InvalidUtf8 e) {
            throw ExportReader.invalidBytes(source, file, encoding, e.line, e);
          } catch (java.nio.charset.CharacterCodingException e) {
            throw ExportReader.invalidBytes(source, file, encoding, lineNo + 1, e);
          } catch (IOException e) {
            throw new UncheckedIOException(
                String.format("Cannot read %s as %s near line %d", file, encoding, lineNo + 1), e);
          }
        }

        private boolean open() throws IOException {
          if (!files.hasNext()) {
            return false;
          }
          FileSplits.Split split = files.next();
          file = split.file();
          fileName = UTF8String.fromString(file);
          if (utf8) {
            bytes = new Utf8Lines(split.open(hadoop), split.firstLine(), split.atFileStart(), Utf8Input.WINDOW,
                lenient, split.start());
          } else {
            decoded = new BufferedReader(TextDecoding.open(split.open(hadoop), encoding, lenient), 1 << 16);
            lineNo = split.firstLine() - 1;
          }
          return true;
        }
      };
    }
  }
}
