package io.grapevine.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Export file formats the ingest stage reads. */
public enum ExportFormat {
  CSV,
  TSV,
  JSONL,
  /** One JSON document per file: an array of objects. */
  JSON,
  /** Records are the elements named by {@code options.row_tag}. */
  XML,
  PARQUET,
  /** An Excel workbook: the records are the rows of one sheet. */
  XLSX,
  /** Decided per source from its first file: JSON array or lines, Parquet, an Excel workbook, CSV or TSV. */
  AUTO;

  public static List<String> names() {
    return Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
  }

  public static ExportFormat parse(String value) {
    for (ExportFormat f : values()) {
      if (f.name().equalsIgnoreCase(value)) {
        return f;
      }
    }
    return null;
  }
}
