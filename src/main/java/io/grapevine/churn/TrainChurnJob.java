package io.grapevine.churn;

import static org.apache.spark.sql.functions.col;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import io.grapevine.core.UserInputException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Train-churn: features at monthly snapshots, a logistic regression trained on the earlier ones and
 * tested on the latest (out of time), saved with its model card under
 * {@code models/churn/<month>/}; held-out metrics also go to the {@code model_metrics} table.
 */
public final class TrainChurnJob {
  private TrainChurnJob() {}

  public static String modelDir(String month) {
    return "models/churn/" + month;
  }

  /** The newest accounts snapshot at or before the run month. */
  static Dataset<Row> accounts(JobContext ctx) {
    ctx.storage().require(Table.ACCOUNTS, Stages.INGEST);
    List<String> months = ctx.storage().months(Table.ACCOUNTS).stream()
        .filter(m -> m.compareTo(ctx.monthLabel()) <= 0).toList();
    if (months.isEmpty()) {
      throw new UserInputException("No accounts export ingested for " + ctx.monthLabel()
          + " or earlier at " + ctx.storage().path(Table.ACCOUNTS));
    }
    String latest = months.get(months.size() - 1);
    return ctx.storage().read(ctx.spark(), Table.ACCOUNTS, latest, latest);
  }

  public static StageRun run(JobContext ctx) {
    StageRun stage = ctx.startStage(Stages.TRAIN_CHURN);
    GrapevineConfig.Churn cfg = ctx.config().churn;
    ctx.storage().require(Table.FEEDBACK_ENRICHED, Stages.ENRICH);
    Dataset<Row> accounts = accounts(ctx);
    List<String> feedbackMonths = ctx.storage().months(Table.FEEDBACK_ENRICHED);
    List<Timestamp> snapshots = Snapshots.training(Months.parse(feedbackMonths.get(0)), ctx.month(),
        cfg.horizonDays, cfg.trainingSnapshots);
    if (snapshots.size() <= cfg.testSnapshots) {
      throw new UserInputException(String.format(
          "Too little history to train a churn model for %s: %d snapshot(s) with a fully observed "
              + "%d-day horizon, at least %d needed; feedback starts in %s",
          ctx.monthLabel(), snapshots.size(), cfg.horizonDays, cfg.testSnapshots + 1,
          feedbackMonths.get(0)));
    }
    Dataset<Row> enriched = ctx.storage().read(ctx.spark(), Table.FEEDBACK_ENRICHED)
        .where(col(FeedbackSchema.REPORT_MONTH).leq(ctx.monthLabel()));
    Dataset<Row> features = ChurnFeatures.at(enriched, accounts, snapshots, cfg.horizonDays)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Timestamp firstTest = snapshots.get(snapshots.size() - cfg.testSnapshots);
    Dataset<Row> train = features.where(col(ChurnFeatures.SNAPSHOT_TS).lt(firstTest));
    Dataset<Row> test = features.where(col(ChurnFeatures.SNAPSHOT_TS).geq(firstTest));

    List<String> attributes = new ArrayList<>(List.of(ChurnFeatures.TENURE_DAYS));
    attributes.addAll(ChurnFeatures.numericAttributes(accounts));
    List<String> numeric = new ArrayList<>(ChurnFeatures.FEEDBACK_FEATURES);
    numeric.addAll(attributes);
    List<String> categorical = ChurnFeatures.categoricalAttributes(accounts);

    PipelineModel model = ChurnModel.pipeline(numeric, categorical, cfg.regParam).fit(train);
    Map<String, Double> metrics = ChurnModel.evaluate(ChurnModel.score(model, test));
    PipelineModel baseline = ChurnModel.pipeline(attributes, categorical, cfg.regParam).fit(train);
    Map<String, Double> baselineMetrics = ChurnModel.evaluate(ChurnModel.score(baseline, test));

    String dir = ctx.storage().path(modelDir(ctx.monthLabel()));
    try {
      model.write().overwrite().save(dir + "/pipeline");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot save the churn model to " + dir, e);
    }
    ModelCard card = new ModelCard();
    card.modelVersion = "churn-" + ctx.monthLabel();
    card.algorithm = "logistic regression on standardized features (Spark MLlib)";
    card.reportMonth = ctx.monthLabel();
    card.runId = ctx.runId();
    card.trainedAt = Instant.now().toString();
    card.horizonDays = cfg.horizonDays;
    snapshots.forEach(s -> (s.before(firstTest) ? card.trainSnapshots : card.testSnapshots)
        .add(s.toInstant().toString().substring(0, 10)));
    card.trainRows = train.count();
    card.testRows = metrics.get("rows").longValue();
    card.numericFeatures = numeric;
    card.categoricalFeatures = categorical;
    card.regParam = cfg.regParam;
    card.testMetrics = metrics;
    card.attributesOnlyTestMetrics = baselineMetrics;
    card.tiers.put("red", cfg.tiers.red);
    card.tiers.put("yellow", cfg.tiers.yellow);
    ctx.storage().writeText(modelDir(ctx.monthLabel()) + "/model_card.json", card.toJson());
    writeMetrics(ctx, card);
    features.unpersist();

    stage.rowsIn = card.trainRows + card.testRows;
    stage.rowsOut = card.testRows;
    stage.detail("model", dir).detail("test_roc_auc", metrics.get("roc_auc"))
        .detail("attributes_only_test_roc_auc", baselineMetrics.get("roc_auc"))
        .detail("train_snapshots", card.trainSnapshots).detail("test_snapshots", card.testSnapshots);
    return stage.finish(ctx.storage());
  }

  private static void writeMetrics(JobContext ctx, ModelCard card) {
    StructType schema = new StructType()
        .add("model_version", DataTypes.StringType)
        .add("model", DataTypes.StringType)
        .add("split", DataTypes.StringType)
        .add("metric", DataTypes.StringType)
        .add("value", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    card.testMetrics.forEach((k, v) -> rows.add(RowFactory.create(card.modelVersion, "full", "test", k, v)));
    card.attributesOnlyTestMetrics.forEach((k, v) ->
        rows.add(RowFactory.create(card.modelVersion, "attributes_only", "test", k, v)));
    ctx.storage().writeMonth(ctx.spark().createDataFrame(rows, schema), Table.MODEL_METRICS,
        ctx.monthLabel());
  }
}
