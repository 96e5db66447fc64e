package io.grapevine.churn;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.GrapevineConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.Bucketizer;
import org.apache.spark.ml.feature.Imputer;
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
 * The churn model: numeric features imputed (median), categorical ones indexed and one-hot encoded,
 * then logistic regression on standardized features or gradient-boosted trees, both weighted so that
 * churners and stayers count equally. A Platt calibration fitted on held-out accounts turns scores
 * into probabilities; being monotone it keeps the ranking, so ROC AUC is unchanged by it.
 */
public final class ChurnModel {
  public static final String PROBABILITY = "churn_probability";
  /** The model's own score before calibration. */
  public static final String SCORE = "churn_score";
  public static final String WEIGHT = "class_weight";
  static final String FEATURES = "features";
  static final String SCALED = "scaled_features";
  private static final String LOGIT = "_gv_logit";
  private static final String LOGIT_VECTOR = "_gv_logit_vector";
  private static final String CALIBRATED = "_gv_calibrated";

  /** The candidate learners. */
  public enum Algorithm { LOGISTIC_REGRESSION, GRADIENT_BOOSTED_TREES }

  private ChurnModel() {}

  public static Pipeline pipeline(List<String> numeric, List<String> categorical, Algorithm algorithm,
      GrapevineConfig.Churn cfg) {
    List<PipelineStage> stages = featureStages(numeric, categorical);
    if (algorithm == Algorithm.LOGISTIC_REGRESSION) {
      stages.add(new StandardScaler().setInputCol(FEATURES).setOutputCol(SCALED)
          .setWithMean(true).setWithStd(true));
      stages.add(new LogisticRegression().setFeaturesCol(SCALED).setLabelCol(ChurnFeatures.LABEL)
          .setWeightCol(WEIGHT).setRegParam(cfg.regParam).setElasticNetParam(0.0).setMaxIter(100));
    } else {
      stages.add(new GBTClassifier().setFeaturesCol(FEATURES).setLabelCol(ChurnFeatures.LABEL)
          .setWeightCol(WEIGHT).setMaxIter(cfg.gbtMaxIter).setMaxDepth(cfg.gbtMaxDepth)
          .setStepSize(0.1).setSubsamplingRate(0.8).setSeed(cfg.seed));
    }
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new));
  }

  /**
   * The stages that turn the feature columns into one vector, {@link #FEATURES}: numbers with their
   * median imputed, categories one-hot encoded (an unseen value in a slot of its own).
   */
  static List<PipelineStage> featureStages(List<String> numeric, List<String> categorical) {
    List<PipelineStage> stages = new ArrayList<>();
    List<String> assembled = new ArrayList<>();
    if (!numeric.isEmpty()) {
      String[] imputed = numeric.stream().map(c -> c + "_imp").toArray(String[]::new);
      stages.add(new Imputer().setInputCols(numeric.toArray(String[]::new)).setOutputCols(imputed)
          .setStrategy("median"));
      assembled.addAll(List.of(imputed));
    }
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
    return stages;
  }

  /** Adds {@link #WEIGHT}: each class weighs half of the rows in all. */
  public static Dataset<Row> weighted(Dataset<Row> rows) {
    Row r = rows.agg(count(lit(1)), sum(col(ChurnFeatures.LABEL))).first();
    double n = r.getLong(0);
    double positives = r.isNullAt(1) ? 0 : r.getDouble(1);
    double wPos = positives == 0 ? 1 : n / (2 * positives);
    double wNeg = positives == n ? 1 : n / (2 * (n - positives));
    return rows.withColumn(WEIGHT, when(col(ChurnFeatures.LABEL).equalTo(1.0), wPos).otherwise(wNeg));
  }

  /** Adds {@link #SCORE}, the model's probability of churn before calibration. */
  public static Dataset<Row> score(PipelineModel model, Dataset<Row> features) {
    return score(model, features, false);
  }

  /** {@link #score(PipelineModel, Dataset)}, keeping the assembled {@link #FEATURES} vector if asked. */
  static Dataset<Row> score(PipelineModel model, Dataset<Row> features, boolean keepVector) {
    Dataset<Row> out = model.transform(features)
        .withColumn(SCORE, functions.vector_to_array(col("probability"), "float64").getItem(1))
        .drop("probability", "rawPrediction", "prediction");
    return withoutFeatureStages(out, keepVector);
  }

  /** Drops the columns {@link #featureStages} and the scaler add (the assembled vector unless kept). */
  static Dataset<Row> withoutFeatureStages(Dataset<Row> transformed, boolean keepVector) {
    List<String> drop = new ArrayList<>();
    for (String c : transformed.columns()) {
      if (c.endsWith("_imp") || c.endsWith("_idx") || c.endsWith("_ohe") || c.equals(FEATURES) && !keepVector
          || c.equals(SCALED)) {
        drop.add(c);
      }
    }
    return transformed.drop(drop.toArray(String[]::new));
  }

  private static Dataset<Row> withLogit(Dataset<Row> scored) {
    Column p = least(greatest(col(SCORE), lit(1e-6)), lit(1 - 1e-6));
    Dataset<Row> withLogit = scored.withColumn(LOGIT, log(p.divide(lit(1).minus(p))));
    return new VectorAssembler().setInputCols(new String[] {LOGIT}).setOutputCol(LOGIT_VECTOR)
        .transform(withLogit);
  }

  /** Platt scaling: a one-feature logistic regression on the logit of the model's score. */
  public static LogisticRegressionModel fitCalibration(Dataset<Row> heldOutScored) {
    return new LogisticRegression().setFeaturesCol(LOGIT_VECTOR).setLabelCol(ChurnFeatures.LABEL)
        .setRegParam(0.0).setMaxIter(100).setProbabilityCol(CALIBRATED)
        .setRawPredictionCol("_gv_calibration_raw").setPredictionCol("_gv_calibration_prediction")
        .fit(withLogit(heldOutScored));
  }

  /** Adds {@link #PROBABILITY}: the calibrated probability of churning within the horizon. */
  public static Dataset<Row> calibrate(LogisticRegressionModel calibration, Dataset<Row> scored) {
    return calibration.transform(withLogit(scored))
        .withColumn(PROBABILITY, functions.vector_to_array(col(CALIBRATED), "float64").getItem(1))
        .drop(LOGIT, LOGIT_VECTOR, CALIBRATED, "_gv_calibration_raw", "_gv_calibration_prediction");
  }

  /** ROC AUC of a score column against the label. */
  public static double rocAuc(Dataset<Row> rows, String scoreColumn) {
    return new BinaryClassificationEvaluator().setLabelCol(ChurnFeatures.LABEL)
        .setRawPredictionCol(scoreColumn).setMetricName("areaUnderROC").evaluate(rows);
  }

  /** Held-out quality of a probability column, with its calibration table by decile. */
  public static final class Evaluation {
    public final Map<String, Double> metrics = new LinkedHashMap<>();
    /** Per decile of predicted probability: rows, mean predicted, observed churn rate. */
    public final List<Map<String, Double>> calibration = new ArrayList<>();
  }

  public static Evaluation evaluate(Dataset<Row> scored, String probabilityColumn) {
    Evaluation e = new Evaluation();
    Column p = col(probabilityColumn);
    Column y = col(ChurnFeatures.LABEL);
    Column clipped = least(greatest(p, lit(1e-15)), lit(1 - 1e-15));
    BinaryClassificationEvaluator eval = new BinaryClassificationEvaluator()
        .setLabelCol(ChurnFeatures.LABEL).setRawPredictionCol(probabilityColumn);
    e.metrics.put("roc_auc", eval.setMetricName("areaUnderROC").evaluate(scored));
    e.metrics.put("pr_auc", eval.setMetricName("areaUnderPR").evaluate(scored));
    Row r = scored.agg(avg(pow(p.minus(y), 2)),
        avg(y.multiply(log(clipped)).plus(lit(1).minus(y).multiply(log(lit(1).minus(clipped))))).multiply(-1),
        avg(y), count(lit(1)), sum(y)).first();
    double base = r.getDouble(2);
    double positives = r.getDouble(4);
    e.metrics.put("brier", r.getDouble(0));
    e.metrics.put("log_loss", r.getDouble(1));
    e.metrics.put("base_rate", base);
    e.metrics.put("rows", (double) r.getLong(3));

    double[] cuts = scored.stat().approxQuantile(probabilityColumn,
        new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, 0.001);
    Row top = scored.where(p.geq(cuts[8])).agg(sum(y), count(lit(1))).first();
    double topPositives = top.isNullAt(0) ? 0 : top.getDouble(0);
    e.metrics.put("top_decile_lift", base == 0 || top.getLong(1) == 0 ? null
        : topPositives / top.getLong(1) / base);
    e.metrics.put("top_decile_capture", positives == 0 ? null : topPositives / positives);

    TreeSet<Double> splits = new TreeSet<>();
    splits.add(Double.NEGATIVE_INFINITY);
    for (double c : cuts) {
      splits.add(c);
    }
    splits.add(Double.POSITIVE_INFINITY);
    Dataset<Row> binned = new Bucketizer().setInputCol(probabilityColumn).setOutputCol("_gv_bin")
        .setSplits(splits.stream().mapToDouble(Double::doubleValue).toArray()).transform(scored);
    double n = r.getLong(3);
    double ece = 0;
    for (Row b : binned.groupBy("_gv_bin").agg(count(lit(1)), avg(p), avg(y)).orderBy("_gv_bin")
        .collectAsList()) {
      Map<String, Double> bin = new LinkedHashMap<>();
      bin.put("bin", b.getDouble(0) + 1);
      bin.put("rows", (double) b.getLong(1));
      bin.put("mean_predicted", b.getDouble(2));
      bin.put("observed_rate", b.getDouble(3));
      e.calibration.add(bin);
      ece += b.getLong(1) / n * Math.abs(b.getDouble(2) - b.getDouble(3));
    }
    e.metrics.put("expected_calibration_error", ece);
    return e;
  }

  /**
   * The chosen model's probability of churn for one assembled feature vector ({@link #FEATURES}),
   * whichever learner it is; the logistic regression's standardization is applied as in the pipeline.
   */
  static final class VectorScorer implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final org.apache.spark.ml.classification.ProbabilisticClassificationModel<
        org.apache.spark.ml.linalg.Vector, ?> classifier;
    private final double[] mean;
    private final double[] std;

    @SuppressWarnings("unchecked")
    VectorScorer(PipelineModel model) {
      org.apache.spark.ml.classification.ProbabilisticClassificationModel<org.apache.spark.ml.linalg.Vector, ?> c = null;
      StandardScalerModel scaler = null;
      for (var stage : model.stages()) {
        if (stage instanceof StandardScalerModel sc) {
          scaler = sc;
        } else if (stage instanceof org.apache.spark.ml.classification.ProbabilisticClassificationModel<?, ?> p) {
          c = (org.apache.spark.ml.classification.ProbabilisticClassificationModel<org.apache.spark.ml.linalg.Vector, ?>) p;
        }
      }
      if (c == null) {
        throw new IllegalStateException("Not a churn pipeline: no classifier stage");
      }
      classifier = c;
      mean = scaler == null ? null : scaler.mean().toArray();
      std = scaler == null ? null : scaler.std().toArray();
    }

    double probability(double[] features) {
      double[] x = features;
      if (mean != null) {
        x = new double[features.length];
        for (int i = 0; i < x.length; i++) {
          // As StandardScalerModel does: a feature constant in training scales to 0.
          x[i] = std[i] == 0 ? 0 : (features[i] - mean[i]) / std[i];
        }
      }
      return classifier.predictProbability(org.apache.spark.ml.linalg.Vectors.dense(x)).apply(1);
    }
  }

  /** The medians the pipeline imputes its numeric features with, in their order (empty without any). */
  static double[] medians(PipelineModel model) {
    for (var stage : model.stages()) {
      if (stage instanceof org.apache.spark.ml.feature.ImputerModel imputer) {
        return imputer.surrogates();
      }
    }
    return new double[0];
  }

}
