package io.grapevine.churn;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expm1;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The top reasons behind an account's risk, in business words: the numeric features that push its
 * log-odds up the most against the median account, by the model that scored it, each written with the
 * account's own value.
 */
public final class Reasons {
  public static final String REASONS = "reasons";
  private static final String CANDIDATES = "_gv_reason_candidates";
  private static final String PUSHES = "_gv_reason_pushes";

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
   * Adds {@link #REASONS}: up to three phrases for the numeric features that raise this account's risk
   * most, strongest first, from the model that scores it (logistic regression or trees alike): a
   * feature's push is how far the account's log-odds of churning would fall had that feature the
   * median value of the training accounts, everything else unchanged. {@code scored} carries the
   * assembled feature vector ({@code ChurnModel.FEATURES}), which is dropped.
   */
  public static Dataset<Row> add(Dataset<Row> scored, List<String> numeric, PipelineModel model) {
    double[] medians = ChurnModel.medians(model);
    ChurnModel.VectorScorer scorer = new ChurnModel.VectorScorer(model);
    int n = Math.min(numeric.size(), medians.length);
    UserDefinedFunction pushes = udf((UDF1<Vector, double[]>) v -> pushes(scorer, v.toArray(), medians, n),
        DataTypes.createArrayType(DataTypes.DoubleType));
    Dataset<Row> withPushes = scored.withColumn(PUSHES, pushes.apply(col(ChurnModel.FEATURES)));
    List<Column> candidates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      candidates.add(struct(col(PUSHES).getItem(i).as("push"), words(numeric.get(i), col(numeric.get(i))).as("words")));
    }
    Column all = candidates.isEmpty() ? expr("array()").cast("array<struct<push:double,words:string>>")
        : array(candidates.toArray(Column[]::new));
    return withPushes.withColumn(CANDIDATES, all)
        .withColumn(REASONS, expr("transform(slice(filter(sort_array(" + CANDIDATES
            + ", false), c -> c.push > 0), 1, 3), c -> c.words)"))
        .drop(CANDIDATES, PUSHES, ChurnModel.FEATURES);
  }

  /** Log-odds of the vector minus log-odds with each of the first {@code n} features at its median. */
  static double[] pushes(ChurnModel.VectorScorer scorer, double[] x, double[] medians, int n) {
    double base = logit(scorer.probability(x));
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double kept = x[i];
      x[i] = medians[i];
      out[i] = base - logit(scorer.probability(x));
      x[i] = kept;
    }
    return out;
  }

  private static double logit(double p) {
    double q = Math.min(Math.max(p, 1e-9), 1 - 1e-9);
    return Math.log(q / (1 - q));
  }
}
