package io.grapevine.churn;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.AccountSchema;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Stages;
import io.grapevine.core.Table;
import io.grapevine.core.UserInputException;
import io.grapevine.enrich.SentimentRules;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Score-churn: every account active at the end of the month, scored by a saved model, in
 * {@code account_risk}: calibrated probability of churning within the horizon, tier, the top
 * reasons in words, and whether it is an advocate to ask for a reference.
 */
public final class ScoreChurnJob {
  public static final String TIER = "tier";
  public static final String RED = "red";
  public static final String YELLOW = "yellow";
  public static final String GREEN = "green";
  public static final String ADVOCATE = "advocate";

  private ScoreChurnJob() {}

  /**
   * @param modelRef a model version ({@code churn-2026-09}), a model folder (holding the saved models
   *     and {@code model_card.json}), or null for the model trained for the run month
   */
  public static StageRun run(JobContext ctx, String modelRef) {
    StageRun stage = ctx.startStage(Stages.SCORE_CHURN);
    String folder = modelRef == null ? ctx.layout().churnModels(ctx.monthLabel())
        : modelRef.matches("churn-\\d{4}-\\d{2}")
            ? ctx.layout().churnModels(modelRef.substring("churn-".length()))
            : modelRef;
    String dir = ctx.storage().current(folder);
    if (dir == null || !ctx.storage().exists(dir + "/" + ModelCard.FILE)) {
      throw new UserInputException("No churn model at " + folder
          + ": run 'train-churn' for " + ctx.monthLabel() + " first, or name one with --model");
    }
    ModelCard card = ModelCard.fromJson(ctx.storage().readText(dir + "/" + ModelCard.FILE));
    PipelineModel model = PipelineModel.load(dir + "/" + TrainChurnJob.PIPELINE);
    LogisticRegressionModel calibration = LogisticRegressionModel.load(dir + "/" + TrainChurnJob.CALIBRATION);
    PipelineModel explainer = PipelineModel.load(dir + "/" + TrainChurnJob.EXPLAINER);

    Dataset<Row> accounts = TrainChurnJob.accounts(ctx);
    Dataset<Row> enriched = TrainChurnJob.feedback(ctx);
    Dataset<Row> features = card.mode.equals("tabular")
        ? ChurnFeatures.tabular(enriched, accounts, Months.end(ctx.month()), true)
        : ChurnFeatures.at(enriched, accounts, List.of(Months.end(ctx.month())), card.horizonDays);
    Dataset<Row> scored = ChurnModel.calibrate(calibration, ChurnModel.score(model, features));
    double[][] weights = ChurnModel.numericWeights(explainer, card.numericFeatures.size());
    Dataset<Row> risk = advocates(tiered(Reasons.add(scored, card.numericFeatures, weights),
        ctx.config().churn.tiers))
        .select(col(AccountSchema.ACCOUNT_ID), col(ChurnFeatures.SNAPSHOT_TS),
            col(ChurnModel.PROBABILITY), col(TIER), col(Reasons.REASONS), col(ADVOCATE),
            col(ChurnFeatures.LAST_NPS), col("negative_90d"), col("unresolved_complaints_90d"),
            col("last_sentiment"), lit(card.modelVersion).as("model_version"),
            lit(card.horizonDays).as("horizon_days"), lit(ctx.runId()).as(FeedbackSchema.RUN_ID));
    ctx.tables().replaceMonth(Table.ACCOUNT_RISK, risk, ctx.monthLabel(), null);

    Dataset<Row> written = ctx.tables().read(Table.ACCOUNT_RISK, ctx.monthLabel(), ctx.monthLabel());
    long total = 0;
    for (Row r : written.groupBy(TIER).count().collectAsList()) {
      stage.detail("tier_" + r.getString(0), r.getLong(1));
      total += r.getLong(1);
    }
    stage.rowsIn = total;
    stage.rowsOut = total;
    stage.detail("model_version", card.modelVersion).detail("model", dir)
        .detail("advocates", written.where(col(ADVOCATE)).count());
    return stage.finish(ctx.storage());
  }

  /** Red from {@code tiers.red}, yellow from {@code tiers.yellow}, green below. */
  public static Dataset<Row> tiered(Dataset<Row> scored, GrapevineConfig.Tiers tiers) {
    Column p = col(ChurnModel.PROBABILITY);
    return scored.withColumn(TIER,
        when(p.geq(tiers.red), lit(RED)).when(p.geq(tiers.yellow), lit(YELLOW)).otherwise(lit(GREEN)));
  }

  /** Advocates: green accounts whose latest NPS answer is a promoter's. */
  public static Dataset<Row> advocates(Dataset<Row> tiered) {
    return tiered.withColumn(ADVOCATE, col(TIER).equalTo(GREEN)
        .and(coalesce(col(ChurnFeatures.LAST_NPS).geq(SentimentRules.PROMOTER_MIN_NPS), lit(false))));
  }
}
