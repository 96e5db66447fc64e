package io.grapevine.ingest.fast;

import io.grapevine.ingest.SourceSpec;
import io.grapevine.ingest.RawColumns;
import io.grapevine.ingest.ExportFormat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grapevine.SparkTestSession;
import io.grapevine.core.UserInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvExportReaderTest {
  private static SourceSpec spec(Path file, int skipLines) {
    SourceSpec spec = new SourceSpec();
    spec.name = "test_csv";
    spec.path = file.toString();
    spec.format = ExportFormat.CSV;
    spec.options.skipLines = skipLines;
    return spec;
  }

  @Test
  void keepsTheStartLineOfEveryRecordWhateverTheLineEndings(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    bytes.write(("Exported by SomeTool v2\r\n"          // line 1: junk before the header
        + ",id,text\r\n"                                  // line 2: header, unnamed index column
        + "0,a1,\"first line\r\nsecond line\"\r\n"        // lines 3-4: multi-line quoted field
        + "\r\n"                                          // line 5: blank
        + "1,a2,plain\r"                                  // line 6: bare CR ending
        + "2,a3,\"say \"\"hi\"\"\"\n"                      // line 7: LF ending, escaped quotes
        + "3,a4\n")                                       // line 8: a field missing
        .getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("export.csv");
    Files.write(file, bytes.toByteArray());

    CsvExportReader reader = new CsvExportReader();
    assertThat(reader.schema(SparkTestSession.get(), spec(file, 1)).fieldNames())
        .containsExactly("_c0", "id", "text");
    List<Row> rows = reader.read(SparkTestSession.get(), spec(file, 1))
        .orderBy(RawColumns.LINE).collectAsList();

    assertThat(rows).extracting(r -> r.getLong(1)).containsExactly(3L, 6L, 7L, 8L);
    assertThat(rows).extracting(r -> r.getString(6))
        .containsExactly("first line\nsecond line", "plain", "say \"hi\"", null);
    assertThat(rows.get(0).getString(2)).isEqualTo("0,a1,\"first line\nsecond line\"");
    assertThat(rows).extracting(r -> r.getString(3))
        .containsExactly(null, null, null, "expected 3 fields as in the header, found 2");
    assertThat(rows.get(0).getString(0)).endsWith("export.csv");
  }

  @Test
  void reportsBytesThatAreNotValidInTheDeclaredEncoding(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("latin1.csv");
    Files.write(file, "id,text\n1,caf\u00e9\n2,fine\n".getBytes(StandardCharsets.ISO_8859_1));
    SourceSpec utf8 = spec(file, 0);
    // By default the record that holds the byte is quarantined, with its line, and the rest read.
    List<Row> read = new CsvExportReader().read(SparkTestSession.get(), utf8).collectAsList();
    assertThat(read).extracting(r -> r.getString(3)).containsExactly(
        "bad_encoding: byte 0xE9 on line 2 (file offset 13) is not UTF-8", null);
    utf8.options.onInvalidBytes = "fail";
    Throwable failed = org.assertj.core.api.Assertions.catchThrowable(
        () -> new CsvExportReader().read(SparkTestSession.get(), utf8).collectAsList());
    while (failed != null && !(failed instanceof UserInputException)) {
      failed = failed.getCause();
    }
    assertThat(failed).isInstanceOf(UserInputException.class)
        .hasMessageContaining("Source 'test_csv': file ")
        .hasMessageContaining("latin1.csv has bytes that are not valid UTF-8 at or after line 2; "
            + "declare the file's encoding in options.encoding");
    SourceSpec latin1 = spec(file, 0);
    latin1.options.encoding = "ISO-8859-1";
    assertThat(new CsvExportReader().read(SparkTestSession.get(), latin1).first().getString(5))
        .isEqualTo("caf\u00e9");
  }

  @Test
  void aPathThatMatchesNothingIsAnErrorNamingTheSource(@TempDir Path dir) {
    assertThatThrownBy(() -> new CsvExportReader().schema(SparkTestSession.get(),
            spec(dir.resolve("nope-*.csv"), 0)))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("Source 'test_csv': path ")
        .hasMessageEndingWith("nope-*.csv matches no file");
  }
}
