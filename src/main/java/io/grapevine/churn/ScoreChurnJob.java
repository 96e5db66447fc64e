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
  /** Expected revenue lost to churn within the horizon: probability x value per month x months in the horizon. */
  public static final String REVENUE_AT_RISK = "revenue_at_risk";
  /** Days in a mean month (365.25 / 12), to turn the horizon into months of value. */
  public static final double DAYS_PER_MONTH = 30.4375;

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

    Dataset<Row> accounts = TrainChurnJob.accounts(ctx);
    Dataset<Row> enriched = TrainChurnJob.feedback(ctx);
    Dataset<Row> features = card.mode.equals("tabular")
        ? ChurnFeatures.tabular(enriched, accounts, Months.end(ctx.month()), true)
        : ChurnFeatures.at(enriched, accounts, List.of(Months.end(ctx.month())), card.horizonDays);
    Dataset<Row> scored = ChurnModel.calibrate(calibration, ChurnModel.score(model, features, true));
    // Accounts ingested before values were read have no value column: their revenue at risk is unknown.
    Column value = java.util.Arrays.asList(accounts.columns()).contains(AccountSchema.VALUE_PER_MONTH)
        ? col(AccountSchema.VALUE_PER_MONTH) : lit(null).cast("double");
    Dataset<Row> values = accounts.select(col(AccountSchema.ACCOUNT_ID), value.as(AccountSchema.VALUE_PER_MONTH));
    Dataset<Row> valued = atStake(advocates(tiered(Reasons.add(scored, card.numericFeatures, model),
        ctx.config().churn.tiers)).join(values, AccountSchema.ACCOUNT_ID), card.horizonDays);
    if (card.survivalOrigin != null) {
      // Time from now in snapshot mode; from signup, given the months already lasted, in tabular mode.
      Column already = "signup".equals(card.survivalOrigin) ? col(card.survivalTenureColumn) : lit(0.0);
      valued = Survival.expected(PipelineModel.load(dir + "/" + TrainChurnJob.LIFETIME), valued,
          already.cast("double"), card.survivalMaxMonths);
    } else {
      valued = valued.withColumn(Survival.EXPECTED_LIFETIME, lit(null).cast("double"))
          .withColumn(Survival.REMAINING_VALUE, lit(null).cast("double"));
    }
    Dataset<Row> risk = valued
        .select(col(AccountSchema.ACCOUNT_ID), col(ChurnFeatures.SNAPSHOT_TS),
            col(ChurnModel.PROBABILITY), col(TIER), col(Reasons.REASONS), col(ADVOCATE),
            col(AccountSchema.VALUE_PER_MONTH), col(REVENUE_AT_RISK), col(Survival.EXPECTED_LIFETIME),
            col(Survival.REMAINING_VALUE),
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
    Row atStake = written.agg(org.apache.spark.sql.functions.sum(REVENUE_AT_RISK)).first();
    if (!atStake.isNullAt(0)) {
      stage.detail(REVENUE_AT_RISK, Math.round(atStake.getDouble(0)));
    }
    return stage.finish(ctx.storage());
  }

  /**
   * Revenue at risk: the churn probability times what the account pays over the horizon. Null where
   * the accounts export declares no value (catalog {@code mapping.value}).
   */
  public static Dataset<Row> atStake(Dataset<Row> scored, int horizonDays) {
    return scored.withColumn(REVENUE_AT_RISK, col(ChurnModel.PROBABILITY)
        .multiply(col(AccountSchema.VALUE_PER_MONTH)).multiply(lit(horizonDays / DAYS_PER_MONTH)));
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
