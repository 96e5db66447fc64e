package io.grapevine.ingest.fast;

import io.grapevine.ingest.TextDecoding;
import io.grapevine.ingest.Swar;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * UTF-8 text read as bytes, for readers that hand Spark its own string type without decoding to
 * Java strings and back. A window over the input holds the current record from {@link #start};
 * {@link #has} reads more (moving the record to the front, or growing the window for a long one).
 * Bytes are checked as UTF-8 as they are met ({@link #utf8Length}); line ends are LF, CRLF or a
 * bare CR, and {@link #line} counts them as {@link TextDecoding} does.
 */
abstract class Utf8Input implements AutoCloseable {
  static final byte LF = '\n';
  static final byte CR = '\r';
  private static final long LFS = Swar.broadcast(LF);
  private static final long CRS = Swar.broadcast(CR);

  private final InputStream in;
  /** The window's first size; it grows for a record longer than it. */
  static final int WINDOW = 1 << 18;

  protected byte[] buf;
  /** Where the current record starts in {@link #buf}; offsets below are relative to it. */
  protected int start;
  /** The end of the bytes read so far. */
  protected int limit;
  private boolean eof;
  /** The 1-based line at the reading position. */
  protected long line;
  /** The file offset of {@code buf[0]}. */
  private long discarded;

  /** Bytes that are not UTF-8, on the line given. */
  static final class InvalidUtf8 extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final long line;

    InvalidUtf8(long line) {
      super("bytes that are not valid UTF-8 on line " + line, null, false, false);
      this.line = line;
    }
  }

  Utf8Input(InputStream in, long firstLine, boolean atFileStart, int window) throws IOException {
    this(in, firstLine, atFileStart, window, 0);
  }

  /** {@code firstByte}: the file offset the input starts at, for messages naming a byte. */
  Utf8Input(InputStream in, long firstLine, boolean atFileStart, int window, long firstByte) throws IOException {
    this.in = in;
    this.buf = new byte[window];
    this.line = firstLine;
    this.discarded = firstByte;
    if (atFileStart && has(2) && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
      start = 3;
    }
  }

  /** Whether the byte at offset {@code r} of the current record is there, reading more when needed. */
  protected final boolean has(int r) throws IOException {
    while (start + r >= limit) {
      if (eof) {
        return false;
      }
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, limit - start);
        limit -= start;
        discarded += start;
        start = 0;
      }
      if (limit == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }
    return true;
  }

  /** The byte at offset {@code r} of the current record; {@link #has} must have said it is there. */
  protected final byte at(int r) {
    return buf[start + r];
  }

  /** The offset in the file of byte {@code r} of the current record. */
  protected final long fileOffset(int r) {
    return discarded + start + r;
  }

  /**
   * The length of the UTF-8 sequence whose first byte (not ASCII) is at offset {@code r}; throws
   * {@link InvalidUtf8} for a sequence Java's decoder would refuse (overlong forms, surrogates,
   * code points past U+10FFFF, a cut sequence).
   */
  protected final int utf8Length(int r) throws IOException {
    int n = utf8LengthOrInvalid(r);
    if (n < 0) {
      throw new InvalidUtf8(line);
    }
    return n;
  }

  /** Like {@link #utf8Length}, but -1 for bytes that are not UTF-8 instead of an exception. */
  protected final int utf8LengthOrInvalid(int r) throws IOException {
    int b0 = at(r) & 0xFF;
    int n;
    int lo = 0x80;
    int hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      n = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      n = 3;
      lo = b0 == 0xE0 ? 0xA0 : 0x80;
      hi = b0 == 0xED ? 0x9F : 0xBF;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      n = 4;
      lo = b0 == 0xF0 ? 0x90 : 0x80;
      hi = b0 == 0xF4 ? 0x8F : 0xBF;
    } else {
      return -1;
    }
    for (int k = 1; k < n; k++) {
      if (!has(r + k)) {
        return -1;
      }
      int b = at(r + k) & 0xFF;
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) {
        return -1;
      }
    }
    return n;
  }

  /**
   * Bytes as text for a message or a quarantined record: what is not UTF-8 becomes U+FFFD, and text
   * past {@code max} bytes is cut, with how much there was.
   */
  static UTF8String lenientText(byte[] bytes, int from, int to, int max) {
    int end = to - from <= max ? to : from + max;
    String text = new String(bytes, from, end - from, java.nio.charset.StandardCharsets.UTF_8);
    if (end < to) {
      text += String.format("... (%,d bytes in all)", to - from);
    }
    return UTF8String.fromString(text);
  }

  /**
   * The offset of the first byte from {@code r} on, among those read, that is {@code a}, {@code b},
   * a line end or not ASCII (the loop that takes most of the reading time, kept tight).
   */
  protected final int scan(int r, byte a, byte b) {
    byte[] bytes = buf;
    int i = start + r;
    int end = limit;
    long as = Swar.broadcast(a);
    long bs = Swar.broadcast(b);
    while (i + 8 <= end) {
      long w = Swar.word(bytes, i);
      long marks = Swar.high(w) | Swar.equal(w, as) | Swar.equal(w, bs) | Swar.equal(w, LFS) | Swar.equal(w, CRS);
      if (marks != 0) {
        return i + Swar.first(marks) - start;
      }
      i += 8;
    }
    while (i < end) {
      byte c = bytes[i];
      if (c == a || c == b || c == LF || c == CR || c < 0) {
        break;
      }
      i++;
    }
    return i - start;
  }

  /** Moves the record start past {@code r} bytes. */
  protected final void consume(int r) {
    start += r;
  }

  /** Bytes {@code [from, to)} of the current record with CRLF and CR turned into LF. */
  protected final UTF8String normalized(byte[] record, int from, int to) {
    byte[] out = new byte[to - from];
    int w = 0;
    for (int i = from; i < to; i++) {
      byte b = record[i];
      if (b == CR) {
        out[w++] = LF;
        if (i + 1 < to && record[i + 1] == LF) {
          i++;
        }
      } else {
        out[w++] = b;
      }
    }
    return UTF8String.fromBytes(out, 0, w);
  }

  /** Whether a value holds only white space ({@link String#isBlank}); null counts as blank. */
  static boolean isBlank(UTF8String value) {
    if (value == null) {
      return true;
    }
    byte[] bytes = value.getBytes();
    return isBlank(bytes, 0, bytes.length);
  }

  /** Whether UTF-8 bytes {@code [from, to)} hold only white space ({@link String#isBlank}). */
  static boolean isBlank(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = bytes[i];
      if (b < 0) {
        return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.UTF_8).isBlank();
      }
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
