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
  static boolean isArray(StructType schema, String path) {
    return typeAt(schema, path) instanceof org.apache.spark.sql.types.ArrayType array
        && array.elementType() instanceof StructType;
  }

  /** The type of the field at {@code path} (dotted), or null where the schema has none. */
  static org.apache.spark.sql.types.DataType typeAt(StructType schema, String path) {
    org.apache.spark.sql.types.DataType type = schema;
    for (String field : path.split("\\.")) {
      if (!(type instanceof StructType struct) || !List.of(struct.fieldNames()).contains(field)) {
        return null;
      }
      type = struct.apply(field).dataType();
    }
    return type;
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
      if (!spec.options.nestedRecords.isEmpty() && !List.of(frame.columns()).contains(CORRUPT)) {
        StructType schema = frame.schema();
        String nested = spec.options.nestedRecords.stream().filter(n -> typeAt(schema, n) != null).findFirst().orElse(null);
        if (nested != null) {
          frame = withNested(spark, frame, nested, spec.options.records);
        }
      }
    }
    return frame;
  }

  /**
   * The records and, depth after depth, the records nested in them at {@code nested} (an array of
   * records, or a document holding them at one of {@code records}), each without its nested ones.
   * A depth's records can differ in shape from another's (JSON's schema is inferred per depth), so
   * they are joined as JSON and read again as one.
   */
  private static Dataset<Row> withNested(SparkSession spark, Dataset<Row> top, String nested, List<String> records) {
    List<Dataset<Row>> depths = new ArrayList<>();
    Dataset<Row> level = top;
    while (level != null) {
      depths.add(level);
      StructType schema = level.schema();
      String inner = isArray(schema, nested) ? nested : records.stream().map(r -> nested + "." + r)
          .filter(path -> isArray(schema, path)).findFirst().orElse(null);
      // A nested record knows its parent by the parent's id, where records have one.
      Column parent = List.of(schema.fieldNames()).contains("id") ? col("id").cast("string") : lit(null).cast("string");
      level = inner == null ? null : level.select(col(METADATA), parent.as(PARENT_ID), functions.explode(col(inner)).as("_gv_record"))
          .select(col(METADATA), col("_gv_record.*"), col(PARENT_ID));
    }
    if (depths.size() == 1) {
      return top;
    }
    Dataset<String> json = null;
    for (Dataset<Row> d : depths) {
      // What holds the nested records goes: the field, or the struct around it that holds nothing else.
      String drop = typeAt(d.schema(), nested) != null ? container(d.schema(), nested) : null;
      int dot = drop == null ? -1 : drop.indexOf('.');
      List<Column> fields = new ArrayList<>();
      fields.add(col(METADATA + ".file_path").as(FILE_FIELD));
      for (String c : d.columns()) {
        if (c.equals(METADATA) || dot < 0 && c.equals(drop)) {
          continue;
        }
        Column field = col("`" + c.replace("`", "``") + "`");
        boolean holds = dot > 0 && c.equals(drop.substring(0, dot));
        fields.add((holds ? field.dropFields(scala.jdk.javaapi.CollectionConverters.asScala(
            List.of(drop.substring(dot + 1))).toSeq()) : field).as(c));
      }
      Dataset<String> part = d.select(to_json(struct(fields.toArray(Column[]::new)))).as(org.apache.spark.sql.Encoders.STRING());
      json = json == null ? part : json.union(part);
    }
    Dataset<Row> read = spark.read().option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT).json(json);
    List<Column> out = new ArrayList<>();
    out.add(struct(col(FILE_FIELD).as("file_path")).as(METADATA));
    for (String c : read.columns()) {
      if (!c.equals(FILE_FIELD)) {
        out.add(col("`" + c.replace("`", "``") + "`"));
      }
    }
    return read.select(out.toArray(Column[]::new));
  }

  private static final String FILE_FIELD = "_gv_file";
  /** A nested record's field that holds its parent record's {@code id}: a mapping may name it ({@code in_reply_to}). */
  static final String PARENT_ID = "_gv_parent_id";

  /** {@code path}, or the nearest struct around it that holds nothing else ({@code replies} of {@code replies.comments}). */
  private static String container(StructType schema, String path) {
    String target = path;
    while (target.contains(".")
        && ((StructType) typeAt(schema, target.substring(0, target.lastIndexOf('.')))).fields().length == 1) {
      target = target.substring(0, target.lastIndexOf('.'));
    }
    return target;
  }
}
