package io.grapevine.metrics;

import static io.grapevine.metrics.Counts.countIf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Sentiment;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Negativity corrected for the errors of the models that labelled part of it (adjusted classify and
 * count, Forman 2005): for the texts one model labelled, with held-out rates {@code tpr} (negative texts
 * it calls negative) and {@code fpr} (other texts it calls negative), the negative share is
 * {@code (observed - fpr) / (tpr - fpr)}, clipped to [0, 1]; labels from ratings, NPS, the source or
 * the lexicon count as they are. The interval is a normal one whose variance adds, per model, the
 * sampling of its texts and the uncertainty of {@code tpr} and {@code fpr} (binomial, on its held-out
 * counts), by the delta method. Null where no model with a measured error labelled anything.
 */
public final class AdjustedNegativity {
  public static final String RATE = "negativity_rate_adjusted";
  public static final String LOW = "negativity_adjusted_ci_low";
  public static final String HIGH = "negativity_adjusted_ci_high";
  /** A model whose {@code tpr - fpr} is below this separates too little to correct by. */
  public static final double MIN_SEPARATION = 0.1;

  private AdjustedNegativity() {}

  /** {@code monthly} (its counts by {@code keys}) with the three columns, computed from {@code enriched}. */
  public static Dataset<Row> add(Dataset<Row> monthly, Dataset<Row> enriched, List<String> keys, double confidence) {
    Column tpr = col(Sentiment.MODEL_NEGATIVE_TPR);
    Column fpr = col(Sentiment.MODEL_NEGATIVE_FPR);
    Dataset<Row> byModel = enriched
        .where(col(FeedbackSchema.SENTIMENT_LABEL).isNotNull().and(tpr.minus(fpr).geq(MIN_SEPARATION)))
        .groupBy(group(keys, tpr, fpr, col(Sentiment.MODEL_TEST_NEGATIVE), col(Sentiment.MODEL_TEST_OTHER)))
        .agg(count(lit(1)).as("_n"), countIf(col(FeedbackSchema.SENTIMENT_LABEL).equalTo(Sentiment.NEGATIVE)).as("_k"));
    Column n = col("_n").cast(DataTypes.DoubleType);
    Column q = col("_k").divide(n);
    Column d = tpr.minus(fpr);
    Column share = least(lit(1.0), greatest(lit(0.0), q.minus(fpr).divide(d)));
    Column variance = q.multiply(lit(1).minus(q)).divide(n)
        .plus(share.multiply(share).multiply(tpr).multiply(lit(1).minus(tpr)).divide(col(Sentiment.MODEL_TEST_NEGATIVE)))
        .plus(lit(1).minus(share).multiply(lit(1).minus(share)).multiply(fpr).multiply(lit(1).minus(fpr))
            .divide(col(Sentiment.MODEL_TEST_OTHER)))
        .divide(d.multiply(d));
    Dataset<Row> corrected = byModel
        .groupBy(keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new))
        .agg(sum(n).as("_model_n"), sum(col("_k")).as("_model_k"), sum(n.multiply(share)).as("_model_negative"),
            sum(n.multiply(n).multiply(variance)).as("_model_variance"));

    Dataset<Row> joined = monthly.join(corrected,
        scala.jdk.javaapi.CollectionConverters.asScala(keys).toSeq(), "left");
    Column labelled = col("labelled").cast(DataTypes.DoubleType);
    Column ruleN = labelled.minus(col("_model_n"));
    Column ruleNeg = col("negative").minus(col("_model_k"));
    Column ruleRate = when(ruleN.gt(0), ruleNeg.divide(ruleN)).otherwise(0.0);
    Column rate = least(lit(1.0), greatest(lit(0.0), ruleNeg.plus(col("_model_negative")).divide(labelled)));
    Column se = sqrt(ruleN.multiply(ruleRate).multiply(lit(1).minus(ruleRate)).plus(col("_model_variance")))
        .divide(labelled);
    double z = Proportions.z(confidence);
    Column present = col("_model_n").isNotNull().and(labelled.gt(0));
    List<Column> out = new ArrayList<>();
    for (String c : monthly.columns()) {
      out.add(col(c));
    }
    out.add(when(present, rate).as(RATE));
    out.add(when(present, greatest(lit(0.0), rate.minus(se.multiply(z)))).as(LOW));
    out.add(when(present, least(lit(1.0), rate.plus(se.multiply(z)))).as(HIGH));
    return joined.select(out.toArray(Column[]::new));
  }

  private static Column[] group(List<String> keys, Column... more) {
    List<Column> g = new ArrayList<>();
    for (String k : keys) {
      g.add(col(k));
    }
    g.addAll(List.of(more));
    return g.toArray(Column[]::new);
  }
}
