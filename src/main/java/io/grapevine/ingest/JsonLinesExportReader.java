package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * JSON lines exports (one object per line, as Yelp ships them). One instance reads one source. Lines are read with their numbers;
 * Spark infers the fields and parses each line, and a line that is not a JSON object is kept with
 * the reason.
 */
final class JsonLinesExportReader implements ExportReader {
  private static final String CORRUPT = "_gv_corrupt";
  private static final String PARSED = "_gv_parsed";

  /** Inference reads every line: done once per source, shared by validation and reading. */
  private StructType inferred;

  @Override
  public StructType schema(SparkSession spark, SourceSpec spec) {
    if (inferred == null) {
      inferred = inferSchema(spark, lines(spark, spec));
    }
    return inferred;
  }

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec) {
    Dataset<Row> lines = lines(spark, spec);
    StructType fields = schema(spark, spec);
    StructType withCorrupt = fields.add(CORRUPT, DataTypes.StringType, true);
    Dataset<Row> parsed = lines.withColumn(PARSED,
        from_json(col(RawColumns.RAW), withCorrupt,
            Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT)));
    List<Column> out = new ArrayList<>();
    out.add(col(RawColumns.FILE));
    out.add(col(RawColumns.LINE));
    out.add(col(RawColumns.RAW));
    out.add(when(col(PARSED).isNull().or(col(PARSED + "." + CORRUPT).isNotNull()),
            lit("not a JSON object on one line"))
        .as(RawColumns.ERROR));
    for (StructField f : fields.fields()) {
      out.add(col(PARSED).getField(f.name()).as(f.name()));
    }
    return parsed.select(out.toArray(Column[]::new));
  }

  private static StructType inferSchema(SparkSession spark, Dataset<Row> lines) {
    StructType inferred = spark.read().option("mode", "DROPMALFORMED")
        .json(lines.select(col(RawColumns.RAW)).as(Encoders.STRING())).schema();
    StructType clean = new StructType();
    for (StructField f : inferred.fields()) {
      if (!f.name().startsWith("_corrupt")) {
        clean = clean.add(f);
      }
    }
    return clean;
  }

  private static Dataset<Row> lines(SparkSession spark, SourceSpec spec) {
    StructType schema = new StructType()
        .add(RawColumns.FILE, DataTypes.StringType, false)
        .add(RawColumns.LINE, DataTypes.LongType, false)
        .add(RawColumns.RAW, DataTypes.StringType, true);
    List<List<FileSplits.Split>> tasks = FileSplits.tasks(spark, spec, (char) 0, (char) 0);
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(tasks, Math.max(1, tasks.size()))
        .mapPartitions(new ReadLines(spec.options.encoding,
            FileSplits.confOf(spark.sparkContext().hadoopConfiguration())));
    return spark.createDataFrame(rows, schema);
  }

  /** Non-blank lines of files (or of pieces that start on a line), numbered from 1 in their file. */
  static final class ReadLines implements FlatMapFunction<Iterator<List<FileSplits.Split>>, Row> {
    private static final long serialVersionUID = 1L;
    private final String encoding;
    private final Map<String, String> conf;

    ReadLines(String encoding, Map<String, String> conf) {
      this.encoding = encoding;
      this.conf = conf;
    }

    @Override
    public Iterator<Row> call(Iterator<List<FileSplits.Split>> tasks) {
      Iterator<FileSplits.Split> files = FileSplits.flatten(tasks);
      return new RecordIterator<>() {
        private BufferedReader reader;
        private String file;
        private long lineNo;

        @Override
        protected Row advance() {
          try {
            while (true) {
              if (reader == null) {
                if (!files.hasNext()) {
                  return null;
                }
                FileSplits.Split split = files.next();
                file = split.file();
                reader = new BufferedReader(TextDecoding.open(split.open(FileSplits.hadoopConf(conf)), encoding), 1 << 16);
                lineNo = split.firstLine() - 1;
              }
              String line = reader.readLine();
              if (line == null) {
                reader.close();
                reader = null;
                continue;
              }
              lineNo++;
              if (!line.isBlank()) {
                return RowFactory.create(file, lineNo, line);
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException(
                String.format("Cannot read %s as %s near line %d", file, encoding, lineNo + 1), e);
          }
        }
      };
    }
  }
}
