package io.grapevine.ingest;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

/**
 * JSON array exports: each file one JSON document, an array of objects (as review and app-store
 * APIs return them), read whole by Spark's multi-line JSON reader; a file that is not a JSON array
 * of objects is kept as one record with the reason.
 */
final class JsonArrayExportReader extends DocumentExportReader {
  @Override
  DataFrameReader reader(SparkSession spark, SourceSpec spec) {
    return spark.read().format("json").option("multiLine", true);
  }

  @Override
  String unreadable() {
    return "not a JSON array of objects";
  }
}
