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
  /** A model shipped with Grapevine, trained on public corpora, for a language the run cannot learn. */
  public static final String BASIS_DEFAULT_MODEL = "default_model";
  /** The fallback for text in a language without a trustworthy model: a word list. */
  public static final String BASIS_LEXICON = "lexicon";

  /** Every {@code sentiment_basis}, in the order enrich prefers them. */
  public static final java.util.List<String> BASES = java.util.List.of(
      BASIS_RATING, BASIS_NPS, BASIS_LABEL, BASIS_MODEL, BASIS_DEFAULT_MODEL, BASIS_LEXICON);

  /**
   * {@code feedback_enriched} columns of a text labelled by a model (null otherwise): how often the
   * model calls a truly negative text negative, how often it calls another text negative, and how many
   * held-out texts of each kind those rates were measured on. Metrics corrects negativity with them.
   */
  public static final String MODEL_NEGATIVE_TPR = "model_negative_tpr";
  public static final String MODEL_NEGATIVE_FPR = "model_negative_fpr";
  public static final String MODEL_TEST_NEGATIVE = "model_test_negative";
  public static final String MODEL_TEST_OTHER = "model_test_other";

  /** {@code language} of a text too short or too mixed to tell (ISO 639-2 "undetermined"). */
  public static final String LANGUAGE_UNDETERMINED = "und";

  /** {@code reach_basis} value of a reach figure that was estimated, not observed. */
  public static final String REACH_ESTIMATED = "estimated";

  private Sentiment() {}
}
