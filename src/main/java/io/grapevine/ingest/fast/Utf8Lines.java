package io.grapevine.ingest.fast;

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
  private final boolean lenient;
  private String error;

  Utf8Lines(InputStream in, long firstLine, boolean atFileStart) throws IOException {
    this(in, firstLine, atFileStart, WINDOW, false, 0);
  }

  Utf8Lines(InputStream in, long firstLine, boolean atFileStart, int window) throws IOException {
    this(in, firstLine, atFileStart, window, false, 0);
  }

  /**
   * {@code lenient}: a line with bytes that are not UTF-8 is read (those bytes as U+FFFD) and
   * carries {@link #error()}, instead of failing the file.
   */
  Utf8Lines(InputStream in, long firstLine, boolean atFileStart, int window, boolean lenient, long firstByte)
      throws IOException {
    super(in, firstLine, atFileStart, window, firstByte);
    this.lenient = lenient;
  }

  /** Why the current line cannot be read ({@code bad_encoding: ...}), or null. */
  String error() {
    return error;
  }

  /** Reads the next line that is not blank; false at the end of the input. */
  boolean next() throws IOException {
    while (has(0)) {
      int r = 0;
      long bad = -1;
      int badByte = 0;
      while (has(r = scan(r, LF, LF))) {
        byte b = at(r);
        if (b == LF || b == CR) {
          break;
        }
        // Not ASCII, or more bytes were read after the scan stopped at the end of those read.
        int n = b < 0 ? (lenient ? utf8LengthOrInvalid(r) : utf8Length(r)) : 1;
        if (n < 0) {
          if (bad < 0) {
            bad = fileOffset(r);
            badByte = b & 0xFF;
          }
          n = 1;
        }
        r += n;
      }
      int length = r;
      boolean blank = isBlank(buf, start, start + length);
      if (!blank) {
        error = bad < 0 ? null : String.format("bad_encoding: byte 0x%02X on line %d (file offset %,d) is not UTF-8",
            badByte, line, bad);
        text = bad < 0 ? UTF8String.fromBytes(Arrays.copyOfRange(buf, start, start + length))
            : lenientText(buf, start, start + length, Integer.MAX_VALUE);
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
