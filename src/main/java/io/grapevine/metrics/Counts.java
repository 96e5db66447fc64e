package io.grapevine.metrics;

import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/** Counting aggregates shared by the metric tables. */
final class Counts {
  private Counts() {}

  /** Rows where {@code condition} is true (null counts as false). */
  static Column countIf(Column condition) {
    return sum(when(condition, 1L).otherwise(0L));
  }
}
