package io.grapevine.core;

import java.util.regex.Pattern;

/**
 * CSV cells a spreadsheet will not run as formulas (CSV injection): a text that begins with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return gets a leading apostrophe,
 * which spreadsheets show as text. Plain numbers ({@code -12.5}, {@code +3e4}) stay as they are.
 */
public final class SafeCsv {
  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  private SafeCsv() {}

  public static Object cell(Object value) {
    if (!(value instanceof String s) || s.isEmpty()) {
      return value;
    }
    char c = s.charAt(0);
    boolean risky = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    return risky && !NUMBER.matcher(s).matches() ? "'" + s : s;
  }
}
