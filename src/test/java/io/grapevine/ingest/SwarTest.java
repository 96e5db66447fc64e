package io.grapevine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The word tests find the first matching byte of a word, as a byte-by-byte loop does. */
class SwarTest {
  @Test
  void theFirstMarkedByteIsTheFirstMatch() {
    SplittableRandom r = new SplittableRandom(3);
    byte[] alphabet = {0, 1, 0x1F, 0x20, 0x21, '"', '\\', '\n', '\r', ',', 'a', 0x7F, (byte) 0x80, (byte) 0xC3,
        (byte) 0xFF};
    long quotes = Swar.broadcast((byte) '"');
    long commas = Swar.broadcast((byte) ',');
    for (int n = 0; n < 200_000; n++) {
      byte[] bytes = new byte[8];
      for (int i = 0; i < 8; i++) {
        bytes[i] = alphabet[r.nextInt(alphabet.length)];
      }
      long w = Swar.word(bytes, 0);
      assertFirst(bytes, Swar.equal(w, quotes) | Swar.equal(w, commas), b -> b == '"' || b == ',');
      assertFirst(bytes, Swar.below(w, 0x20) | Swar.equal(w, quotes), b -> (b >= 0 && b < 0x20) || b == '"');
      assertFirst(bytes, Swar.high(w) | Swar.equal(w, commas), b -> b < 0 || b == ',');
    }
  }

  private interface ByteTest {
    boolean test(byte b);
  }

  private static void assertFirst(byte[] bytes, long marks, ByteTest test) {
    int expected = -1;
    for (int i = 0; i < bytes.length && expected < 0; i++) {
      if (test.test(bytes[i])) {
        expected = i;
      }
    }
    assertThat(marks == 0 ? -1 : Swar.first(marks)).as(java.util.Arrays.toString(bytes)).isEqualTo(expected);
  }
}
