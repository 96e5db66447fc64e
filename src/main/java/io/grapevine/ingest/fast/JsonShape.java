package io.grapevine.ingest.fast;

import io.grapevine.ingest.Swar;

/**
 * The shape of a JSON object read from its UTF-8 bytes: field names in order, nesting, and for
 * each value what Spark's schema inference looks at (the kind of value, whether a string is
 * empty, whether a whole number fits a long, and if not, its digits). Only strict RFC 8259 JSON
 * within modest limits has a shape: anything else (single quotes, NaN, comments, escapes in field
 * names, a text that is not an object, deep nesting, long numbers) has none, and is left to Spark.
 * Strict JSON is a part of what Spark's parser accepts, so a line with a shape is one Spark reads.
 */
final class JsonShape {
  private static final int MAX_DEPTH = 100;
  private static final int MAX_NUMBER = 500;
  private static final int MAX_NAME = 10_000;
  private static final int MAX_STRING = 1_000_000;
  private static final long QUOTES = Swar.broadcast((byte) '"');
  private static final long BACKSLASHES = Swar.broadcast((byte) '\\');

  private final StringBuilder key = new StringBuilder();
  private byte[] b;
  private int end;

  /** The shape of the object bytes {@code [from, to)} start with (what follows it is not read), or null. */
  String of(byte[] bytes, int from, int to) {
    b = bytes;
    end = to;
    key.setLength(0);
    int i = ws(from);
    if (i >= end || b[i] != '{') {
      return null;
    }
    return value(i, 0) < 0 ? null : key.toString();
  }

  private int ws(int i) {
    while (i < end && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
      i++;
    }
    return i;
  }

  /** Reads the value at {@code i} into the key; the offset after it, or -1. */
  private int value(int i, int depth) {
    if (i >= end || depth > MAX_DEPTH) {
      return -1;
    }
    return switch (b[i]) {
      case '{' -> object(i, depth);
      case '[' -> array(i, depth);
      case '"' -> {
        int after = string(i, MAX_STRING);
        key.append(after == i + 2 ? 'e' : 's');
        yield after;
      }
      case 't' -> literal(i, "true", 'b');
      case 'f' -> literal(i, "false", 'b');
      case 'n' -> literal(i, "null", 'n');
      default -> number(i);
    };
  }

  private int object(int i, int depth) {
    key.append('{');
    i = ws(i + 1);
    if (i < end && b[i] == '}') {
      key.append('}');
      return i + 1;
    }
    while (true) {
      if (i >= end || b[i] != '"') {
        return -1;
      }
      int after = string(i, MAX_NAME);
      if (after < 0) {
        return -1;
      }
      for (int k = i + 1; k < after - 1; k++) {
        if (b[k] == '\\') {
          return -1;
        }
      }
      key.append(after - i - 2).append(':');
      for (int k = i + 1; k < after - 1; k++) {
        key.append((char) (b[k] & 0xFF));
      }
      i = ws(after);
      if (i >= end || b[i] != ':') {
        return -1;
      }
      i = value(ws(i + 1), depth + 1);
      if (i < 0) {
        return -1;
      }
      i = ws(i);
      if (i < end && b[i] == ',') {
        i = ws(i + 1);
      } else if (i < end && b[i] == '}') {
        key.append('}');
        return i + 1;
      } else {
        return -1;
      }
    }
  }

  private int array(int i, int depth) {
    key.append('[');
    i = ws(i + 1);
    if (i < end && b[i] == ']') {
      key.append(']');
      return i + 1;
    }
    while (true) {
      i = value(i, depth + 1);
      if (i < 0) {
        return -1;
      }
      i = ws(i);
      if (i < end && b[i] == ',') {
        i = ws(i + 1);
      } else if (i < end && b[i] == ']') {
        key.append(']');
        return i + 1;
      } else {
        return -1;
      }
    }
  }

  /** The offset after the string opening at {@code i}, or -1; escapes as RFC 8259 has them. */
  private int string(int i, int max) {
    int limit = (int) Math.min(end, (long) i + 2 + max);
    for (int k = i + 1; k < limit; k++) {
      while (k + 8 <= limit) {
        long w = Swar.word(b, k);
        long marks = Swar.equal(w, QUOTES) | Swar.equal(w, BACKSLASHES) | Swar.below(w, 0x20);
        if (marks != 0) {
          k += Swar.first(marks);
          break;
        }
        k += 8;
      }
      if (k >= limit) {
        return -1;
      }
      byte c = b[k];
      if (c == '"') {
        return k + 1;
      }
      if (c >= 0 && c < 0x20) {
        return -1;
      }
      if (c == '\\') {
        if (k + 1 >= limit) {
          return -1;
        }
        byte e = b[k + 1];
        if (e == 'u') {
          if (k + 5 >= limit) {
            return -1;
          }
          for (int h = k + 2; h <= k + 5; h++) {
            if (Character.digit(b[h], 16) < 0) {
              return -1;
            }
          }
          k += 5;
        } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
          k++;
        } else {
          return -1;
        }
      }
    }
    return -1;
  }

  private int literal(int i, String word, char code) {
    if (i + word.length() > end) {
      return -1;
    }
    for (int k = 0; k < word.length(); k++) {
      if (b[i + k] != word.charAt(k)) {
        return -1;
      }
    }
    int after = i + word.length();
    if (!endsToken(after)) {
      return -1;
    }
    key.append(code);
    return after;
  }

  private boolean endsToken(int i) {
    if (i >= end) {
      return true;
    }
    byte c = b[i];
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** An RFC 8259 number: a long, a whole number past a long (with its digits), or one with a fraction. */
  private int number(int i) {
    int k = i;
    if (k < end && b[k] == '-') {
      k++;
    }
    int intStart = k;
    if (k < end && b[k] == '0') {
      k++;
    } else {
      while (k < end && b[k] >= '0' && b[k] <= '9') {
        k++;
      }
    }
    int digits = k - intStart;
    if (digits == 0) {
      return -1;
    }
    boolean fraction = false;
    if (k < end && b[k] == '.') {
      fraction = true;
      int f = ++k;
      while (k < end && b[k] >= '0' && b[k] <= '9') {
        k++;
      }
      if (k == f) {
        return -1;
      }
    }
    if (k < end && (b[k] == 'e' || b[k] == 'E')) {
      fraction = true;
      k++;
      if (k < end && (b[k] == '+' || b[k] == '-')) {
        k++;
      }
      int x = k;
      while (k < end && b[k] >= '0' && b[k] <= '9') {
        k++;
      }
      if (k == x) {
        return -1;
      }
    }
    if (k - i > MAX_NUMBER || !endsToken(k)) {
      return -1;
    }
    if (fraction) {
      key.append('f');
    } else if (digits <= 18 || fitsLong(i, k)) {
      key.append('i');
    } else {
      key.append('D').append(new String(b, i, k - i, java.nio.charset.StandardCharsets.US_ASCII)).append(';');
    }
    return k;
  }

  private boolean fitsLong(int from, int to) {
    try {
      Long.parseLong(new String(b, from, to - from, java.nio.charset.StandardCharsets.US_ASCII));
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
