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

  /**
   * A figure as the report writes it (before escaping): {@code pct}, {@code int}, {@code dec1},
   * {@code dec2}, or {@code list} (items joined by "; ").
   */
  static String format(Object value, String format) {
    if (format.equals("list")) {
      return value instanceof java.util.List<?> items
          ? String.join("; ", items.stream().map(String::valueOf).toList()) : "–";
    }
    Double v = toDouble(value);
    return switch (format) {
      case "pct" -> pct(v);
      case "int" -> num(v, 0);
      case "dec1" -> num(v, 1);
      case "dec2" -> num(v, 2);
      // A change of a share, in signed percentage points.
      case "pts" -> v == null ? "–" : String.format(java.util.Locale.ROOT, "%+.1f pts", 100 * v);
      // A size of a share, in percentage points without a sign.
      case "size_pts" -> v == null ? "–" : String.format(java.util.Locale.ROOT, "%.1f pts", 100 * v);
      default -> throw new IllegalArgumentException("Unknown figure format " + format);
    };
  }

  static Double toDouble(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }
}
