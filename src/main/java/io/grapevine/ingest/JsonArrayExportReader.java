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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * JSON array exports: each file one JSON document, an array of objects (as review and app-store
 * APIs return them), read whole by Spark's multi-line JSON reader. The lineage "line" is the
 * object's 1-based position in its file's array; a file that is not a JSON array of objects is
 * kept as one record with the reason.
 */
final class JsonArrayExportReader implements ExportReader {
  private static final String CORRUPT = "_gv_corrupt";

  /** Inference reads every file: done once per source, shared by validation and reading. */
  private Dataset<Row> frame;

  @Override
  public StructType schema(SparkSession spark, SourceSpec spec) {
    StructType clean = new StructType();
    for (StructField f : frame(spark, spec).schema().fields()) {
      if (!f.name().equals(CORRUPT)) {
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
    Column file = col("_metadata.file_path");
    List<Column> out = new ArrayList<>();
    out.add(file.as(RawColumns.FILE));
    // Spark reads each multi-line JSON file as one split, in document order.
    out.add(row_number().over(Window.partitionBy(file).orderBy(monotonically_increasing_id()))
        .cast("long").as(RawColumns.LINE));
    out.add(anyCorrupt ? when(col(CORRUPT).isNotNull(), col(CORRUPT))
        .otherwise(to_json(struct(fields.toArray(Column[]::new)))) : to_json(struct(fields.toArray(Column[]::new))));
    out.set(2, out.get(2).as(RawColumns.RAW));
    out.add((anyCorrupt ? when(col(CORRUPT).isNotNull(), lit("not a JSON array of objects"))
        : lit(null)).cast("string").as(RawColumns.ERROR));
    out.addAll(fields);
    return rows.select(out.toArray(Column[]::new));
  }

  private Dataset<Row> frame(SparkSession spark, SourceSpec spec) {
    if (frame == null) {
      List<String> files = ExportReader.files(spec, spark.sparkContext().hadoopConfiguration());
      frame = spark.read().option("multiLine", true).option("mode", "PERMISSIVE")
          .option("columnNameOfCorruptRecord", CORRUPT).option("encoding", spec.options.encoding)
          .json(files.toArray(String[]::new));
    }
    return frame;
  }
}
