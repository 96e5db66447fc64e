package io.grapevine.ingest;

import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

/**
 * XML exports, read by Spark's XML source: one record per {@code options.row_tag} element; child
 * elements become fields (nested ones structs, repeated ones arrays), attributes become fields
 * prefixed with {@code _} ({@code <review id="7">} gives {@code _id}), an element's own text beside
 * its attributes is {@code _VALUE}. Map nested values with an expression: {@code {expr: "meta.date"}}.
 */
final class XmlExportReader extends DocumentExportReader {
  @Override
  DataFrameReader reader(SparkSession spark, SourceSpec spec) {
    return spark.read().format("xml").option("rowTag", spec.options.rowTag);
  }

  @Override
  String unreadable() {
    return "not a well-formed XML record";
  }
}
