package io.grapevine.ingest;

/** Lineage columns every export reader adds beside the export's own columns. */
final class RawColumns {
  /** The file a record came from. */
  static final String FILE = "_gv_file";
  /** The 1-based physical line the record starts on. */
  static final String LINE = "_gv_line";
  /** The record as it stood in the file. */
  static final String RAW = "_gv_raw";
  /** Why the reader could not split the record into fields, or null. */
  static final String ERROR = "_gv_error";

  private RawColumns() {}
}
