package io.grapevine.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * RFC 4180 records read straight from UTF-8 bytes: fields quoted with the quote character and a
 * doubled quote inside them, empty lines skipped, an empty field without quotes null and a quoted
 * one empty, line ends inside quoted fields turned into LF. The fast path of {@link
 * CsvExportReader}; anything else in the file (a quote inside a field without quotes, text after a
 * closing quote, a quote never closed, more than {@link #MAX_FIELDS} fields) stops it with {@link
 * Irregular}, and the reader goes on with univocity, which reads such files as before.
 */
final class Utf8CsvRecords extends Utf8Input {
  /** The most fields a record may have, for both CSV parsers. */
  static final int MAX_FIELDS = 4096;
  private static final int QUOTED = 1;
  private static final int ESCAPED = 2;
  private static final int HAS_CR = 4;

  private final byte delimiter;
  private final byte quote;

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
    this(in, firstLine, atFileStart, delimiter, quote, WINDOW);
  }

  Utf8CsvRecords(InputStream in, long firstLine, boolean atFileStart, char delimiter, char quote, int window)
      throws IOException {
    super(in, firstLine, atFileStart, window);
    this.delimiter = (byte) delimiter;
    this.quote = (byte) quote;
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
    int r = 0;
    while (true) {
      int fieldFlags = 0;
      int fieldFrom = r;
      if (has(r) && at(r) == quote) {
        fieldFlags = QUOTED;
        fieldFrom = ++r;
        while (true) {
          r = scan(r, quote, quote);
          if (!has(r)) {
            throw new Irregular("a quote that is never closed", recordLine);
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
          if (b == LF) {
            line++;
          } else if (b == CR) {
            fieldFlags |= HAS_CR;
            if (!(has(r + 1) && at(r + 1) == LF)) {
              line++;
            }
          } else if (b < 0) {
            r += utf8Length(r) - 1;
          }
          r++;
        }
        addField(fieldFrom, r, fieldFlags);
        r++;
        if (has(r) && at(r) != delimiter && at(r) != LF && at(r) != CR) {
          throw new Irregular("text after a closing quote", line);
        }
      } else {
        while (has(r = scan(r, delimiter, quote))) {
          byte b = at(r);
          if (b == delimiter || b == LF || b == CR) {
            break;
          }
          if (b == quote) {
            throw new Irregular("a quote inside a field without quotes", line);
          }
          if (b < 0) {
            r += utf8Length(r) - 1;
          }
          r++;
        }
        addField(fieldFrom, r, 0);
      }
      if (!has(r)) {
        keep(r);
        consume(r);
        return true;
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
      return true;
    }
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
