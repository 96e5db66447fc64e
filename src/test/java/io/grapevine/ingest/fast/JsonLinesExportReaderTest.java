package io.grapevine.ingest.fast;

import io.grapevine.ingest.SourceSpec;
import io.grapevine.ingest.RawColumns;
import io.grapevine.ingest.ExportFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grapevine.SparkTestSession;
import io.grapevine.core.UserInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON lines in a declared encoding, lines that are not objects, and bytes that are not the encoding. */
class JsonLinesExportReaderTest {
  private static final String TEXT = "{\"id\":\"a\",\"text\":\"caf\u00e9\",\"n\":1}\r\n"
      + "\r\n"
      + "[{\"id\":\"b\"},{\"id\":\"c\"}]\r\n"
      + "{\"id\":\"d\",\"text\":\"na\u00efve\",\"n\":2.5,\"extra\":{\"k\":true}}\n"
      + "{\"id\":\"e\"";

  private static SourceSpec spec(Path file, String encoding) {
    SourceSpec spec = new SourceSpec();
    spec.name = "test_jsonl";
    spec.path = file.toString();
    spec.format = ExportFormat.JSONL;
    spec.options.encoding = encoding;
    return spec;
  }

  private static List<Row> read(SourceSpec spec) {
    JsonLinesExportReader reader = new JsonLinesExportReader();
    return reader.read(SparkTestSession.get(), spec).orderBy(RawColumns.LINE).collectAsList();
  }

  @Test
  void theSameLinesInUtf8AndInADeclaredEncoding(@TempDir Path dir) throws Exception {
    Path utf8 = dir.resolve("utf8.jsonl");
    Files.writeString(utf8, TEXT, StandardCharsets.UTF_8);
    Path latin1 = dir.resolve("latin1.jsonl");
    Files.writeString(latin1, TEXT, StandardCharsets.ISO_8859_1);

    List<Row> fromBytes = read(spec(utf8, "UTF-8"));
    List<Row> decoded = read(spec(latin1, "ISO-8859-1"));

    assertThat(fromBytes).extracting(r -> r.<Long>getAs(RawColumns.LINE)).containsExactly(1L, 3L, 4L, 5L);
    assertThat(fromBytes).extracting(r -> r.<String>getAs(RawColumns.ERROR)).containsExactly(null,
        JsonLinesExportReader.NOT_AN_OBJECT, null,
        "not valid JSON: Unexpected end-of-input: expected close marker for Object");
    assertThat(fromBytes.get(0).<String>getAs("text")).isEqualTo("caf\u00e9");
    assertThat(fromBytes.get(2).<String>getAs("text")).isEqualTo("na\u00efve");
    assertThat(fromBytes.get(2).<Double>getAs("n")).isEqualTo(2.5);
    assertThat(fromBytes.get(2).<Row>getAs("extra").<Boolean>getAs("k")).isTrue();
    assertThat(fromBytes.get(3).<String>getAs(RawColumns.RAW)).isEqualTo("{\"id\":\"e\"");
    for (int i = 0; i < fromBytes.size(); i++) {
      for (String column : List.of(RawColumns.LINE, RawColumns.RAW, RawColumns.ERROR, "id", "text", "n", "extra")) {
        assertThat((Object) decoded.get(i).getAs(column)).as("row %d, %s", i, column)
            .isEqualTo(fromBytes.get(i).getAs(column));
      }
    }
  }

  @Test
  void bytesThatAreNotUtf8QuarantineTheirLineOrFailTheFile(@TempDir Path dir) throws Exception {
    Path latin1 = dir.resolve("latin1.jsonl");
    Files.writeString(latin1, TEXT, StandardCharsets.ISO_8859_1);
    List<Row> lines = read(spec(latin1, "UTF-8"));
    assertThat(lines).extracting(r -> r.<Long>getAs(RawColumns.LINE)).containsExactly(1L, 3L, 4L, 5L);
    assertThat(lines.get(0).<String>getAs(RawColumns.ERROR)).startsWith("bad_encoding: byte 0xE9 on line 1");
    assertThat(lines.get(2).<String>getAs(RawColumns.ERROR)).startsWith("bad_encoding: byte 0xEF on line 4");
    SourceSpec strict = spec(latin1, "UTF-8");
    strict.options.onInvalidBytes = "fail";
    assertThat(error(strict)).contains("Source 'test_jsonl': file ", "latin1.jsonl has bytes that "
        + "are not valid UTF-8 at or after line 1; declare the file's encoding in options.encoding");
    // A declared encoding other than UTF-8 is decoded, and its errors read the same.
    SourceSpec ascii = spec(latin1, "US-ASCII");
    ascii.options.onInvalidBytes = "fail";
    assertThat(error(ascii)).contains("latin1.jsonl has bytes that are not valid US-ASCII at or after line 1; ");
  }

  private static String error(SourceSpec spec) {
    Throwable thrown = catchThrowable(() -> read(spec));
    UserInputException error = null;
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof UserInputException u) {
        error = u;
      }
    }
    assertThat(error).as("a UserInputException among the causes of %s", thrown).isNotNull();
    return error.getMessage();
  }
}
