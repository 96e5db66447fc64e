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

  private AccountSchema() {}

  /** Columns that are not attributes (lineage and partition included). */
  public static boolean isFixed(String column) {
    return switch (column) {
      case ACCOUNT_ID, CUSTOMER_KEY, SIGNUP_TS, CHURN_TS,
          FeedbackSchema.SOURCE, FeedbackSchema.INGEST_FILE, FeedbackSchema.INGEST_ROW,
          FeedbackSchema.RUN_ID, FeedbackSchema.REPORT_MONTH -> true;
      default -> false;
    };
  }
}
