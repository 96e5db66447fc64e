package io.grapevine.ingest;

import io.grapevine.core.AccountSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/**
 * {@code attributes: auto} on an accounts source: the export's columns that no mapping uses become the
 * churn model's attributes, typed from the export's first rows. A column whose every value there is a
 * number is numeric; one with a few values that repeat (at most {@link #MAX_CATEGORIES}) is
 * categorical. Left out, each with its reason: columns whose names say identifier or personal data
 * (id, name, e-mail, address, postcode, coordinates, row number) or the outcome (a churn score or
 * reason, which would leak it), a different whole number on every row
 * (an identifier by its values), dates, a single value, and free text. The choice is recorded in the
 * ingest manifest; a column left out can still be named in {@code attributes: {numeric, categorical}}.
 */
final class AutoAttributes {
  /** Rows read from the export's start to decide. */
  static final int SAMPLE_ROWS = 2000;
  /** A categorical attribute has at most this many values (in the rows read). */
  static final int MAX_CATEGORIES = 30;
  /** Words of a column's name (snake_case) that say it identifies an account or a person. */
  static final Set<String> IDENTIFYING = Set.of("id", "ids", "uuid", "guid", "key", "name", "names",
      "surname", "firstname", "lastname", "email", "mail", "zip", "postal", "postcode", "address", "street",
      "latitude", "longitude", "lat", "lon", "lng", "row", "index", "ip", "ssn", "iban");
  /** Words of a column's name that say it records the outcome (a churn flag, score or reason). */
  private static final Set<String> OUTCOME = Set.of("churn", "churned", "churner", "exited", "attrition",
      "cancelled", "canceled", "cancellation", "retained");
  private static final String NUMERIC = "numeric";
  private static final Pattern DATE = Pattern.compile("\\d{1,4}[-/.]\\d{1,2}[-/.]\\d{1,4}([ T].*)?");

  private AutoAttributes() {}

  /**
   * Sets {@code spec}'s numeric and categorical attributes from {@code sample} (rows of the export with
   * {@code columns}), and {@link SourceSpec#attributeChoices}: each column's role or why it was left out.
   */
  static void choose(SourceSpec spec, List<String> columns, List<Row> sample) {
    spec.numericAttributes.clear();
    spec.categoricalAttributes.clear();
    spec.attributeChoices.clear();
    Set<String> outputs = new HashSet<>();
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i);
      String target = usedBy(spec, column);
      // Who the account is and its outcome are never attributes; what it pays is a fair one.
      if (target != null && !target.equals("value")) {
        spec.attributeChoices.put(column, "mapped to " + target);
        continue;
      }
      String attribute = AccountSchema.attributeColumn(column);
      String why = leftOut(attribute, values(sample, i));
      if (why == null && (AccountSchema.isFixed(attribute) || !outputs.add(attribute))) {
        why = "its column name '" + attribute + "' is taken";
      }
      if (why == null || why.equals(NUMERIC)) {
        (why == null ? spec.categoricalAttributes : spec.numericAttributes).add(column);
        spec.attributeChoices.put(column, why == null ? "categorical" : "numeric");
      } else {
        spec.attributeChoices.put(column, "left out: " + why);
      }
    }
  }

  /** Null for a categorical attribute, {@link #NUMERIC} for a numeric one, else why it is left out. */
  static String leftOut(String attribute, List<String> values) {
    for (String word : attribute.split("_")) {
      if (IDENTIFYING.contains(word)) {
        return "its name says identifier or personal data";
      }
      if (OUTCOME.contains(word)) {
        return "its name says it records the outcome (known only once an account has left)";
      }
    }
    if (values.isEmpty()) {
      return "no values in the first " + SAMPLE_ROWS + " rows";
    }
    Set<String> distinct = new LinkedHashSet<>(values);
    if (distinct.size() == 1) {
      return "one value only";
    }
    boolean numbers = true;
    boolean whole = true;
    for (String v : distinct) {
      Double d = number(v);
      if (d == null) {
        numbers = false;
        break;
      }
      whole &= d == Math.rint(d);
    }
    if (numbers) {
      return whole && distinct.size() == values.size() && values.size() >= 20
          ? "a different whole number on every row (an identifier)" : NUMERIC;
    }
    if (distinct.stream().allMatch(v -> DATE.matcher(v).matches())) {
      return "dates";
    }
    if (distinct.size() <= MAX_CATEGORIES && distinct.size() * 2 <= values.size()) {
      return null;
    }
    return "free text or an identifier (" + distinct.size() + " values in " + values.size() + " rows)";
  }

  private static Double number(String v) {
    if (!v.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
      return null;
    }
    return Double.parseDouble(v);
  }

  /** The non-blank values of column {@code i}, trimmed. */
  private static List<String> values(List<Row> sample, int i) {
    List<String> values = new ArrayList<>();
    for (Row r : sample) {
      Object v = r.get(i);
      if (v != null && !v.toString().isBlank()) {
        values.add(v.toString().trim());
      }
    }
    return values;
  }

  /** The target whose mapping uses {@code column} (by name, or inside an expression); null when none. */
  private static String usedBy(SourceSpec spec, String column) {
    Pattern uses = Pattern.compile("(?<![A-Za-z0-9_])`?" + Pattern.quote(column) + "`?(?![A-Za-z0-9_])",
        Pattern.CASE_INSENSITIVE);
    for (Map.Entry<String, String> m : spec.mapping.entrySet()) {
      if (spec.constants.contains(m.getKey())) {
        continue;
      }
      if (uses.matcher(m.getValue()).find()) {
        return m.getKey();
      }
    }
    return null;
  }
}
