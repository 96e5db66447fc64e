package io.grapevine.ingest.fast;

import io.grapevine.ingest.SourceSpec;
import io.grapevine.ingest.TextDecoding;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * RFC 4180 records read straight from UTF-8 bytes: fields quoted with the quote character and a
 * doubled quote inside them, empty lines skipped, an empty field without quotes null and a quoted
 * one empty, line ends inside quoted fields turned into LF. The fast path of {@link
 * CsvExportReader}.
 *
 * <p>What a hostile or broken file holds is contained to the record that holds it: a record with
 * bytes that are not UTF-8 is read, and carries {@link #error()} ({@code bad_encoding}, with the
 * line and file offset of the first such byte); a quote never closed, a quoted field longer than
 * {@link Limits#maxFieldBytes} or over more than {@link Limits#maxRecordLines} lines makes the
 * record's first line a {@code malformed_record}, and reading resumes on the line after it, so a
 * stray quote cannot swallow the rest of a file; an unquoted field longer than the limit makes its
 * line one. Other irregular quoting (a quote inside a field without quotes, text after a closing
 * quote, more than {@link #MAX_FIELDS} fields) stops it with {@link Irregular}, and the reader goes
 * on with univocity, which reads such files as before.
 */
final class Utf8CsvRecords extends Utf8Input {
  /** The most fields a record may have, for both CSV parsers. */
  static final int MAX_FIELDS = 4096;
  private static final int QUOTED = 1;
  private static final int ESCAPED = 2;
  private static final int HAS_CR = 4;

  /** Most bytes of a record kept as its raw text when it is quarantined for its size. */
  static final int MAX_RAW_BYTES = 4096;

  /** How far a record may run, and whether bytes that are not UTF-8 fail the file or the record. */
  record Limits(int maxFieldBytes, int maxRecordLines, boolean quarantineBadBytes) implements java.io.Serializable {
    static final Limits DEFAULT = new Limits(1 << 20, 1000, true);

    static Limits of(SourceSpec.ReaderOptions options) {
      return new Limits(options.maxFieldChars, options.maxRecordLines,
          !"fail".equals(options.onInvalidBytes));
    }
  }

  private final byte delimiter;
  private final byte quote;
  private final Limits limits;
  /** Why the current record is quarantined ({@code reason: message}), or null. */
  private String error;
  private UTF8String rawOverride;
  private long badOffset;
  private long badLine;
  private int badByte;

  private int count;
  private int[] from = new int[64];
  private int[] to = new int[64];
  private int[] flags = new int[64];
  private byte[] record;
  private int recordLength;
  private boolean recordHasCr;
  private long recordLine;

  /** Text this parser does not read the way univocity does; the reader hands the file over. */
  static final class Irregular extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Irregular(String what, long line) {
      super(what + " on line " + line, null, false, false);
    }
  }

  Utf8CsvRecords(InputStream in, long firstLine, boolean atFileStart, char delimiter, char quote)
      throws IOException {
    this(in, firstLine, atFileStart, delimiter, quote, WINDOW, Limits.DEFAULT, 0);
  }

  Utf8CsvRecords(InputStream in, long firstLine, boolean atFileStart, char delimiter, char quote, int window)
      throws IOException {
    this(in, firstLine, atFileStart, delimiter, quote, window, Limits.DEFAULT, 0);
  }

  Utf8CsvRecords(InputStream in, long firstLine, boolean atFileStart, char delimiter, char quote, int window,
      Limits limits, long firstByte) throws IOException {
    super(in, firstLine, atFileStart, window, firstByte);
    this.delimiter = (byte) delimiter;
    this.quote = (byte) quote;
    this.limits = limits;
  }

  /** Whether this parser can read such a file: UTF-8, one-byte delimiter and quote, the quote as escape. */
  static boolean handles(SourceSpec.ReaderOptions options) {
    return TextDecoding.isUtf8(options.encoding)
        && options.delimiter > 0 && options.delimiter < 128 && options.quote > 0 && options.quote < 128
        && options.escape == options.quote && options.delimiter != options.quote
        && options.delimiter != '\n' && options.delimiter != '\r';
  }

  /** Skips {@code n} physical lines, quotes or not (junk before a header). */
  void skipLines(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      int r = 0;
      while (has(r) && at(r) != LF && at(r) != CR) {
        r++;
      }
      if (!has(r)) {
        consume(r);
        return;
      }
      r += at(r) == CR && has(r + 1) && at(r + 1) == LF ? 2 : 1;
      line++;
      consume(r);
    }
  }

  /** Reads the next record, empty lines skipped; false at the end of the input. */
  boolean next() throws IOException {
    while (true) {
      if (!has(0)) {
        return false;
      }
      byte b = at(0);
      if (b == LF) {
        consume(1);
        line++;
      } else if (b == CR) {
        consume(has(1) && at(1) == LF ? 2 : 1);
        line++;
      } else {
        break;
      }
    }
    recordLine = line;
    recordHasCr = false;
    count = 0;
    error = null;
    rawOverride = null;
    badOffset = -1;
    int r = 0;
    while (true) {
      int fieldFlags = 0;
      int fieldFrom = r;
      if (has(r) && at(r) == quote) {
        fieldFlags = QUOTED;
        fieldFrom = ++r;
        while (true) {
          r = scan(r, quote, quote);
          if (r - fieldFrom > limits.maxFieldBytes()) {
            return runaway(String.format("a quoted field longer than %,d bytes (max_field_chars)",
                limits.maxFieldBytes()));
          }
          if (!has(r)) {
            return runaway("a quote that is never closed");
          }
          byte b = at(r);
          if (b == quote) {
            if (has(r + 1) && at(r + 1) == quote) {
              fieldFlags |= ESCAPED;
              r += 2;
              continue;
            }
            break;
          }
          boolean newLine = false;
          if (b == LF) {
            newLine = true;
          } else if (b == CR) {
            fieldFlags |= HAS_CR;
            newLine = !(has(r + 1) && at(r + 1) == LF);
          } else if (b < 0) {
            r += utf8(r) - 1;
          }
          if (newLine && ++line - recordLine >= limits.maxRecordLines()) {
            return runaway(String.format("a quoted field over more than %,d lines (max_record_lines)",
                limits.maxRecordLines()));
          }
          r++;
        }
        addField(fieldFrom, r, fieldFlags);
        r++;
        if (has(r) && at(r) != delimiter && at(r) != LF && at(r) != CR) {
          if (line > recordLine) {
            // A quote that paired with another record's opening quote: the first was never closed.
            return runaway("a quote that is never closed (it pairs with a quote on line " + line + ")");
          }
          throw new Irregular("text after a closing quote", line);
        }
      } else {
        while (true) {
          r = scan(r, delimiter, quote);
          if (r - fieldFrom > limits.maxFieldBytes()) {
            return oversizeLine();
          }
          if (!has(r)) {
            break;
          }
          byte b = at(r);
          if (b == delimiter || b == LF || b == CR) {
            break;
          }
          if (b == quote) {
            throw new Irregular("a quote inside a field without quotes", line);
          }
          if (b < 0) {
            r += utf8(r) - 1;
          }
          r++;
        }
        addField(fieldFrom, r, 0);
      }
      if (!has(r)) {
        keep(r);
        consume(r);
        return finish();
      }
      byte b = at(r);
      if (b == delimiter) {
        r++;
        continue;
      }
      keep(r);
      r += b == CR && has(r + 1) && at(r + 1) == LF ? 2 : 1;
      line++;
      consume(r);
      return finish();
    }
  }

  /** The length of the UTF-8 character at {@code r}; a byte that begins none is noted, or fails the file. */
  private int utf8(int r) throws IOException {
    int n = utf8LengthOrInvalid(r);
    if (n > 0) {
      return n;
    }
    if (!limits.quarantineBadBytes()) {
      throw new InvalidUtf8(line);
    }
    if (badOffset < 0) {
      badOffset = fileOffset(r);
      badLine = line;
      badByte = at(r) & 0xFF;
    }
    return 1;
  }

  private boolean finish() {
    if (badOffset >= 0) {
      error = String.format("bad_encoding: byte 0x%02X on line %d (file offset %,d) is not UTF-8", badByte,
          badLine, badOffset);
      rawOverride = lenientText(raw().getBytes(), 0, raw().numBytes(), Integer.MAX_VALUE);
    }
    return true;
  }

  /**
   * A record that runs away (a quote never closed, too long, over too many lines): its first line
   * is the quarantined record, and reading resumes on the line after it.
   */
  private boolean runaway(String why) throws IOException {
    line = recordLine;
    count = 0;
    rawOverride = skipLine();
    error = String.format("malformed_record: %s; the record's first line (%d) is set aside and reading goes "
        + "on from the next", why, recordLine);
    return true;
  }

  /** An unquoted field longer than the limit: its whole line is the quarantined record. */
  private boolean oversizeLine() throws IOException {
    line = recordLine;
    count = 0;
    rawOverride = skipLine();
    error = String.format("malformed_record: a field longer than %,d bytes (max_field_chars)",
        limits.maxFieldBytes());
    return true;
  }

  /**
   * Consumes the physical line the current record starts with, line end included, reading on past
   * what is buffered without keeping it; returns its first {@link #MAX_RAW_BYTES} as text.
   */
  private UTF8String skipLine() throws IOException {
    java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
    long total = 0;
    while (true) {
      int r = 0;
      while (r < (1 << 16) && has(r) && at(r) != LF && at(r) != CR) {
        r++;
      }
      int keep = (int) Math.max(0, Math.min(r, MAX_RAW_BYTES - total));
      kept.write(buf, start, keep);
      total += r;
      if (has(r) && (at(r) == LF || at(r) == CR)) {
        r += at(r) == CR && has(r + 1) && at(r + 1) == LF ? 2 : 1;
        consume(r);
        line++;
        break;
      }
      consume(r);
      if (!has(0)) {
        break;
      }
    }
    byte[] bytes = kept.toByteArray();
    UTF8String text = lenientText(bytes, 0, bytes.length, MAX_RAW_BYTES);
    return total > MAX_RAW_BYTES
        ? UTF8String.fromString(text + String.format("... (%,d bytes in all)", total)) : text;
  }

  /** Why the current record is quarantined, as {@code reason: message}; null for a good one. */
  String error() {
    return error;
  }

  private void addField(int fieldFrom, int fieldTo, int fieldFlags) {
    if (count == MAX_FIELDS) {
      throw new Irregular("more than " + MAX_FIELDS + " fields", recordLine);
    }
    if (count == from.length) {
      from = Arrays.copyOf(from, count * 2);
      to = Arrays.copyOf(to, count * 2);
      flags = Arrays.copyOf(flags, count * 2);
    }
    from[count] = fieldFrom;
    to[count] = fieldTo;
    flags[count] = fieldFlags;
    recordHasCr |= (fieldFlags & HAS_CR) != 0;
    count++;
  }

  /** Copies the record's bytes (its line end left out), which its fields and raw text point into. */
  private void keep(int length) {
    record = Arrays.copyOfRange(buf, start, start + length);
    recordLength = length;
  }

  /** The line the current record starts on. */
  long recordLine() {
    return recordLine;
  }

  int fieldCount() {
    return count;
  }

  /** Field {@code i}: null when empty without quotes; quotes undone, line ends as LF. */
  UTF8String field(int i) {
    int f = flags[i];
    if (f == 0) {
      return from[i] == to[i] ? null : UTF8String.fromBytes(record, from[i], to[i] - from[i]);
    }
    if ((f & ESCAPED) == 0 && (f & HAS_CR) == 0) {
      return UTF8String.fromBytes(record, from[i], to[i] - from[i]);
    }
    byte[] out = new byte[to[i] - from[i]];
    int w = 0;
    for (int k = from[i]; k < to[i]; k++) {
      byte b = record[k];
      if (b == quote) {
        k++;
      } else if (b == CR) {
        b = LF;
        if (k + 1 < to[i] && record[k + 1] == LF) {
          k++;
        }
      }
      out[w++] = b;
    }
    return UTF8String.fromBytes(out, 0, w);
  }

  /** The record as it stands in the file, line ends as LF, without its own line end. */
  UTF8String raw() {
    if (rawOverride != null) {
      return rawOverride;
    }
    return recordHasCr ? normalized(record, 0, recordLength) : UTF8String.fromBytes(record, 0, recordLength);
  }

  /** The record's fields as Java strings (for header rows). */
  String[] fields() {
    String[] out = new String[count];
    for (int i = 0; i < count; i++) {
      UTF8String v = field(i);
      out[i] = v == null ? null : v.toString();
    }
    return out;
  }
}
