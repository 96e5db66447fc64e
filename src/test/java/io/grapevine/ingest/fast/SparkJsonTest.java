package io.grapevine.ingest.fast;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Inferring from one line of each shape gives the schema Spark's JSON reader infers from every
 * line, on generated lines whose fields change type from line to line (numbers that do and do not
 * fit a long, fractions, empty strings, nulls, objects against strings, arrays of mixed elements,
 * fields in another order) among lines that are not objects or not JSON, and on the real Yelp
 * exports.
 */
class SparkJsonTest {
  private static final String[] VALUES = {"1", "-7", "2.5", "1e3", "\"x\"", "\"\"", "null", "true",
      "12345678901234567890123", "{\"b\":1}", "{\"b\":\"y\",\"c\":[1]}", "[]", "[1,2]", "[1,\"a\"]",
      "[{\"d\":null}]", "{}", "9223372036854775807", "9223372036854775808", "-0.5", "0", "\"a\\\"b\"",
      "\"\\u00e9\"", "NaN", "'single'", "{\"e\\u0041\":1}", "[ 1 , {\"f\" : \"\" } ]"};
  private static final String[] NAMES = {"a", "b", "id", "text", "nested", "x y"};

  private static List<String> lines(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      switch (r.nextInt(25)) {
        case 0 -> lines.add("not json");
        case 1 -> lines.add("[{\"a\":1},{\"a\":2}]");
        case 2 -> lines.add("42");
        case 3 -> lines.add("{\"a\":1");
        default -> {
          StringBuilder b = new StringBuilder("{");
          int fields = r.nextInt(0, 5);
          int first = r.nextInt(NAMES.length);
          for (int f = 0; f < fields; f++) {
            int name = (first + f) % NAMES.length;
            // One type per field, but "a" and "b" sometimes any: shapes repeat, and types conflict.
            boolean any = name < 2 && r.nextInt(8) == 0;
            String value = VALUES[any ? r.nextInt(VALUES.length) : (name * 5 + 1) % VALUES.length];
            b.append(f == 0 ? "" : ",").append('"').append(NAMES[name]).append("\":").append(value);
          }
          lines.add(b.append('}').toString());
        }
      }
    }
    return lines;
  }

  private static StructType spark(SparkSession spark, List<String> lines) {
    StructType all = spark.read().option("mode", "DROPMALFORMED")
        .json(spark.createDataset(lines, Encoders.STRING())).schema();
    StructType clean = new StructType();
    for (StructField f : all.fields()) {
      if (!f.name().startsWith("_corrupt")) {
        clean = clean.add(f);
      }
    }
    return clean;
  }

  private static StructType ours(SparkSession spark, List<String> lines) {
    List<InternalRow> rows = lines.stream()
        .map(l -> (InternalRow) new GenericInternalRow(new Object[] {UTF8String.fromString(l)})).toList();
    JavaRDD<InternalRow> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 3);
    return SparkJson.infer(rdd, 0, spark.sessionState().conf().sessionLocalTimeZone());
  }

  @Test
  void oneLineOfEachShapeInfersWhatAllLinesInfer() {
    SparkSession spark = SparkTestSession.get();
    for (long seed = 1; seed <= 12; seed++) {
      List<String> lines = lines(seed);
      StructType expected = spark(spark, lines);
      assertThat(expected.simpleString()).as("seed %d: conflicts merged", seed).contains("struct<", "array<");
      assertThat(ours(spark, lines)).as("seed %d", seed).isEqualTo(expected);
    }
    // Spark inferred from far fewer lines than there are.
    List<InternalRow> rows = lines(1).stream()
        .map(l -> (InternalRow) new GenericInternalRow(new Object[] {UTF8String.fromString(l)})).toList();
    long shapes = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 1)
        .mapPartitions(new SparkJson.Shapes(0)).count();
    assertThat(shapes).isBetween(30L, 200L);
  }

  @Test
  void theRealYelpExportsInferAsWithSparksReader() throws Exception {
    Path yelp = Paths.get("../shared/datasets/yelp-open-dataset-sample");
    Assumptions.assumeTrue(Files.isDirectory(yelp), "../shared/datasets is absent: real-data check skipped");
    SparkSession spark = SparkTestSession.get();
    for (String file : List.of("yelp_academic_dataset_review.json", "yelp_academic_dataset_business.json")) {
      List<String> lines = Files.readAllLines(yelp.resolve(file));
      StructType expected = spark(spark, lines);
      assertThat(expected.size()).as(file).isGreaterThan(5);
      assertThat(ours(spark, lines)).as(file).isEqualTo(expected);
    }
  }

  @Test
  void aLineIsAnObjectOrNothing() {
    StructType schema = ours(SparkTestSession.get(), List.of("{\"a\":1,\"b\":{\"c\":\"x\"}}"));
    SparkJson.Parser parser = new SparkJson.Parser(schema, "UTC");
    InternalRow row = parser.parse(UTF8String.fromString("{\"b\":{\"c\":\"\u00e9t\u00e9\"},\"a\":5,\"z\":[1]}")).row();
    assertThat(row.getLong(0)).isEqualTo(5L);
    assertThat(row.getStruct(1, 1).getUTF8String(0).toString()).isEqualTo("\u00e9t\u00e9");
    for (String notAnObject : List.of("[{\"a\":1},{\"a\":2}]", "42", "{\"a\":1", "not json", "{\"a\":\"five\"}")) {
      assertThat(parser.parse(UTF8String.fromString(notAnObject)).row()).as(notAnObject).isNull();
    }
    // A key twice in one object, or nesting past the limit, is named as the reason.
    assertThat(parser.parse(UTF8String.fromString("{\"a\":1,\"a\":2}")).error()).contains("Duplicate field 'a'");
    String deep = "{\"a\":" + "[".repeat(SparkJson.MAX_NESTING + 5) + "]".repeat(SparkJson.MAX_NESTING + 5) + "}";
    assertThat(parser.parse(UTF8String.fromString(deep)).error()).containsIgnoringCase("nesting");
  }
}
