package io.grapevine.core;

/** The tables Grapevine writes under an output location, each partitioned by {@code report_month}. */
public enum Table {
  FEEDBACK("feedback"),
  QUARANTINE("quarantine"),
  ACCOUNTS("accounts"),
  FEEDBACK_ENRICHED("feedback_enriched"),
  THEMES("themes"),
  CHANNEL_MONTHLY("channel_monthly"),
  SOURCE_MONTHLY("source_monthly"),
  SUBJECT_MONTHLY("subject_monthly"),
  THEME_MONTHLY("theme_monthly"),
  DRIVER_MONTHLY("driver_monthly"),
  AMPLIFICATION_MONTHLY("amplification_monthly"),
  ALERTS("alerts"),
  LAST_TOUCH_MONTHLY("last_touch_monthly"),
  RESPONSE_QUALITY_MONTHLY("response_quality_monthly"),
  MODEL_METRICS("model_metrics"),
  SURVIVAL("survival"),
  ACCOUNT_RISK("account_risk");

  private final String dirName;

  Table(String dirName) {
    this.dirName = dirName;
  }

  public String dirName() {
    return dirName;
  }
}
