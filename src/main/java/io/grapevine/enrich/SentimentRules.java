package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Sentiment;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Sentiment from what the customer or the source said, in this order of trust: the rating (its
 * 0..1 score: at most 0.25 negative, at least 0.75 positive, else neutral), the NPS answer (0-6
 * negative, 7-8 neutral, 9-10 positive), the source's own label. {@code sentiment} runs from -1 to
 * 1 and {@code sentiment_basis} says which one decided. Feedback with none of them stays unlabelled.
 */
public final class SentimentRules {
  public static final double NEGATIVE_MAX_SCORE = 0.25;
  public static final double POSITIVE_MIN_SCORE = 0.75;
  public static final int DETRACTOR_MAX_NPS = 6;
  public static final int PROMOTER_MIN_NPS = 9;

  private SentimentRules() {}

  public static Dataset<Row> apply(Dataset<Row> feedback) {
    Column score = col(FeedbackSchema.SCORE);
    Column nps = col(FeedbackSchema.NPS);
    Column sourceLabel = col(FeedbackSchema.SENTIMENT_LABEL);

    Column fromScore = when(score.leq(NEGATIVE_MAX_SCORE), lit(Sentiment.NEGATIVE))
        .when(score.geq(POSITIVE_MIN_SCORE), lit(Sentiment.POSITIVE))
        .otherwise(lit(Sentiment.NEUTRAL));
    Column fromNps = when(nps.leq(DETRACTOR_MAX_NPS), lit(Sentiment.NEGATIVE))
        .when(nps.geq(PROMOTER_MIN_NPS), lit(Sentiment.POSITIVE))
        .otherwise(lit(Sentiment.NEUTRAL));

    Column label = when(score.isNotNull(), fromScore)
        .when(nps.isNotNull(), fromNps)
        .otherwise(sourceLabel);
    Column basis = when(score.isNotNull(), lit(Sentiment.BASIS_RATING))
        .when(nps.isNotNull(), lit(Sentiment.BASIS_NPS))
        .when(sourceLabel.isNotNull(), col(FeedbackSchema.SENTIMENT_BASIS));
    Column sentiment = when(score.isNotNull(), score.multiply(2).minus(1))
        .when(nps.isNotNull(), nps.minus(5).divide(5.0))
        .otherwise(col(FeedbackSchema.SENTIMENT));

    return feedback
        .withColumn(FeedbackSchema.SENTIMENT, sentiment)
        .withColumn(FeedbackSchema.SENTIMENT_LABEL, label)
        .withColumn(FeedbackSchema.SENTIMENT_BASIS, basis);
  }
}
