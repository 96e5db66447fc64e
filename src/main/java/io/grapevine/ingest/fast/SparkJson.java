package io.grapevine.ingest.fast;

import io.grapevine.ingest.RecordIterator;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.json.JSONOptions;
import org.apache.spark.sql.catalyst.json.JacksonParser;
import org.apache.spark.sql.catalyst.json.JsonInferSchema;
import org.apache.spark.sql.catalyst.util.BadRecordException;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Function2;
import scala.collection.Iterator;

/**
 * Spark's own JSON schema inference and parser, used as Spark's JSON reader uses them: on a
 * record's UTF-8 bytes, with a parser per task. ({@code from_json} would decode every record
 * through a new character reader, which cost JSON lines ingest a fifth of its time.) These are
 * Spark classes without a public contract; Grapevine pins its Spark version, and the JSON tests
 * (generated lines and the real exports) check their behaviour.
 */
final class SparkJson {
  private SparkJson() {}

  /**
   * Spark's JSON options with the inference settings {@link JsonShape} relies on stated (they are
   * Spark's defaults): a string is a string whatever it looks like, a number with a fraction a double.
   */
  private static JSONOptions options(String timeZone, String mode) {
    scala.collection.immutable.Map<String, String> settings = scala.collection.immutable.Map$.MODULE$.from(
        scala.jdk.javaapi.CollectionConverters.asScala(Map.of("mode", mode, "prefersDecimal", "false",
            "inferTimestamp", "false", "primitivesAsString", "false")));
    return new JSONOptions(settings, timeZone, "_corrupt_record");
  }

  /**
   * Jackson as Spark's options configure it, but with its buffers kept per factory (one per task)
   * rather than looked up in a thread-local map for every line.
   */
  private static JsonFactory factory(JSONOptions options) {
    return (JsonFactory) options.buildJsonFactory().rebuild()
        .recyclerPool(com.fasterxml.jackson.core.util.JsonRecyclerPools.newConcurrentDequePool())
        // Nesting deeper than any export needs makes the line malformed.
        .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING).build())
        .build();
  }

  /** Deepest nesting of objects and arrays in a line read; a deeper line is malformed. */
  static final int MAX_NESTING = 64;

  /** A line's object, or why there is none ({@code error} null: it holds JSON that is not an object). */
  record Parsed(InternalRow row, String error) {}

  /**
   * A Jackson parser over a string's bytes, without copying or decoding them; a key twice in one
   * object is an error (Spark would keep one of the two values silently, or fail the whole read).
   */
  private static JsonParser parserOf(JsonFactory factory, UTF8String text) throws IOException {
    JsonParser p = text.getBaseObject() instanceof byte[] bytes
        ? factory.createParser(bytes, (int) (text.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET), text.numBytes())
        : factory.createParser(text.getBytes());
    return p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  private interface ParserOf<T> extends Function2<JsonFactory, T, JsonParser>, Serializable {}

  /**
   * The fields of every line that holds a JSON object (lines that do not are left out), exactly as
   * Spark's JSON reader infers them from all lines; {@code text} picks a line's text out of a row.
   * Spark infers from one line of each shape ({@link Shapes}), which gives the same schema.
   */
  static StructType infer(JavaRDD<InternalRow> lines, int text, String timeZone) {
    ParserOf<InternalRow> parserOf = (factory, row) -> {
      try {
        return parserOf(factory, row.getUTF8String(text));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    JavaRDD<InternalRow> oneOfEachShape = lines.mapPartitions(new Shapes(text));
    StructType inferred = new JsonInferSchema(options(timeZone, "DROPMALFORMED"))
        .infer(oneOfEachShape.rdd(), parserOf, false);
    StructType clean = new StructType();
    for (StructField f : inferred.fields()) {
      if (!f.name().startsWith("_corrupt")) {
        clean = clean.add(f);
      }
    }
    return clean;
  }

  /**
   * The first line of each {@link JsonShape}. Lines of one shape infer to one type, and merging a
   * type with itself changes nothing, so inferring from these lines gives the schema of all. A
   * line without a shape (not an object, not strict JSON) is passed on for Spark to judge. Shapes
   * are forgotten every {@link #REMEMBERED} of them, so that lines whose keys are data cannot
   * fill the memory.
   */
  static final class Shapes implements FlatMapFunction<java.util.Iterator<InternalRow>, InternalRow> {
    private static final long serialVersionUID = 1L;
    static final int REMEMBERED = 100_000;
    private final int text;

    Shapes(int text) {
      this.text = text;
    }

    @Override
    public java.util.Iterator<InternalRow> call(java.util.Iterator<InternalRow> lines) {
      Set<String> seen = new HashSet<>();
      JsonShape shapes = new JsonShape();
      return new RecordIterator<>() {
        @Override
        protected InternalRow advance() {
          while (lines.hasNext()) {
            InternalRow line = lines.next();
            if (line.numFields() > text + 1 && !line.isNullAt(text + 1)) {
              continue;  // bytes that are not text: nothing to infer from
            }
            UTF8String json = line.getUTF8String(text);
            String shape = json.getBaseObject() instanceof byte[] bytes
                ? shapes.of(bytes, (int) (json.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET),
                    (int) (json.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET) + json.numBytes())
                : null;
            if (seen.size() >= REMEMBERED) {
              seen.clear();
            }
            if (shape == null || seen.add(shape)) {
              return line;
            }
          }
          return null;
        }
      };
    }
  }

  /** Parses lines with a fixed schema; one per task (not thread-safe). */
  static final class Parser {
    private final JacksonParser parser;
    private final ParserOf<UTF8String> parserOf;
    private final scala.Function1<UTF8String, UTF8String> literal = text -> text;

    Parser(StructType schema, String timeZone) {
      JSONOptions options = options(timeZone, "PERMISSIVE");
      JsonFactory factory = factory(options);
      parserOf = (sparks, text) -> {
        try {
          return parserOf(factory, text);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      };
      parser = new JacksonParser(schema, options, false,
          scala.collection.immutable.Seq$.MODULE$.<org.apache.spark.sql.sources.Filter>empty());
    }

    /** The object a line holds; or none, with why when the line is not valid JSON. */
    Parsed parse(UTF8String line) {
      try {
        Iterator<InternalRow> rows = parser.parse(line, parserOf, literal).iterator();
        if (!rows.hasNext()) {
          return new Parsed(null, null);
        }
        InternalRow row = rows.next();
        return new Parsed(rows.hasNext() ? null : row, null);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        if (e instanceof BadRecordException) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          String why = String.valueOf(cause.getMessage()).split("\n")[0];
          return new Parsed(null, why.length() > 300 ? why.substring(0, 300) + "..." : why);
        }
        throw new IllegalStateException(e);
      }
    }
  }
}
