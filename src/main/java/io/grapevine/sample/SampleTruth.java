package io.grapevine.sample;

import java.util.Map;

/**
 * The known truth behind the generated sample: the rates the generator draws from, and the defects
 * it plants. The metrics and the churn model should recover these; tests check that they do.
 */
public final class SampleTruth {
  private SampleTruth() {}

  /** Probability that a piece of feedback is negative, by channel (labelled feedback only). */
  public static final Map<String, Double> NEGATIVE_RATE = Map.of(
      "review_site", 0.25,
      "social_media", 0.45,
      "survey", 0.30,
      "support", 0.30,
      "complaint", 1.0);

  /** Review stars 1..5. */
  public static final double[] REVIEW_STARS = {0.15, 0.10, 0.12, 0.23, 0.40};
  /** Social labels negative, neutral, positive. */
  public static final double[] SOCIAL_LABELS = {0.45, 0.30, 0.25};
  /** Survey NPS groups detractor, passive, promoter. */
  public static final double[] NPS_GROUPS = {0.30, 0.30, 0.40};
  /** Support CSAT 1..5, when answered. */
  public static final double[] CSAT = {0.18, 0.12, 0.20, 0.25, 0.25};
  public static final double CSAT_ANSWERED = 0.6;

  /** Research figures (DESIGN.md): share who told anyone, and who told 10 or more people. */
  public static final double SPEAK_UP_NEGATIVE = 0.65;
  public static final double SPEAK_UP_POSITIVE = 0.25;
  public static final double TOLD_MANY_NEGATIVE = 0.48;
  public static final double TOLD_MANY_POSITIVE = 0.23;
  /** Passives (NPS 7-8), neither negative nor positive. */
  public static final double SPEAK_UP_PASSIVE = 0.40;
  public static final double TOLD_MANY_PASSIVE = 0.10;

  /** Monthly chances per active account. */
  public static final double SURVEY_PER_MONTH = 0.30;
  public static final double TICKET_PER_MONTH = 0.30;
  public static final double COMPLAINT_PER_MONTH = 0.05;
  public static final double COMPLAINT_RESOLVED = 0.7;
  /** Reviews and social posts per month, per account in the sample. */
  public static final double REVIEWS_PER_ACCOUNT_MONTH = 0.23;
  public static final double POSTS_PER_ACCOUNT_MONTH = 0.23;

  /** Churn hazard per month: base by plan, plus what the last 90 days of feedback add. */
  public static final Map<String, Double> BASE_HAZARD = Map.of(
      "basic", 0.014, "pro", 0.009, "enterprise", 0.005);
  public static final double HAZARD_PER_NEGATIVE = 0.035;
  public static final double HAZARD_PER_UNRESOLVED_COMPLAINT = 0.08;
  public static final double HAZARD_DETRACTOR = 0.04;
  public static final double MAX_HAZARD = 0.5;

  /**
   * The themes texts are about, each with words only its texts use; a text is about one of them or,
   * with the last share of each mix, about nothing in particular.
   */
  public static final java.util.List<String> THEMES = java.util.List.of("billing", "delivery", "app", "staff", "outage");
  public static final Map<String, java.util.List<String>> THEME_WORDS = Map.of(
      "billing", java.util.List.of("refund", "invoice", "charge", "billed", "billing"),
      "delivery", java.util.List.of("parcel", "courier", "package", "delivery", "tracking"),
      "app", java.util.List.of("app", "login", "crashes", "mobile", "update"),
      "staff", java.util.List.of("agent", "staff", "desk", "rude", "support"),
      "outage", java.util.List.of("network", "outage", "signal", "connection", "internet"));
  /** Theme mix of negative texts, and of the others (THEMES order, then none). */
  public static final double[] THEME_MIX_NEGATIVE = {0.30, 0.15, 0.15, 0.10, 0.10, 0.20};
  public static final double[] THEME_MIX_OTHER = {0.16, 0.16, 0.16, 0.16, 0.16, 0.20};
  /**
   * The planted key driver of negativity: billing. Against every other text of its channel, a billing
   * text's odds of being negative are (0.30/0.16) / (0.70/0.84) = 2.25 times higher (log odds ratio
   * 0.81), the same in every channel whatever its negativity; every other planted theme's is below 1.
   */
  public static final String DRIVER = "billing";
  public static final double DRIVER_LOG_ODDS_RATIO = Math.log((0.30 / 0.16) / (0.70 / 0.84));

  /**
   * A planted spike: on this day (UTC) the social channel gets this many extra negative posts about an
   * outage, on top of its usual dozen or so posts a day.
   */
  public static final java.time.LocalDate SPIKE_DAY = java.time.LocalDate.of(2026, 9, 16);
  public static final String SPIKE_THEME = "outage";
  public static final int SPIKE_POSTS = 60;

  /** A negative post in the last month whose text carries HTML markup, seen by this many people. */
  public static final String MARKUP_TEXT =
      "<script>alert('gotcha')</script> Third outage this month & still no refund. <b>Avoid</b>.";
  public static final long MARKUP_REACH = 250_000L;

  /** Rows the generator plants that ingest must quarantine: source -> reason -> count. */
  public static final Map<String, Map<String, Long>> QUARANTINED = Map.of(
      "sample_reviews", Map.of("malformed_record", 2L, "rating_out_of_range", 1L),
      "sample_social", Map.of("bad_timestamp", 2L),
      "sample_survey", Map.of("nps_out_of_range", 2L, "bad_number", 1L),
      "sample_tickets", Map.of("missing_event_ts", 1L),
      "sample_accounts", Map.of("bad_timestamp", 1L));

  /** Exact repeats the generator plants: source -> count. */
  public static final Map<String, Long> DUPLICATES = Map.of(
      "sample_reviews", 3L,
      "sample_complaints", 2L);
}
