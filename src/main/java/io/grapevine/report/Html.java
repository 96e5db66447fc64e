package io.grapevine.report;

/** Escaping for text placed in HTML: every value from the data goes through here. */
final class Html {
  private Html() {}

  static String escape(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String pct(Double rate) {
    return rate == null ? "–" : String.format("%.1f%%", rate * 100);
  }

  static String num(Double v, int decimals) {
    return v == null ? "–" : String.format("%,." + decimals + "f", v);
  }
}
