package io.grapevine.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The non-blank lines of UTF-8 text as Spark strings, each with its 1-based line number: line ends
 * LF, CRLF or a bare CR, a byte-order mark at the file start dropped, bytes that are not UTF-8
 * reported ({@link Utf8Input.InvalidUtf8}) with their line.
 */
final class Utf8Lines extends Utf8Input {
  private UTF8String text;
  private long textLine;

  Utf8Lines(InputStream in, long firstLine, boolean atFileStart) throws IOException {
    this(in, firstLine, atFileStart, WINDOW);
  }

  Utf8Lines(InputStream in, long firstLine, boolean atFileStart, int window) throws IOException {
    super(in, firstLine, atFileStart, window);
  }

  /** Reads the next line that is not blank; false at the end of the input. */
  boolean next() throws IOException {
    while (has(0)) {
      int r = 0;
      while (has(r = scan(r, LF, LF))) {
        byte b = at(r);
        if (b == LF || b == CR) {
          break;
        }
        // Not ASCII, or more bytes were read after the scan stopped at the end of those read.
        r += b < 0 ? utf8Length(r) : 1;
      }
      int length = r;
      boolean blank = isBlank(buf, start, start + length);
      if (!blank) {
        text = UTF8String.fromBytes(Arrays.copyOfRange(buf, start, start + length));
        textLine = line;
      }
      if (has(r)) {
        r += at(r) == CR && has(r + 1) && at(r + 1) == LF ? 2 : 1;
        line++;
      }
      consume(r);
      if (!blank) {
        return true;
      }
    }
    return false;
  }

  UTF8String text() {
    return text;
  }

  long textLine() {
    return textLine;
  }
}
