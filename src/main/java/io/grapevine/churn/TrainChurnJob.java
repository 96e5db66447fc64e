package io.grapevine.churn;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.percent_rank;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.grapevine.core.AccountSchema;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import io.grapevine.core.UserInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Train-churn. Snapshot mode: features at monthly snapshots, trained on the earlier ones and tested
 * on the latest (out of time). Tabular mode: an accounts export with a churn flag, tested on a
 * stratified share of accounts (per label, the lowest by a hash of their id). Either way, a share of the training accounts is held
 * out to choose between logistic regression and gradient-boosted trees and to calibrate the chosen
 * one; features that are constant or that alone predict the label almost perfectly are left out and
 * reported. Saved under {@code models/churn/<month>/} with its model card; held-out metrics also go
 * to the {@code model_metrics} table.
 */
public final class TrainChurnJob {
  static final String PIPELINE = "pipeline";
  static final String CALIBRATION = "calibration";
  static final String LIFETIME = "lifetime";
  private static final String BUCKET = "_gv_bucket";
  private static final String TEST = "_gv_test";

  private TrainChurnJob() {}

  /** The newest accounts snapshot at or before the run month. */
  static Dataset<Row> accounts(JobContext ctx) {
    ctx.tables().require(Table.ACCOUNTS, Stages.INGEST);
    Dataset<Row> accounts = ctx.tables().latestAtOrBefore(Table.ACCOUNTS, ctx.monthLabel());
    if (accounts == null) {
      throw new UserInputException("No accounts export ingested for " + ctx.monthLabel()
          + " or earlier at " + ctx.tables().path(Table.ACCOUNTS));
    }
    return accounts;
  }

  /** Enriched feedback up to the run month, or null where there is none. */
  static Dataset<Row> feedback(JobContext ctx) {
    return ctx.tables().exists(Table.FEEDBACK_ENRICHED)
        ? ctx.tables().read(Table.FEEDBACK_ENRICHED)
            .where(col(FeedbackSchema.REPORT_MONTH).leq(ctx.monthLabel()))
        : null;
  }

  /** {@code snapshots} or {@code tabular}, from the config and what the accounts carry. */
  static String mode(GrapevineConfig.Churn cfg, Dataset<Row> accounts) {
    if (!cfg.mode.equals("auto")) {
      return cfg.mode;
    }
    Row r = accounts.agg(count(col(AccountSchema.SIGNUP_TS)),
        List.of(accounts.columns()).contains(AccountSchema.CHURNED)
            ? count(col(AccountSchema.CHURNED)) : lit(0L)).first();
    if (r.getLong(0) > 0) {
      return "snapshots";
    }
    if (r.getLong(1) > 0) {
      return "tabular";
    }
    throw new UserInputException("The accounts export has neither signup dates nor churn flags: map "
        + "signup_ts (and churn_ts) or churned in its catalog entry");
  }

