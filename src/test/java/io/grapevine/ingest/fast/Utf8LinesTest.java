package io.grapevine.ingest.fast;

import io.grapevine.ingest.TextDecoding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Lines read from UTF-8 bytes are the lines of the decoded text read by {@link BufferedReader}
 * over {@link TextDecoding} (what the reader does for other encodings): same texts, same line
 * numbers, blank lines left out, whatever the line ends and wherever the window's edge falls.
 */
class Utf8LinesTest {
  private static final String[] PARTS = {"{\"a\":1}", "\u00e9t\u00e9", "\ud83d\ude00", " ", "\t", "\u2003",
      "x", "\"q\"", "\u043f"};
  private static final String[] ENDS = {"\n", "\r\n", "\r"};

  private static String text(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder b = new StringBuilder(r.nextBoolean() ? "\ufeff" : "");
    for (int i = 0; i < 300; i++) {
      for (int p = r.nextInt(0, 5); p > 0; p--) {
        b.append(PARTS[r.nextInt(PARTS.length)]);
      }
      if (i < 299 || r.nextBoolean()) {
        b.append(ENDS[r.nextInt(3)]);
      }
    }
    return b.toString();
  }

  private static List<String> reference(byte[] bytes) throws Exception {
    List<String> out = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(TextDecoding.open(new ByteArrayInputStream(bytes), "UTF-8"))) {
      long n = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        n++;
        if (!line.isBlank()) {
          out.add(n + ":" + line);
        }
      }
    }
    return out;
  }

  private static List<String> fromBytes(byte[] bytes, int window) throws Exception {
    List<String> out = new ArrayList<>();
    try (Utf8Lines lines = new Utf8Lines(new ByteArrayInputStream(bytes), 1, true, window)) {
      while (lines.next()) {
        out.add(lines.textLine() + ":" + lines.text());
      }
    }
    return out;
  }

  @Test
  void linesFromBytesAreTheDecodedLines() throws Exception {
    for (long seed = 1; seed <= 20; seed++) {
      byte[] bytes = text(seed).getBytes(StandardCharsets.UTF_8);
      List<String> expected = reference(bytes);
      assertThat(expected).hasSizeGreaterThan(100);
      for (int window : new int[] {1, 2, 3, 7, Utf8Input.WINDOW}) {
        assertThat(fromBytes(bytes, window)).as("seed %d, window %d", seed, window)
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void bytesThatAreNotUtf8AreReportedWithTheirLine() {
    byte[] bytes = "{\"a\":1}\r\n\n{\"a\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> fromBytes(bytes, 4))
        .isInstanceOfSatisfying(Utf8Input.InvalidUtf8.class, e -> assertThat(e.line).isEqualTo(3));
  }
}
