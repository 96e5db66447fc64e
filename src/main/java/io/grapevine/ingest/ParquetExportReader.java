package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Parquet exports (a warehouse unload, a previous system's output). The lineage "line" is the
 * record's 1-based position in its file; the raw record is the row as JSON. Instants become
 * ISO-8601 text with offset (read as they are); local timestamps become text without one (read in
 * the source's time zone), so the catalog's time handling applies as for text exports.
 */
final class ParquetExportReader implements ExportReader {
  private static final String INSTANT = "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX";
  private static final String LOCAL = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS";

  @Override
  public StructType schema(SparkSession spark, SourceSpec spec) {
    return frame(spark, spec).schema();
  }

  @Override
  public Dataset<Row> read(SparkSession spark, SourceSpec spec) {
    Dataset<Row> rows = frame(spark, spec);
    List<Column> fields = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      Column c = col("`" + f.name().replace("`", "``") + "`");
      if (f.dataType() instanceof TimestampType) {
        c = date_format(c, INSTANT);
      } else if (f.dataType() instanceof TimestampNTZType) {
        c = date_format(c, LOCAL);
      }
      fields.add(c.as(f.name()));
    }
    List<Column> out = new ArrayList<>();
    out.add(col("_metadata.file_path").as(RawColumns.FILE));
    out.add(col("_metadata.row_index").plus(1).as(RawColumns.LINE));
    out.add(to_json(struct(fields.toArray(Column[]::new))).as(RawColumns.RAW));
    out.add(lit(null).cast(DataTypes.StringType).as(RawColumns.ERROR));
    out.addAll(fields);
    return rows.select(out.toArray(Column[]::new));
  }

  private static Dataset<Row> frame(SparkSession spark, SourceSpec spec) {
    List<String> files = ExportReader.files(spec, spark.sparkContext().hadoopConfiguration());
    return spark.read().parquet(files.toArray(String[]::new));
  }
}