  public static StageRun run(JobContext ctx) {
    StageRun stage = ctx.startStage(Stages.TRAIN_CHURN);
    long started = System.nanoTime();
    GrapevineConfig.Churn cfg = ctx.config().churn;
    Dataset<Row> accounts = accounts(ctx);
    Dataset<Row> enriched = feedback(ctx);
    ModelCard card = new ModelCard();
    card.mode = mode(cfg, accounts);

    Dataset<Row> data;
    Column isTest;
    List<Timestamp> snapshots = List.of();
    if (card.mode.equals("snapshots")) {
      ctx.tables().require(Table.FEEDBACK_ENRICHED, Stages.ENRICH);
      List<String> feedbackMonths = ctx.tables().months(Table.FEEDBACK_ENRICHED);
      snapshots = Snapshots.training(Months.parse(feedbackMonths.get(0)), ctx.month(),
          cfg.horizonDays, cfg.trainingSnapshots);
      if (snapshots.size() <= cfg.testSnapshots) {
        throw new UserInputException(String.format(
            "Too little history to train a churn model for %s: %d snapshot(s) with a fully observed "
                + "%d-day horizon, at least %d needed; feedback starts in %s",
            ctx.monthLabel(), snapshots.size(), cfg.horizonDays, cfg.testSnapshots + 1,
            feedbackMonths.get(0)));
      }
      Timestamp firstTest = snapshots.get(snapshots.size() - cfg.testSnapshots);
      snapshots.forEach(s -> (s.before(firstTest) ? card.trainSnapshots : card.testSnapshots)
          .add(s.toInstant().toString().substring(0, 10)));
      data = ChurnFeatures.at(enriched, accounts, snapshots, cfg.horizonDays);
      isTest = col(ChurnFeatures.SNAPSHOT_TS).geq(firstTest);
    } else {
      data = ChurnFeatures.tabular(enriched, accounts, Months.end(ctx.month()), false);
      // Stratified: within each label, the accounts that rank lowest by a hash of their id.
      isTest = percent_rank().over(Window.partitionBy(col(ChurnFeatures.LABEL))
          .orderBy(xxhash64(col(AccountSchema.ACCOUNT_ID), lit(cfg.seed)))).lt(cfg.testShare);
    }
    // Validation accounts: a share of the non-test ones, by a second hash of the account id.
    // The learners and evaluators pass over these rows hundreds of times, one task per partition each
    // time; the shuffle before them leaves spark.sql.shuffle.partitions of them (a cluster's 200, which
    // a cached plan keeps), so they are first coalesced to two per core (train-churn on the sample
    // with 200 shuffle partitions: 358 s, then 54 s; docs/running.md).
    int parallel = 2 * ctx.spark().sparkContext().defaultParallelism();
    Dataset<Row> cached = data.withColumn(TEST, isTest).withColumn(BUCKET, bucket(cfg.seed + 1))
        .coalesce(parallel).persist(StorageLevel.MEMORY_AND_DISK());
    // A few thousand rows then go on in one partition: each pass is one task, not one per core, and a
    // pass over so few rows costs its scheduling, not its rows.
    long rows = cached.count();
    data = io.grapevine.core.ShuffleSizing.forLearner(cached, rows, parallel);
    isTest = col(TEST);
    Column isValidation = not(isTest).and(col(BUCKET).lt(Math.round(cfg.validationShare * 100)));
    Dataset<Row> test = data.where(isTest);
    Dataset<Row> validation = data.where(isValidation);
    Dataset<Row> train = ChurnModel.weighted(data.where(not(isTest).and(not(isValidation))));

    List<String> numeric = new ArrayList<>(ChurnFeatures.FEEDBACK_FEATURES);
    numeric.add(ChurnFeatures.TENURE_DAYS);
    numeric.addAll(ChurnFeatures.numericAttributes(accounts));
    List<String> categorical = new ArrayList<>(ChurnFeatures.categoricalAttributes(accounts));
    long[] trainRows = dropUninformative(train, numeric, categorical, card);
    if (trainRows[1] == 0 || trainRows[1] == trainRows[0]) {
      throw new UserInputException(String.format("Too few accounts to learn churn from for %s: %,d training "
          + "row(s)%s, %,d of them churned%s; a model needs accounts that churned and accounts that stayed "
          + "(docs/churn.md)", ctx.monthLabel(), trainRows[0],
          card.trainSnapshots.isEmpty() ? "" : " (accounts active at the snapshots " + card.trainSnapshots + ")",
          trainRows[1], card.trainSnapshots.isEmpty() ? "" : " within " + cfg.horizonDays + " days"));
    }
    guardLeakage(train, numeric, categorical, cfg, card);
    if (numeric.isEmpty() && categorical.isEmpty()) {
      throw new UserInputException("No usable churn features are left: " + card.droppedFeatures);
    }

    PipelineModel best = null;
    for (ChurnModel.Algorithm algorithm : ChurnModel.Algorithm.values()) {
      PipelineModel m = ChurnModel.pipeline(numeric, categorical, algorithm, cfg).fit(train);
      double auc = ChurnModel.rocAuc(ChurnModel.score(m, validation), ChurnModel.SCORE);
      card.validationAuc.put(algorithm.name().toLowerCase(java.util.Locale.ROOT), auc);
      if (best == null || auc > card.validationAuc.get(card.algorithm)) {
        best = m;
        card.algorithm = algorithm.name().toLowerCase(java.util.Locale.ROOT);
      }
    }
    LogisticRegressionModel calibration = ChurnModel.fitCalibration(ChurnModel.score(best, validation));
    ChurnModel.Evaluation evaluation = ChurnModel.evaluate(
        ChurnModel.calibrate(calibration, ChurnModel.score(best, test)), ChurnModel.PROBABILITY);
    card.testMetrics = evaluation.metrics;
    card.calibrationTable = evaluation.calibration;

    List<String> feedbackFeatures = numeric.stream().filter(ChurnFeatures.FEEDBACK_FEATURES::contains).toList();
    if (!feedbackFeatures.isEmpty()) {
      List<String> attributesOnly = numeric.stream().filter(f -> !feedbackFeatures.contains(f)).toList();
      PipelineModel baseline = ChurnModel.pipeline(attributesOnly, categorical,
          ChurnModel.Algorithm.LOGISTIC_REGRESSION, cfg).fit(train);
      LogisticRegressionModel baselineCalibration =
          ChurnModel.fitCalibration(ChurnModel.score(baseline, validation));
      card.attributesOnlyTestMetrics = ChurnModel.evaluate(ChurnModel.calibrate(baselineCalibration,
          ChurnModel.score(baseline, test)), ChurnModel.PROBABILITY).metrics;
    }

    card.modelVersion = "churn-" + ctx.monthLabel();
    PipelineModel lifetime = cfg.survival.enabled
        ? survival(ctx, card, data, accounts, snapshots, numeric, categorical, best, calibration) : null;

    card.reportMonth = ctx.monthLabel();
    card.runId = ctx.runId();
    card.trainedAt = Instant.now().toString();
    card.trainingSeconds = Math.round((System.nanoTime() - started) / 1e7) / 100.0;
    card.horizonDays = cfg.horizonDays;
    card.trainRows = train.count();
    card.validationRows = validation.count();
    card.testRows = evaluation.metrics.get("rows").longValue();
    card.numericFeatures = numeric;
    card.categoricalFeatures = categorical;
    card.regParam = cfg.regParam;
    card.tiers.put("red", cfg.tiers.red);
    card.tiers.put("yellow", cfg.tiers.yellow);
    PipelineModel chosen = best;
    // A new version beside the earlier ones; CURRENT names it only once all of it is saved.
    String dir = ctx.storage().publishVersion(ctx.layout().churnModels(ctx.monthLabel()), ctx.runId(),
        version -> {
          try {
            chosen.write().overwrite().save(version + "/" + PIPELINE);
            calibration.write().overwrite().save(version + "/" + CALIBRATION);
            if (lifetime != null) {
              lifetime.write().overwrite().save(version + "/" + LIFETIME);
            }
          } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the churn model to " + version, e);
          }
          ctx.storage().writeText(version + "/" + ModelCard.FILE, card.toJson());
        }, Stages.TRAIN_CHURN + ".model.written");
    writeMetrics(ctx, card);
    cached.unpersist();

