package io.grapevine.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finding bytes eight at a time in a {@code long} ("SIMD within a register"): the byte scans of
 * the readers look for a few byte values among mostly plain text. Each test sets the high bit of
 * the matching bytes; the lowest set bit always marks the first match (only bytes after a match
 * can be marked wrongly), and words are read little-endian, so the lowest byte comes first.
 */
public final class Swar {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  public static final long ONES = 0x0101010101010101L;
  public static final long HIGHS = 0x8080808080808080L;

  private Swar() {}

  /** Bytes {@code [i, i + 8)} as a word. */
  public static long word(byte[] bytes, int i) {
    return (long) LONGS.get(bytes, i);
  }

  /** {@code c} in every byte of a word, to compare against with {@link #equal}. */
  public static long broadcast(byte c) {
    return (c & 0xFFL) * ONES;
  }

  /** Marks the bytes of {@code word} equal to those of {@code pattern}. */
  public static long equal(long word, long pattern) {
    long x = word ^ pattern;
    return (x - ONES) & ~x & HIGHS;
  }

  /** Marks the bytes of {@code word} below {@code n} (at most 128), unsigned. */
  public static long below(long word, int n) {
    return (word - ONES * n) & ~word & HIGHS;
  }

  /** Marks the bytes with their high bit set (not ASCII). */
  public static long high(long word) {
    return word & HIGHS;
  }

  /** The index of the first byte in {@code [from, to)} equal to {@code a}, {@code b}, {@code c} or {@code d}; {@code to} if none. */
  public static int find(byte[] bytes, int from, int to, byte a, byte b, byte c, byte d) {
    long as = broadcast(a);
    long bs = broadcast(b);
    long cs = broadcast(c);
    long ds = broadcast(d);
    int i = from;
    while (i + 8 <= to) {
      long w = word(bytes, i);
      long marks = equal(w, as) | equal(w, bs) | equal(w, cs) | equal(w, ds);
      if (marks != 0) {
        return i + first(marks);
      }
      i += 8;
    }
    while (i < to && bytes[i] != a && bytes[i] != b && bytes[i] != c && bytes[i] != d) {
      i++;
    }
    return i;
  }

  /** The index within the word of the first marked byte; {@code marks} is not 0. */
  public static int first(long marks) {
    return Long.numberOfTrailingZeros(marks) >>> 3;
  }
}
