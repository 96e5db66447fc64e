package io.grapevine.churn;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.functions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The churn model: categorical attributes indexed and one-hot encoded, numeric features
 * standardized, logistic regression. Numeric features come first in the assembled vector, so their
 * coefficients can be read back as per-account reasons.
 */
public final class ChurnModel {
  public static final String PROBABILITY = "churn_probability";
  static final String FEATURES = "features";
  static final String SCALED = "scaled_features";

  private ChurnModel() {}

  public static Pipeline pipeline(List<String> numeric, List<String> categorical, double regParam) {
    List<PipelineStage> stages = new ArrayList<>();
    List<String> assembled = new ArrayList<>(numeric);
    if (!categorical.isEmpty()) {
      String[] indexed = categorical.stream().map(c -> c + "_idx").toArray(String[]::new);
      String[] encoded = categorical.stream().map(c -> c + "_ohe").toArray(String[]::new);
      stages.add(new StringIndexer().setInputCols(categorical.toArray(String[]::new))
          .setOutputCols(indexed).setHandleInvalid("keep"));
      stages.add(new OneHotEncoder().setInputCols(indexed).setOutputCols(encoded)
          .setHandleInvalid("keep"));
      assembled.addAll(List.of(encoded));
    }
    stages.add(new VectorAssembler().setInputCols(assembled.toArray(String[]::new))
        .setOutputCol(FEATURES).setHandleInvalid("keep"));
    stages.add(new StandardScaler().setInputCol(FEATURES).setOutputCol(SCALED)
        .setWithMean(true).setWithStd(true));
    stages.add(new LogisticRegression().setFeaturesCol(SCALED).setLabelCol(ChurnFeatures.LABEL)
        .setRegParam(regParam).setElasticNetParam(0.0).setMaxIter(100));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  /** Adds {@link #PROBABILITY}, the model's probability of the positive class. */
  public static Dataset<Row> score(PipelineModel model, Dataset<Row> features) {
    return model.transform(features)
        .withColumn(PROBABILITY, functions.vector_to_array(col("probability"), "float64").getItem(1));
  }

  /**
   * Held-out quality of scored rows: ROC AUC, PR AUC, Brier score, base rate, and lift of the top
   * decile (share of churners among the riskiest 10% over the base rate).
   */
  public static Map<String, Double> evaluate(Dataset<Row> scored) {
    Map<String, Double> m = new LinkedHashMap<>();
    BinaryClassificationEvaluator eval = new BinaryClassificationEvaluator()
        .setLabelCol(ChurnFeatures.LABEL).setRawPredictionCol(PROBABILITY);
    m.put("roc_auc", eval.setMetricName("areaUnderROC").evaluate(scored));
    m.put("pr_auc", eval.setMetricName("areaUnderPR").evaluate(scored));
    Column label = col(ChurnFeatures.LABEL);
    Row r = scored.agg(avg(pow(col(PROBABILITY).minus(label), 2)), avg(label), count(lit(1))).first();
    m.put("brier", r.getDouble(0));
    m.put("base_rate", r.getDouble(1));
    m.put("rows", (double) r.getLong(2));
    double cut = scored.stat().approxQuantile(PROBABILITY, new double[] {0.9}, 0.001)[0];
    Row top = scored.where(col(PROBABILITY).geq(cut)).agg(sum(label), count(lit(1))).first();
    double topRate = top.getLong(1) == 0 ? 0 : top.getDouble(0) / top.getLong(1);
    m.put("top_decile_lift", r.getDouble(1) == 0 ? null : topRate / r.getDouble(1));
    return m;
  }

  /**
   * How much each numeric feature pushes an account's log-odds away from the average account:
   * coefficient times the standardized value. Index i belongs to {@code numeric.get(i)}.
   */
  public static double[][] numericWeights(PipelineModel model, int numericCount) {
    StandardScalerModel scaler = null;
    LogisticRegressionModel lr = null;
    for (var stage : model.stages()) {
      if (stage instanceof StandardScalerModel s) {
        scaler = s;
      } else if (stage instanceof LogisticRegressionModel l) {
        lr = l;
      }
    }
    if (scaler == null || lr == null) {
      throw new IllegalStateException("Not a churn pipeline model: no scaler or regression stage");
    }
    double[][] w = new double[numericCount][3];
    for (int i = 0; i < numericCount; i++) {
      w[i][0] = lr.coefficients().apply(i);
      w[i][1] = scaler.mean().apply(i);
      w[i][2] = scaler.std().apply(i) == 0 ? 1 : scaler.std().apply(i);
    }
    return w;
  }
}
