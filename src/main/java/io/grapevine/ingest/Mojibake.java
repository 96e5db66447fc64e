package io.grapevine.ingest;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.apache.spark.sql.api.java.UDF1;

/**
 * Undoes mojibake: UTF-8 text that was read as Windows-1252 or Latin-1 somewhere upstream ("Ã©"
 * for "é", "â€™" for "’", "ÐŸÑ€Ð¸Ð²ÐµÑ‚" for "Привет"), once or twice over. A text is turned back
 * into the bytes it was read from and decoded as UTF-8; the result is kept only when those bytes
 * are valid UTF-8 and it holds fewer tell-tale sequences than before, so correct text (a French
 * "Âge", Cyrillic, emoji) stays as it is.
 */
final class Mojibake {
  private static final Charset CP1252 = Charset.forName("windows-1252");
  /** A UTF-8 lead byte read as a Latin letter, then a continuation byte read as a symbol or letter. */
  private static final Pattern TELL = Pattern.compile("[ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîï]"
      + "[\\u0080-\\u00BF\\u0152\\u0153\\u0160\\u0161\\u0178\\u017D\\u017E\\u0192\\u02C6\\u02DC\\u2013\\u2014"
      + "\\u2018-\\u201E\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203A\\u20AC\\u2122]");

  private Mojibake() {}

  /** The repaired text, or the text itself when it holds no mojibake. */
  static String repair(String text) {
    if (text == null) {
      return null;
    }
    String current = text;
    for (int round = 0; round < 2; round++) {
      int tells = tells(current);
      if (tells == 0) {
        break;
      }
      String undone = undo(current);
      if (undone == null || tells(undone) >= tells) {
        break;
      }
      current = undone;
    }
    return current;
  }

  private static int tells(String s) {
    int n = 0;
    var m = TELL.matcher(s);
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The text's characters as the Windows-1252 (else Latin-1) bytes they were read from, as UTF-8; null if not. */
  private static String undo(String s) {
    CharsetEncoder cp1252 = CP1252.newEncoder();
    ByteBuffer bytes = ByteBuffer.allocate(s.length() * 2);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes.put((byte) c);
      } else if (cp1252.canEncode(c)) {
        try {
          bytes.put(cp1252.encode(CharBuffer.wrap(new char[] {c})));
        } catch (CharacterCodingException e) {
          return null;
        }
      } else if (c <= 0xFF) {
        bytes.put((byte) c);
      } else {
        return null;
      }
    }
    bytes.flip();
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  static final class Repair implements UDF1<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(String text) {
      return repair(text);
    }
  }
}
