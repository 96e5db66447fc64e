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
  /** The fallback for text in a language without a trustworthy model: a word list. */
  public static final String BASIS_LEXICON = "lexicon";

  /** {@code language} of a text too short or too mixed to tell (ISO 639-2 "undetermined"). */
  public static final String LANGUAGE_UNDETERMINED = "und";

  /** {@code reach_basis} value of a reach figure that was estimated, not observed. */
  public static final String REACH_ESTIMATED = "estimated";

  private Sentiment() {}
}
