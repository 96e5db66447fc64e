package io.grapevine.ingest;

import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * Texts as a reader sees them: exports from shops and helpdesks keep the HTML their editors wrote
 * ({@code <p>Nice product, but shipping took <strong>three weeks</strong>.</p>}, Amazon's
 * {@code <br />}). Markup left in would reach the themes and the sentiment models as words ("br",
 * "strong"). For sources whose catalog says so ({@code options.strip_html}; {@code generic_reviews} and
 * {@code amazon_reviews} do): elsewhere markup is what the customer typed (a post quoting
 * {@code <script>}), kept and shown as text. A text is taken for HTML only when it holds a common tag, so
 * "I <3 it" and "a < b" stay as written; jsoup reads it, its entities decoded, line breaks and
 * paragraphs as new lines. Entities in a text without tags (X/Twitter's {@code &amp;}) are left as the
 * export has them: decoding the 4% of the airline tweets that hold one moved the themes k-means learns
 * from them (SharedDatasetsThemesTest).
 */
final class HtmlText {
  /** A tag editors write. */
  private static final Pattern MARKUP = Pattern.compile("</?(?:p|br|div|span|strong|b|i|em|u|a|ul|ol|li|h[1-6]|"
      + "blockquote|img|font|table|tr|td|hr|pre|code|sup|sub|small)\\b[^<>]{0,500}>", Pattern.CASE_INSENSITIVE);
  private static final Pattern BLOCK_END = Pattern.compile("</p\\s*>|</div\\s*>|</li\\s*>",
      Pattern.CASE_INSENSITIVE);

  /** Spaces around a line break, and more than one blank line. */
  private static final Pattern LINE_SPACE = Pattern.compile("[ \\t\\x0B\\f\\r]*\n[ \\t\\x0B\\f\\r]*");
  private static final Pattern BLANK_LINES = Pattern.compile("\n{3,}");

  private HtmlText() {}

  /** {@link #plain} as a Spark function. */
  static final class Plain implements org.apache.spark.sql.api.java.UDF1<String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String call(String text) {
      return plain(text);
    }
  }

  /** {@code text} without its markup and with its entities decoded; as it is when it holds none. */
  static String plain(String text) {
    if (text == null || text.indexOf('<') < 0 || !MARKUP.matcher(text).find()) {
      return text;
    }
    // A block's end is a new line (jsoup's wholeText makes one of a <br> and decodes entities).
    String marked = BLOCK_END.matcher(text).replaceAll("$0\n");
    String plain = Jsoup.parseBodyFragment(marked).body().wholeText();
    return BLANK_LINES.matcher(LINE_SPACE.matcher(plain).replaceAll("\n")).replaceAll("\n\n").strip();
  }
}
