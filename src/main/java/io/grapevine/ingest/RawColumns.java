package io.grapevine.ingest;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Lineage columns every export reader adds beside the export's own columns. */
public final class RawColumns {
  /** The file a record came from. */
  public static final String FILE = "_gv_file";
  /** The 1-based physical line the record starts on. */
  public static final String LINE = "_gv_line";
  /** The record as it stood in the file. */
  public static final String RAW = "_gv_raw";
  /** Why the reader could not split the record into fields, or null. */
  public static final String ERROR = "_gv_error";

  private RawColumns() {}

  /** The lineage columns, in the order line-based readers put them before the export's own. */
  public static StructType lineage() {
    return new StructType()
        .add(FILE, DataTypes.StringType, false)
        .add(LINE, DataTypes.LongType, false)
        .add(RAW, DataTypes.StringType, true)
        .add(ERROR, DataTypes.StringType, true);
  }
}
