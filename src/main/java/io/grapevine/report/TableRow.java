package io.grapevine.report;

import com.fasterxml.jackson.annotation.JsonValue;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Table;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;

/**
 * One row of a gold table as the report shows it: the table, the key that finds the row within the
 * month ({@code column=value}), and its cells by the table's own column names. A figure the page
 * takes from it is traced to exactly that cell, so the page cannot name a column the table lacks.
 */
final class TableRow {
  private final String table;
  private final String keyColumn;
  private final Map<String, Object> cells;

  private TableRow(String table, String keyColumn, Map<String, Object> cells) {
    this.table = table;
    this.keyColumn = keyColumn;
    this.cells = Collections.unmodifiableMap(cells);
  }

  /** The row's cells except its month; arrays as lists, dates and times as their ISO text. */
  static TableRow of(Table table, String keyColumn, Row r) {
    Map<String, Object> cells = new LinkedHashMap<>();
    for (StructField f : r.schema().fields()) {
      if (f.name().equals(FeedbackSchema.REPORT_MONTH)) {
        continue;
      }
      int i = r.fieldIndex(f.name());
      Object v = r.isNullAt(i) ? null
          : f.dataType() instanceof ArrayType ? r.getList(i)
          : f.dataType() instanceof DateType || f.dataType() instanceof TimestampType ? r.get(i).toString()
          : r.get(i);
      cells.put(f.name(), v);
    }
    if (!cells.containsKey(keyColumn)) {
      throw new IllegalArgumentException(table.dirName() + " row without its key column " + keyColumn);
    }
    return new TableRow(table.dirName(), keyColumn, cells);
  }

  static List<TableRow> of(Table table, String keyColumn, List<Row> rows) {
    return rows.stream().map(r -> of(table, keyColumn, r)).toList();
  }

  String table() {
    return table;
  }

  /** The key that finds this row among the month's rows of its table. */
  String key() {
    return keyColumn + "=" + cells.get(keyColumn);
  }

  boolean has(String column) {
    return cells.containsKey(column);
  }

  Object get(String column) {
    if (!cells.containsKey(column)) {
      throw new IllegalArgumentException(table + " has no column " + column + " in the report's read");
    }
    return cells.get(column);
  }

  /** A numeric cell as a double, null when empty. */
  Double number(String column) {
    return Html.toDouble(get(column));
  }

  /** A cell as text, null when empty. */
  String text(String column) {
    Object v = get(column);
    return v == null ? null : v.toString();
  }

  /** The summary's form: the cells by column. */
  @JsonValue
  Map<String, Object> cells() {
    return cells;
  }
}
