package io.grapevine.core;

/** Sentiment vocabulary shared by every stage: labels and where a label came from. */
public final class Sentiment {
  public static final String NEGATIVE = "negative";
  public static final String NEUTRAL = "neutral";
  public static final String POSITIVE = "positive";

  /** {@code sentiment_basis} values, in the order enrich prefers them. */
  public static final String BASIS_RATING = "rating";
  public static final String BASIS_NPS = "nps";
  public static final String BASIS_LABEL = "label";
  public static final String BASIS_MODEL = "model";

  /** {@code reach_basis} value of a reach figure that was estimated, not observed. */
  public static final String REACH_ESTIMATED = "estimated";

  private Sentiment() {}
}
