package io.grapevine.core;

/**
 * The accounts/CRM table: one row per account as exported in a month. Besides these fixed columns it
 * carries the attribute columns the catalog declares (numbers as double, categories as string); the
 * churn stage uses every attribute column as a feature.
 */
public final class AccountSchema {
  public static final String ACCOUNT_ID = FeedbackSchema.ACCOUNT_ID;
  public static final String CUSTOMER_KEY = FeedbackSchema.CUSTOMER_KEY;
  /** When the account started. */
  public static final String SIGNUP_TS = "signup_ts";
  /** When the account left; null while it is active. */
  public static final String CHURN_TS = "churn_ts";
  /** Whether the account has left, for exports that carry a flag instead of dates (tabular mode). */
  public static final String CHURNED = "churned";
  /**
   * What the account pays per month (the catalog's {@code mapping.value} over its {@code value_period});
   * null when the export declares no value.
   */
  public static final String VALUE_PER_MONTH = "value_per_month";

  private AccountSchema() {}

  /** The column name an attribute gets: snake_case of the export's name ({@code MonthlyCharges} ->
   * {@code monthly_charges}). */
  public static String attributeColumn(String exportColumn) {
    String s = exportColumn.trim()
        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
        .replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
        .replaceAll("[^A-Za-z0-9]+", "_")
        .replaceAll("^_+|_+$", "")
        .toLowerCase(java.util.Locale.ROOT);
    return s.isEmpty() || Character.isDigit(s.charAt(0)) ? "a_" + s : s;
  }

  /** Columns that are not attributes (lineage and partition included). */
  public static boolean isFixed(String column) {
    return switch (column) {
      case ACCOUNT_ID, CUSTOMER_KEY, SIGNUP_TS, CHURN_TS, CHURNED, VALUE_PER_MONTH,
          FeedbackSchema.SOURCE, FeedbackSchema.INGEST_FILE, FeedbackSchema.INGEST_ROW,
          FeedbackSchema.RUN_ID, FeedbackSchema.REPORT_MONTH -> true;
      default -> false;
    };
  }
}
