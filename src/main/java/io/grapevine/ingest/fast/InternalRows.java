package io.grapevine.ingest.fast;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/** The one way rows in Spark's internal form become a DataFrame here. */
final class InternalRows {
  private InternalRows() {}

  /**
   * Rows a reader made in Spark's internal form as a DataFrame, without converting each row from
   * and to Java objects as {@code createDataFrame} does. {@code internalCreateDataFrame} is Spark's
   * own way in for its readers (internal to Spark's Scala code, public to Java); Grapevine pins its
   * Spark version, and {@code SparkInternalsTest} fails by name when a Spark upgrade changes it.
   */
  static Dataset<Row> dataFrame(SparkSession spark, JavaRDD<InternalRow> rows, StructType schema) {
    return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(), schema, false);
  }
}
