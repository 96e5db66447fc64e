package io.grapevine.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes one generated export as numbered part files ({@code part-0001.csv}, ...), starting a new
 * part every {@code rowsPerFile} records; CSV parts repeat the header.
 */
final class ExportWriter implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String extension;
  private final List<String> header;
  private final String lineEnd;
  private final long rowsPerFile;
  private BufferedWriter out;
  private int part;
  private long rowsInPart;
  private long rows;

  private ExportWriter(Path dir, String extension, List<String> header, String lineEnd, long rowsPerFile) {
    this.dir = dir;
    this.extension = extension;
    this.header = header;
    this.lineEnd = lineEnd;
    this.rowsPerFile = rowsPerFile;
  }

  static ExportWriter csv(Path dir, List<String> header, String lineEnd, long rowsPerFile) {
    return new ExportWriter(dir, "csv", header, lineEnd, rowsPerFile);
  }

  static ExportWriter jsonLines(Path dir, long rowsPerFile) {
    return new ExportWriter(dir, "jsonl", null, "\n", rowsPerFile);
  }

  long rows() {
    return rows;
  }

  void csvRow(Object... values) {
    StringBuilder b = new StringBuilder(256);
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(quote(values[i]));
    }
    line(b.toString());
  }

  /** Writes one JSON object as a line and returns the line. */
  String jsonRow(Map<String, Object> record) {
    try {
      String text = JSON.writeValueAsString(record);
      line(text);
      return text;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A record written as given, for planting defects. */
  void line(String text) {
    try {
      if (out == null || rowsInPart >= rowsPerFile) {
        openNextPart();
      }
      out.write(text);
      out.write(lineEnd);
      rowsInPart++;
      rows++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void openNextPart() throws IOException {
    close();
    Files.createDirectories(dir);
    part++;
    out = Files.newBufferedWriter(dir.resolve(String.format("part-%04d.%s", part, extension)),
        StandardCharsets.UTF_8);
    rowsInPart = 0;
    if (header != null) {
      out.write(String.join(",", header.stream().map(ExportWriter::quote).toList()));
      out.write(lineEnd);
    }
  }

  static String quote(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out = null;
    }
  }
}
