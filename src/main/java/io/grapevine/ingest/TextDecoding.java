package io.grapevine.ingest;

import java.io.BufferedInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Opens an export's bytes as text: declared encoding, a UTF-8 byte-order mark dropped, invalid
 * bytes reported (never silently replaced), and CRLF or bare CR line ends turned into LF so that
 * line numbers mean the same whatever system wrote the file.
 */
public final class TextDecoding {
  private TextDecoding() {}

  /** Whether a declared encoding is UTF-8, under any of its names. */
  public static boolean isUtf8(String encoding) {
    return Charset.forName(encoding).equals(StandardCharsets.UTF_8);
  }

  public static Reader open(InputStream raw, String encoding) throws IOException {
    return open(raw, encoding, false);
  }

  /**
   * With {@code replace}, bytes that are not text in the encoding become U+FFFD (which the caller
   * then finds in the record they belong to) instead of failing the read.
   */
  public static Reader open(InputStream raw, String encoding, boolean replace) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
    Charset charset = Charset.forName(encoding);
    if (charset.equals(StandardCharsets.UTF_8)) {
      in.mark(3);
      byte[] bom = in.readNBytes(3);
      if (!(bom.length == 3 && (bom[0] & 0xFF) == 0xEF && (bom[1] & 0xFF) == 0xBB
          && (bom[2] & 0xFF) == 0xBF)) {
        in.reset();
      }
    }
    CodingErrorAction action = replace ? CodingErrorAction.REPLACE : CodingErrorAction.REPORT;
    CharsetDecoder decoder = charset.newDecoder().onMalformedInput(action).onUnmappableCharacter(action);
    return new LineEndNormalizer(new InputStreamReader(in, decoder));
  }

  /** Turns CRLF and lone CR into LF. */
  public static final class LineEndNormalizer extends FilterReader {
    private boolean lastWasCr;

    LineEndNormalizer(Reader in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      char[] one = new char[1];
      int n = read(one, 0, 1);
      return n <= 0 ? -1 : one[0];
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      while (true) {
        int n = in.read(buf, off, len);
        if (n <= 0) {
          return n;
        }
        int w = off;
        for (int r = off; r < off + n; r++) {
          char c = buf[r];
          if (c == '\n' && lastWasCr) {
            lastWasCr = false;
            continue;
          }
          lastWasCr = c == '\r';
          buf[w++] = lastWasCr ? '\n' : c;
        }
        if (w > off) {
          return w - off;
        }
      }
    }
  }
}
