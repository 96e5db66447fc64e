package io.grapevine.churn;

import static org.apache.spark.sql.functions.ceil;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.AccountSchema;
import io.grapevine.core.FeedbackSchema;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.analysis.integration.SimpsonIntegrator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.regression.AFTSurvivalRegression;
import org.apache.spark.ml.regression.AFTSurvivalRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Time to churn. Each account is followed from an origin (a snapshot, or its signup in tabular
 * mode, where the export's tenure is the time) until it churned or the observation ended (censored).
 * Kaplan-Meier curves by risk tier say how many of the accounts of each tier stayed, month by month;
 * a Weibull accelerated-failure-time model (Spark MLlib's {@code AFTSurvivalRegression}, the MLlib
 * counterpart of a Cox model: the same features, a parametric baseline) gives each account its
 * expected remaining lifetime, restricted to {@code churn.survival.max_months}, and so the value it is
 * still expected to bring.
 */
public final class Survival {
  /** Months from the origin to churn or to the end of observation. */
  static final String MONTHS = "_gv_survival_months";
  /** 1 when the account churned at {@link #MONTHS}, 0 when it was still there (censored). */
  static final String CHURNED = "_gv_survival_churned";
  private static final String SCALE_PREDICTION = "_gv_survival_scale";
  /** Expected months the account stays within the next {@code max_months} (restricted mean). */
  public static final String EXPECTED_LIFETIME = "expected_lifetime_months";
  /** Value per month x expected lifetime: what the account is still expected to pay. */
  public static final String REMAINING_VALUE = "expected_remaining_value";
  /** The shortest follow-up counted: a churn in the first days of an account is not at time 0. */
  static final double MIN_MONTHS = 0.5;

  static final StructType CURVE_SCHEMA = new StructType()
      .add("tier", DataTypes.StringType, false)
      .add("month", DataTypes.IntegerType, false)
      .add("at_risk", DataTypes.LongType, false)
      .add("churned", DataTypes.LongType, false)
      .add("censored", DataTypes.LongType, false)
      .add("survival", DataTypes.DoubleType, false)
      .add("survival_ci_low", DataTypes.DoubleType, true)
      .add("survival_ci_high", DataTypes.DoubleType, true)
      .add("origin", DataTypes.StringType, false)
      .add("confidence", DataTypes.DoubleType, false)
      .add("model_version", DataTypes.StringType, false)
      .add(FeedbackSchema.RUN_ID, DataTypes.StringType, false)
      .add(FeedbackSchema.REPORT_MONTH, DataTypes.StringType, false);

  private Survival() {}

  /**
   * Snapshot mode: adds {@link #MONTHS} and {@link #CHURNED} to feature rows at snapshots, from the
   * accounts' churn dates, observed until {@code observedUntil}.
   */
  static Dataset<Row> fromSnapshots(Dataset<Row> rows, Dataset<Row> accounts, Timestamp observedUntil) {
    Dataset<Row> churn = accounts.select(col(AccountSchema.ACCOUNT_ID).as("_gv_sv_account"),
        col(AccountSchema.CHURN_TS).as("_gv_sv_churn_ts"));
    Column churnTs = col("_gv_sv_churn_ts");
    Column churned = churnTs.isNotNull().and(churnTs.lt(lit(observedUntil)));
    Column end = when(churned, churnTs).otherwise(lit(observedUntil));
    Column days = end.cast(DataTypes.LongType).minus(col(ChurnFeatures.SNAPSHOT_TS).cast(DataTypes.LongType))
        .divide(86_400.0);
    return rows.join(churn, col(AccountSchema.ACCOUNT_ID).equalTo(col("_gv_sv_account")), "left")
        .withColumn(MONTHS, greatest(days.divide(ScoreChurnJob.DAYS_PER_MONTH), lit(MIN_MONTHS)))
        .withColumn(CHURNED, when(churned, 1.0).otherwise(0.0))
        .drop("_gv_sv_account", "_gv_sv_churn_ts");
  }

  /** Tabular mode: the export's tenure column (months since signup) is the time, the churn flag the event. */
  static Dataset<Row> fromTenure(Dataset<Row> rows, String tenureColumn) {
    return rows.where(col(tenureColumn).isNotNull())
        .withColumn(MONTHS, greatest(col(tenureColumn).cast(DataTypes.DoubleType), lit(MIN_MONTHS)))
        .withColumn(CHURNED, col(ChurnFeatures.LABEL));
  }

  /** One step of a Kaplan-Meier curve: survival at the end of a month since the origin. */
  public record Step(int month, long atRisk, long churned, long censored, double survival, Double low,
      Double high) {}

  /**
   * Kaplan-Meier estimate over whole months: {@code churned[m]} and {@code censored[m]} count the
   * accounts whose follow-up ended in month m (1-based; churn counted before censoring within a
   * month). The interval is the log-log one with Greenwood's variance.
   */
  public static List<Step> kaplanMeier(long[] churned, long[] censored, double confidence) {
    double z = io.grapevine.metrics.Proportions.z(confidence);
    long atRisk = 0;
    for (int m = 1; m < churned.length; m++) {
      atRisk += churned[m] + censored[m];
    }
    List<Step> steps = new ArrayList<>();
    double s = 1;
    double greenwood = 0;
    for (int m = 1; m < churned.length && atRisk > 0; m++) {
      long d = churned[m];
      s *= 1 - (double) d / atRisk;
      if (atRisk > d) {
        greenwood += (double) d / ((double) atRisk * (atRisk - d));
      }
      Double low = null;
      Double high = null;
      if (s > 0 && s < 1) {
        double spread = z * Math.sqrt(greenwood) / Math.abs(Math.log(s));
        double logLog = Math.log(-Math.log(s));
        low = Math.exp(-Math.exp(logLog + spread));
        high = Math.exp(-Math.exp(logLog - spread));
      } else if (s == 1) {
        high = 1.0;
      }
      steps.add(new Step(m, atRisk, d, censored[m], s, low, high));
      atRisk -= d + censored[m];
    }
    return steps;
  }

  /**
   * The {@code survival} table rows: a Kaplan-Meier curve per tier over {@code maxMonths}, from rows
   * with {@link #MONTHS}, {@link #CHURNED} and {@code tier}.
   */
  static Dataset<Row> curves(Dataset<Row> followed, int maxMonths, double confidence, String origin,
      String modelVersion, String runId, String month) {
    // A row followed beyond the last month shown is censored there: it was at risk throughout.
    Column bin = least(ceil(col(MONTHS)).cast(DataTypes.IntegerType), lit(maxMonths + 1));
    List<Row> counts = followed.groupBy(col(ScoreChurnJob.TIER), bin.as("m"))
        .agg(sum(when(col(CHURNED).equalTo(1.0).and(col(MONTHS).leq(maxMonths)), 1L).otherwise(0L)).as("d"),
            count(lit(1)).as("n"))
        .collectAsList();
    Map<String, long[][]> byTier = new TreeMap<>();
    for (Row r : counts) {
      long[][] c = byTier.computeIfAbsent(r.getString(0), k -> new long[2][maxMonths + 2]);
      int m = r.getInt(1);
      c[0][m] += r.getLong(2);
      c[1][m] += r.getLong(3) - r.getLong(2);
    }
    List<Row> out = new ArrayList<>();
    byTier.forEach((tier, c) -> {
      for (Step s : kaplanMeier(c[0], c[1], confidence)) {
        if (s.month() <= maxMonths) {
          out.add(RowFactory.create(tier, s.month(), s.atRisk(), s.churned(), s.censored(), s.survival(),
              s.low(), s.high(), origin, confidence, modelVersion, runId, month));
        }
      }
    });
    return followed.sparkSession().createDataFrame(out, CURVE_SCHEMA);
  }

  /** The lifetime model: the churn model's features, standardized, into a Weibull AFT regression. */
  static PipelineModel fit(Dataset<Row> followed, List<String> numeric, List<String> categorical) {
    List<PipelineStage> stages = ChurnModel.featureStages(numeric, categorical);
    stages.add(new StandardScaler().setInputCol(ChurnModel.FEATURES).setOutputCol(ChurnModel.SCALED)
        .setWithMean(true).setWithStd(true));
    stages.add(new AFTSurvivalRegression().setFeaturesCol(ChurnModel.SCALED).setLabelCol(MONTHS)
        .setCensorCol(CHURNED).setPredictionCol(SCALE_PREDICTION).setMaxIter(100).setTol(1e-4));
    return new Pipeline().setStages(stages.toArray(PipelineStage[]::new)).fit(followed);
  }

  /** The Weibull shape's inverse (the model's scale sigma): S(t) = exp(-(t / lambda)^(1 / sigma)). */
  static double sigma(PipelineModel model) {
    for (var stage : model.stages()) {
      if (stage instanceof AFTSurvivalRegressionModel aft) {
        return aft.scale();
      }
    }
    throw new IllegalStateException("Not a lifetime model: no AFT regression stage");
  }

  /** Weibull survival S(t) with scale lambda and sigma. */
  static double weibullSurvival(double t, double lambda, double sigma) {
    return Math.exp(-Math.pow(Math.max(t, 0) / lambda, 1 / sigma));
  }

  /**
   * Expected months an account that has lasted {@code already} months stays within the next
   * {@code horizon}: the integral of S(t) / S(already) from {@code already} to {@code already + horizon}.
   */
  static double restrictedMeanRemaining(double lambda, double sigma, double already, double horizon) {
    if (!(lambda > 0) || !Double.isFinite(lambda)) {
      return lambda > 0 ? horizon : 0;
    }
    double base = weibullSurvival(already, lambda, sigma);
    if (base <= 0) {
      return 0;
    }
    return new SimpsonIntegrator(1e-6, 1e-9, 3, 20).integrate(100_000,
        t -> weibullSurvival(t, lambda, sigma) / base, already, already + horizon);
  }

  /**
   * Adds {@link #EXPECTED_LIFETIME} and {@link #REMAINING_VALUE} to accounts with their features, the
   * months each has already lasted in {@code alreadyColumn} (0 from a snapshot).
   */
  static Dataset<Row> expected(PipelineModel model, Dataset<Row> accounts, Column already, double horizonMonths) {
    double sigma = sigma(model);
    UserDefinedFunction remaining = udf((UDF2<Double, Double, Double>) (lambda, done) ->
        lambda == null ? null : restrictedMeanRemaining(lambda, sigma, done == null ? 0 : done, horizonMonths),
        DataTypes.DoubleType);
    Dataset<Row> scored = model.transform(accounts.withColumn("_gv_sv_already", already));
    Dataset<Row> out = ChurnModel.withoutFeatureStages(scored, false)
        .withColumn(EXPECTED_LIFETIME, remaining.apply(col(SCALE_PREDICTION), col("_gv_sv_already")));
    if (List.of(out.columns()).contains(AccountSchema.VALUE_PER_MONTH)) {
      out = out.withColumn(REMAINING_VALUE, col(EXPECTED_LIFETIME).multiply(col(AccountSchema.VALUE_PER_MONTH)));
    }
    return out.drop(SCALE_PREDICTION, "_gv_sv_already");
  }
}
