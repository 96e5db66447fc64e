package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Exports whose records live inside a document (a JSON array, an XML file) that Spark's own reader
 * splits. The lineage "line" is the record's 1-based position in its file, the raw record is the
 * record as JSON, and a part Spark cannot read is kept with the reason. One instance reads one
 * source; the schema is inferred once and shared by validation and reading.
 */
abstract class DocumentExportReader implements ExportReader {
  static final String CORRUPT = "_gv_corrupt";

  private Dataset<Row> frame;

  /** Spark's reader for the format, before {@code load}. */
  abstract DataFrameReader reader(SparkSession spark, SourceSpec spec);

  /** What a record Spark could not read is, in a quarantine message. */
  abstract String unreadable();

  @Override
  public StructType schema(SparkSession spark, SourceSpec spec) {
    StructType clean = new StructType();
    for (StructField f : frame(spark, spec).schema().fields()) {
      if (!f.name().equals(CORRUPT) && !f.name().equals(METADATA)) {
        clean = clean.add(f);
      }
    }
    return clean;
  }

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec) {
    Dataset<Row> rows = frame(spark, spec);
    boolean anyCorrupt = List.of(rows.columns()).contains(CORRUPT);
    List<Column> fields = new ArrayList<>();
    for (StructField f : schema(spark, spec).fields()) {
      fields.add(col("`" + f.name().replace("`", "``") + "`").as(f.name()));
    }
    Column json = to_json(struct(fields.toArray(Column[]::new)));
    Column file = col("_metadata.file_path");
    List<Column> out = new ArrayList<>();
    out.add(file.as(RawColumns.FILE));
    // Spark reads each document as one split, in document order.
    out.add(row_number().over(Window.partitionBy(file).orderBy(monotonically_increasing_id()))
        .cast("long").as(RawColumns.LINE));
    out.add((anyCorrupt ? when(col(CORRUPT).isNotNull(), col(CORRUPT)).otherwise(json) : json).as(RawColumns.RAW));
    out.add((anyCorrupt ? when(col(CORRUPT).isNotNull(), lit(unreadable())) : lit(null))
        .cast("string").as(RawColumns.ERROR));
    out.addAll(fields);
    return rows.select(out.toArray(Column[]::new));
  }

  private static final String METADATA = "_metadata";

  /** Whether the field at {@code path} (dotted: {@code data.children}) is an array of objects. */
  static boolean isArray(org.apache.spark.sql.types.StructType schema, String path) {
    org.apache.spark.sql.types.DataType type = schema;
    for (String field : path.split("\\.")) {
      if (!(type instanceof org.apache.spark.sql.types.StructType struct) || !List.of(struct.fieldNames()).contains(field)) {
        return false;
      }
      type = struct.apply(field).dataType();
    }
    return type instanceof org.apache.spark.sql.types.ArrayType array
        && array.elementType() instanceof org.apache.spark.sql.types.StructType;
  }

  private Dataset<Row> frame(SparkSession spark, SourceSpec spec) {
    if (frame == null) {
      List<String> files = ExportReader.files(spec, spark.sparkContext().hadoopConfiguration());
      frame = reader(spark, spec).option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT)
          .option("encoding", spec.options.encoding).load(files.toArray(String[]::new));
      String records = spec.options.records.stream().filter(f -> isArray(frame.schema(), f)).findFirst().orElse(null);
      if (records != null) {
        // An API response wraps its records: {"reviews": [...], "nextPageToken": ...}, or deeper
        // (Reddit's {"data": {"children": [...]}}, options.records: data.children).
        frame = frame.select(col(METADATA), functions.explode(col(records)).as("_gv_record"))
            .select(col(METADATA), col("_gv_record.*"));
      }
    }
    return frame;
  }
}