    stage.rowsIn = card.trainRows + card.validationRows + card.testRows;
    stage.rowsOut = card.testRows;
    stage.detail("model", dir).detail("mode", card.mode).detail("algorithm", card.algorithm)
        .detail("test_roc_auc", card.testMetrics.get("roc_auc"))
        .detail("test_expected_calibration_error", card.testMetrics.get("expected_calibration_error"))
        .detail("attributes_only_test_roc_auc", card.attributesOnlyTestMetrics.get("roc_auc"))
        .detail("dropped_features", card.droppedFeatures)
        .detail("survival", card.survivalOrigin == null ? card.survivalNote : "from " + card.survivalOrigin
            + ", lifetime model test ROC AUC " + String.format(java.util.Locale.ROOT, "%.3f", card.survivalTestRocAuc));
    return stage.finish(ctx.storage());
  }

  /**
   * The survival view: Kaplan-Meier curves by tier (the {@code survival} table) of a cohort followed
   * to the end of the run month, and the lifetime model fitted on the training rows, tested on the test
   * rows. Snapshot mode follows the accounts of each snapshot from it (the cohort: the earliest
   * snapshot, followed longest); tabular mode follows every account from its signup, over the
   * export's tenure. Null (and no curves) when there is no time to go by or too few churns to fit.
   */
  private static PipelineModel survival(JobContext ctx, ModelCard card, Dataset<Row> data, Dataset<Row> accounts,
      List<Timestamp> snapshots, List<String> numeric, List<String> categorical, PipelineModel chosen,
      LogisticRegressionModel calibration) {
    GrapevineConfig.SurvivalView cfg = ctx.config().churn.survival;
    List<String> lifeNumeric = new ArrayList<>(numeric);
    Dataset<Row> train;
    Dataset<Row> test;
    Dataset<Row> cohort;
    if (card.mode.equals("snapshots")) {
      Timestamp end = Months.end(ctx.month());
      card.survivalOrigin = "snapshot";
      train = Survival.fromSnapshots(data.where(not(col(TEST))), accounts, end);
      test = Survival.fromSnapshots(data.where(col(TEST)), accounts, end);
      cohort = Survival.fromSnapshots(data.where(col(ChurnFeatures.SNAPSHOT_TS).equalTo(lit(snapshots.get(0)))),
          accounts, end);
    } else if (List.of(accounts.columns()).contains(cfg.tenureColumn)) {
      card.survivalOrigin = "signup";
      card.survivalTenureColumn = cfg.tenureColumn;
      // The tenure is the time itself, not a cause of it.
      lifeNumeric.remove(cfg.tenureColumn);
      train = Survival.fromTenure(data.where(not(col(TEST))), cfg.tenureColumn);
      test = Survival.fromTenure(data.where(col(TEST)), cfg.tenureColumn);
      cohort = Survival.fromTenure(data, cfg.tenureColumn);
    } else {
      card.survivalNote = "tabular mode without the tenure attribute '" + cfg.tenureColumn
          + "' (churn.survival.tenure_column): no time to churn to go by";
      return null;
    }
    // Read by every pass of the fit: kept, in as many partitions as cores.
    train = train.coalesce(ctx.spark().sparkContext().defaultParallelism()).persist(StorageLevel.MEMORY_AND_DISK());
    long churns = train.where(col(Survival.CHURNED).equalTo(1.0)).count();
    if (churns < 10 || lifeNumeric.isEmpty() && categorical.isEmpty()) {
      train.unpersist();
      card.survivalOrigin = null;
      card.survivalNote = churns + " churn(s) in the training rows: too few for a lifetime model (10 at least)";
      return null;
    }
    PipelineModel lifetime = Survival.fit(train, lifeNumeric, categorical);
    card.survivalNumericFeatures = lifeNumeric;
    card.survivalCategoricalFeatures = categorical;
    card.survivalSigma = Survival.sigma(lifetime);
    card.survivalMaxMonths = cfg.maxMonths;
    // Ranked by the months expected within the horizon: fewer months, likelier to churn in it.
    Dataset<Row> lifeTest = Survival.expected(lifetime, test, lit(0.0),
        ctx.config().churn.horizonDays / ScoreChurnJob.DAYS_PER_MONTH)
        .withColumn("_gv_short_life", col(Survival.EXPECTED_LIFETIME).multiply(-1));
    card.survivalTestRocAuc = ChurnModel.rocAuc(lifeTest, "_gv_short_life");
    train.unpersist();
    Dataset<Row> tiered = ScoreChurnJob.tiered(ChurnModel.calibrate(calibration, ChurnModel.score(chosen, cohort)),
        ctx.config().churn.tiers);
    ctx.tables().replaceMonth(Table.SURVIVAL, Survival.curves(tiered, cfg.maxMonths, ctx.config().metrics.confidence,
        card.survivalOrigin, card.modelVersion, ctx.runId(), ctx.monthLabel()), ctx.monthLabel(), null);
    return lifetime;
  }

  /** 0..99 from a hash of the account id: the same account always lands in the same split. */
  private static Column bucket(long seed) {
    return pmod(xxhash64(col(AccountSchema.ACCOUNT_ID), lit(seed)), lit(100L));
  }

  /**
   * Leaves out features with no variation in the training rows (all null, or one value); returns the
   * training rows and the churners among them, counted in the same pass.
   */
  static long[] dropUninformative(Dataset<Row> train, List<String> numeric, List<String> categorical,
      ModelCard card) {
    List<Column> aggs = new ArrayList<>();
    numeric.forEach(f -> aggs.add(stddev_samp(col(f))));
    categorical.forEach(f -> aggs.add(approx_count_distinct(col(f))));
    int counts = aggs.size();
    aggs.add(org.apache.spark.sql.functions.count(lit(1)));
    aggs.add(org.apache.spark.sql.functions.coalesce(org.apache.spark.sql.functions.sum(col(ChurnFeatures.LABEL)), lit(0))
        .cast("long"));
    Row r = train.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
    List<String> drop = new ArrayList<>();
    for (int i = 0; i < numeric.size(); i++) {
      if (r.isNullAt(i) || r.getDouble(i) == 0) {
        drop.add(numeric.get(i));
      }
    }
    for (int i = 0; i < categorical.size(); i++) {
      if (r.getLong(numeric.size() + i) < 2) {
        drop.add(categorical.get(i));
      }
    }
    drop.forEach(f -> card.droppedFeatures.put(f, "constant in the training rows"));
    numeric.removeAll(drop);
    categorical.removeAll(drop);
    return new long[] {r.getLong(counts), r.getLong(counts + 1)};
  }

  /**
   * Leakage guard: a feature whose values alone rank churners above stayers almost perfectly (a
   * numeric one by its values, a categorical one by its categories' churn rates) is most likely
   * recorded after the fact, like a churn reason or a cancellation date; it is left out, and said so
   * loudly, unless kept in config.
   */
  static void guardLeakage(Dataset<Row> train, List<String> numeric, List<String> categorical,
      GrapevineConfig.Churn cfg, ModelCard card) {
    List<String> leaks = new ArrayList<>();
    Map<String, Double> aucs = singleFeatureAuc(train, numeric);
    aucs.putAll(categoricalAuc(train, categorical));
    List<String> features = new ArrayList<>(numeric);
    features.addAll(categorical);
    for (String f : features) {
      double auc = aucs.getOrDefault(f, Double.NaN);
      double strength = Math.max(auc, 1 - auc);
      card.singleFeatureAuc.put(f, strength);
      if (strength > cfg.leakageAuc) {
        if (cfg.keepFeatures.contains(f)) {
          System.err.printf("WARNING: churn feature '%s' alone reaches ROC AUC %.3f: kept, as "
              + "churn.keep_features asks%n", f, strength);
        } else {
          leaks.add(f);
          card.droppedFeatures.put(f, String.format("suspected leak: alone it reaches ROC AUC %.3f "
              + "(above churn.leakage_auc %.2f); list it in churn.keep_features to keep it",
              strength, cfg.leakageAuc));
          System.err.printf("WARNING: churn feature '%s' alone reaches ROC AUC %.3f: it most likely "
              + "leaks the outcome and is left out (churn.keep_features keeps it)%n", f, strength);
        }
      }
    }
    numeric.removeAll(leaks);
    categorical.removeAll(leaks);
  }

  /**
   * Each categorical feature's ROC AUC alone, its categories ranked by their churn rate in {@code train}
   * (the best any use of the category alone can do there), from the counts of churners and stayers per
   * category, all features in one aggregation. NaN for a feature without both outcomes.
   */
  static Map<String, Double> categoricalAuc(Dataset<Row> train, List<String> categorical) {
    Map<String, Double> aucs = new java.util.LinkedHashMap<>();
    if (categorical.isEmpty()) {
      return aucs;
    }
    Map<String, List<long[]>> byFeature = new java.util.LinkedHashMap<>();
    for (Row r : outcomesByValue(train, categorical, DataTypes.StringType).collectAsList()) {
      byFeature.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(new long[] {r.getLong(2), r.getLong(3)});
    }
    byFeature.forEach((f, cats) -> {
      cats.sort(java.util.Comparator.comparingDouble(c -> (double) c[0] / (c[0] + c[1])));
      double pos = 0;
      double neg = 0;
      double wins = 0;
      for (long[] c : cats) {
        wins += c[0] * neg + 0.5 * c[0] * c[1];
        pos += c[0];
        neg += c[1];
      }
      aucs.put(f, pos == 0 || neg == 0 ? Double.NaN : wins / (pos * neg));
    });
    return aucs;
  }

  /**
   * Per feature and known value (as {@code type}), the labelled rows that churned ({@code pos}) and
   * stayed ({@code neg}): every feature in one aggregation, a row per distinct value.
   */
  private static Dataset<Row> outcomesByValue(Dataset<Row> train, List<String> features,
      org.apache.spark.sql.types.DataType type) {
    Column[] pairs = features.stream()
        .map(f -> struct(lit(f).as("feature"), col(f).cast(type).as("value")))
        .toArray(Column[]::new);
    Column churned = col(ChurnFeatures.LABEL).equalTo(1.0);
    return train.select(explode(array(pairs)).as("p"), col(ChurnFeatures.LABEL))
        .where(col("p.value").isNotNull().and(col(ChurnFeatures.LABEL).isNotNull()))
        .groupBy(col("p.feature").as("feature"), col("p.value").as("value"))
        .agg(count(when(churned, 1)).as("pos"), count(when(not(churned), 1)).as("neg"));
  }

  /**
   * Each feature's ROC AUC alone, over the rows where it is known, all features in one aggregation: the
   * Mann-Whitney statistic, P(a churner's value > a stayer's) + half the ties, from the counts of churners
   * and stayers at each distinct value. (Spark's evaluator, once per feature, took five jobs each.) NaN
   * for a feature without both outcomes.
   */
  static Map<String, Double> singleFeatureAuc(Dataset<Row> train, List<String> numeric) {
    Map<String, Double> aucs = new java.util.LinkedHashMap<>();
    if (numeric.isEmpty()) {
      return aucs;
    }
    Dataset<Row> counts = outcomesByValue(train, numeric, DataTypes.DoubleType);
    Column negBelow = coalesce(sum("neg").over(Window.partitionBy("feature").orderBy("value")
        .rowsBetween(Window.unboundedPreceding(), -1)), lit(0L));
    for (Row r : counts.withColumn("neg_below", negBelow).groupBy("feature")
        .agg(sum(col("pos").multiply(col("neg_below")).plus(col("pos").multiply(col("neg")).multiply(0.5))),
            sum("pos"), sum("neg"))
        .collectAsList()) {
      double pos = r.getLong(2);
      double neg = r.getLong(3);
      aucs.put(r.getString(0), pos == 0 || neg == 0 ? Double.NaN : r.getDouble(1) / (pos * neg));
    }
    return aucs;
  }

  private static void writeMetrics(JobContext ctx, ModelCard card) {
    StructType schema = new StructType()
        .add("model_version", DataTypes.StringType)
        .add("model", DataTypes.StringType)
        .add("split", DataTypes.StringType)
        .add("metric", DataTypes.StringType)
        .add("bin", DataTypes.IntegerType)
        .add("value", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    card.testMetrics.forEach((k, v) -> rows.add(RowFactory.create(card.modelVersion, card.algorithm,
        "test", k, null, v)));
    for (Map<String, Double> bin : card.calibrationTable) {
      int b = bin.get("bin").intValue();
      for (String k : List.of("rows", "mean_predicted", "observed_rate")) {
        rows.add(RowFactory.create(card.modelVersion, card.algorithm, "test_calibration", k, b, bin.get(k)));
      }
    }
    card.validationAuc.forEach((k, v) -> rows.add(RowFactory.create(card.modelVersion, k, "validation",
        "roc_auc", null, v)));
    card.attributesOnlyTestMetrics.forEach((k, v) -> rows.add(RowFactory.create(card.modelVersion,
        "attributes_only", "test", k, null, v)));
    ctx.tables().replaceMonth(Table.MODEL_METRICS, ctx.spark().createDataFrame(rows, schema),
        ctx.monthLabel(), null);
  }
}
