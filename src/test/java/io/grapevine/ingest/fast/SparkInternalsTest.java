package io.grapevine.ingest.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.grapevine.SparkTestSession;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * One test per Spark internal the fast readers call, each failing with the API's name and the
 * running Spark version when that Spark no longer offers it as used here: the list to check when
 * Spark is upgraded or a cluster runs another one. Their behaviour in full is tested by the readers'
 * own tests; these say which internal broke.
 */
class SparkInternalsTest {
  private static <T> T call(String api, Supplier<T> use) {
    try {
      return use.get();
    } catch (LinkageError | ClassCastException e) {
      return fail("Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + " no longer offers " + api
          + " as io.grapevine.ingest.fast uses it (" + e + "): update the fast readers", e);
    }
  }

  @Test
  void classicSparkSessionInternalCreateDataFrame() {
    StructType schema = new StructType().add("a", DataTypes.StringType).add("n", DataTypes.LongType);
    List<Row> rows = call("classic.SparkSession.internalCreateDataFrame(RDD<InternalRow>, StructType, boolean)",
        () -> InternalRows.dataFrame(SparkTestSession.get(),
            JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext()).parallelize(List.<InternalRow>of(
                new GenericInternalRow(new Object[] {UTF8String.fromString("é"), 7L}))), schema).collectAsList());
    assertThat(rows).extracting(r -> r.getString(0) + r.getLong(1)).containsExactly("é7");
  }

  @Test
  void catalystGenericInternalRowAndUnsafeUtf8String() {
    byte[] bytes = "xabcx".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    UTF8String slice = call("unsafe.types.UTF8String.fromBytes(byte[], int, int)",
        () -> UTF8String.fromBytes(bytes, 1, 3));
    InternalRow row = call("catalyst.expressions.GenericInternalRow(Object[])",
        () -> new GenericInternalRow(new Object[] {slice, null}));
    assertThat(row.getUTF8String(0).toString()).isEqualTo("abc");
    assertThat(row.isNullAt(1)).isTrue();
    // The offset arithmetic SparkJson uses to hand Jackson the bytes of a slice without copying them.
    long offset = call("unsafe.Platform.BYTE_ARRAY_OFFSET and UTF8String.getBaseOffset()",
        () -> slice.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET);
    assertThat(offset).isEqualTo(1);
  }

  @Test
  void catalystJsonJacksonParserAndBadRecordException() {
    StructType schema = new StructType().add("a", DataTypes.LongType).add("b", DataTypes.StringType);
    SparkJson.Parser parser = call("catalyst.json.JacksonParser(StructType, JSONOptions, boolean, Seq<Filter>)",
        () -> new SparkJson.Parser(schema, "UTC"));
    SparkJson.Parsed good = call("catalyst.json.JacksonParser.parse", () -> parser.parse(UTF8String.fromString(
        "{\"a\": 5, \"b\": \"x\"}")));
    assertThat(good.row().getLong(0)).isEqualTo(5);
    assertThat(good.row().getUTF8String(1).toString()).isEqualTo("x");
    SparkJson.Parsed bad = call("catalyst.util.BadRecordException from JacksonParser.parse",
        () -> parser.parse(UTF8String.fromString("{\"a\": ")));
    assertThat(bad.row()).isNull();
    assertThat(bad.error()).isNotBlank();
  }

  @Test
  void catalystJsonInferSchemaAndJsonOptions() {
    List<InternalRow> lines = List.of(new GenericInternalRow(new Object[] {UTF8String.fromString("{\"a\": 1}")}),
        new GenericInternalRow(new Object[] {UTF8String.fromString("{\"a\": 2.5, \"b\": [true]}")}));
    StructType inferred = call("catalyst.json.JsonInferSchema(JSONOptions).infer and JSONOptions(Map, String, String)",
        () -> SparkJson.infer(JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext())
            .parallelize(lines), 0, "UTC"));
    assertThat(inferred.fieldNames()).containsExactly("a", "b");
    assertThat(inferred.apply("a").dataType()).isEqualTo(DataTypes.DoubleType);
  }
}
