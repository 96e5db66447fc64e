package io.grapevine.ingest;

import io.grapevine.core.UserInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one export format into raw rows: the export's own columns plus the lineage columns of
 * {@link RawColumns}. A record the reader cannot split is kept, with {@code _gv_error} saying why.
 */
interface ExportReader {
  Dataset<Row> read(SparkSession spark, SourceSpec spec);

  /** The columns the export offers and their types (CSV: all text, from the header). */
  StructType schema(SparkSession spark, SourceSpec spec);

  static ExportReader forFormat(ExportFormat format) {
    return switch (format) {
      case CSV, TSV -> new CsvExportReader();
      case JSONL -> new JsonLinesExportReader();
      case JSON -> new JsonArrayExportReader();
      case XML -> new XmlExportReader();
      case PARQUET -> new ParquetExportReader();
    };
  }

  /**
   * Rows a reader made in Spark's internal form as a DataFrame, without converting each row from
   * and to Java objects as {@code createDataFrame} does. {@code internalCreateDataFrame} is Spark's
   * own way in for its readers (internal to Spark's Scala code, public to Java); Grapevine pins its
   * Spark version, so a change shows at compile time.
   */
  static Dataset<Row> dataFrame(SparkSession spark, JavaRDD<InternalRow> rows, StructType schema) {
    return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(), schema, false);
  }

  /** Bytes that are not text in the declared encoding, as an error naming the file and line. */
  static UserInputException invalidBytes(String source, String file, String encoding, long line, Throwable e) {
    return new UserInputException(String.format(
        "Source '%s': file %s has bytes that are not valid %s at or after line %d; "
            + "declare the file's encoding in options.encoding", source, file, encoding, line), e);
  }

  /** The files a source's path or glob names, in order; an error when it names none. */
  static List<String> files(SourceSpec spec, Configuration conf) {
    return new ArrayList<>(fileSizes(spec, conf).keySet());
  }

  /** The files a source's path or glob names, in order, with their sizes in bytes. */
  static java.util.SortedMap<String, Long> fileSizes(SourceSpec spec, Configuration conf) {
    try {
      Path glob = new Path(spec.path);
      FileStatus[] found = glob.getFileSystem(conf).globStatus(glob);
      java.util.SortedMap<String, Long> files = new java.util.TreeMap<>();
      if (found != null) {
        Arrays.stream(found).filter(FileStatus::isFile).forEach(f -> files.put(f.getPath().toString(), f.getLen()));
      }
      if (files.isEmpty()) {
        throw new UserInputException(
            String.format("Source '%s': path %s matches no file", spec.name, spec.path));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + spec.path, e);
    }
  }
}
