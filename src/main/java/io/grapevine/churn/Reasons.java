package io.grapevine.churn;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expm1;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The top reasons behind an account's risk, in business words: the numeric features that push its
 * log-odds up the most against the average account, each written with the account's own value.
 */
public final class Reasons {
  public static final String REASONS = "reasons";
  private static final String CANDIDATES = "_gv_reason_candidates";

  private static final Map<String, Function<Column, Column>> WORDS = Map.ofEntries(
      Map.entry("feedback_90d", v -> format_string("%d pieces of feedback in 90 days", v.cast("int"))),
      Map.entry("negative_30d", v -> format_string("%d negative in the last 30 days", v.cast("int"))),
      Map.entry("negative_90d", v -> format_string("%d negative in the last 90 days", v.cast("int"))),
      Map.entry("negative_180d", v -> format_string("%d negative in the last 180 days", v.cast("int"))),
      Map.entry("negative_share_90d",
          v -> format_string("%d%% of the last 90 days' feedback negative", round(v.multiply(100)).cast("int"))),
      Map.entry("complaints_90d", v -> format_string("%d complaint(s) in 90 days", v.cast("int"))),
      Map.entry("unresolved_complaints_90d",
          v -> format_string("%d unresolved complaint(s) in 90 days", v.cast("int"))),
      Map.entry("detractor_answers_180d",
          v -> format_string("%d detractor NPS answers in 180 days", v.cast("int"))),
      Map.entry("last_sentiment", v -> format_string("last touch sentiment %.2f (-1..1)", v)),
      Map.entry("worst_sentiment_90d", v -> format_string("worst touch in 90 days %.2f (-1..1)", v)),
      Map.entry("negative_reach_90d",
          v -> format_string("negative stories heard by about %d people", round(expm1(v)).cast("long"))),
      Map.entry("mean_response_hours_90d",
          v -> format_string("complaints answered after %.0f hours on average", v)),
      Map.entry("mean_resolution_hours_90d",
          v -> format_string("complaints resolved after %.0f hours on average", v)),
      Map.entry("mean_feedback_latency_days_90d",
          v -> format_string("feedback came %.1f days after the experience", v)),
      Map.entry("apologies_received_90d", v -> format_string("%d apology(ies) received in 90 days", v.cast("int"))),
      Map.entry(ChurnFeatures.LAST_NPS, v -> format_string("last NPS answer %d", v.cast("int"))),
      Map.entry(ChurnFeatures.TENURE_DAYS, v -> format_string("customer for %d days", v.cast("int"))));

  private Reasons() {}

  /** The words for one feature's value; attributes without their own words read "name: value". */
  static Column words(String feature, Column value) {
    Function<Column, Column> f = WORDS.get(feature);
    return f != null ? f.apply(value) : format_string("%s: %s", lit(feature.replace('_', ' ')), value);
  }

  /**
   * Adds {@link #REASONS}: up to three phrases for the features that raise this account's risk most,
   * strongest first. {@code weights[i]} = {coefficient, mean, std} of {@code numeric.get(i)}.
   */
  public static Dataset<Row> add(Dataset<Row> scored, List<String> numeric, double[][] weights) {
    List<Column> candidates = new ArrayList<>();
    for (int i = 0; i < numeric.size(); i++) {
      Column value = col(numeric.get(i));
      Column push = value.minus(weights[i][1]).multiply(weights[i][0] / weights[i][2]);
      candidates.add(struct(push.as("push"), words(numeric.get(i), value).as("words")));
    }
    return scored.withColumn(CANDIDATES, array(candidates.toArray(Column[]::new)))
        .withColumn(REASONS, expr("transform(slice(filter(sort_array(" + CANDIDATES
            + ", false), c -> c.push > 0), 1, 3), c -> c.words)"))
        .drop(CANDIDATES);
  }
}
