package io.grapevine.churn;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.SparkTestSession;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IBM Telco churn export, ingested by its catalog entry and trained in tabular mode. */
@EnabledIf(value = "io.grapevine.SparkTestSession#sharedDatasetsPresent",
    disabledReason = "../shared/datasets is absent (a user's clone): the real-data tests are skipped")
class TelcoChurnTest {
  @TempDir
  static Path out;

  private static ModelCard card;
  private static Dataset<Row> risk;

  @BeforeAll
  static void trainAndScore() {
    SourceCatalog catalog = SourceCatalog.load(
        SparkTestSession.projectDir().resolve("jobs/shared-datasets-catalog.yaml").toString(),
        new Configuration()).only("telco_accounts");
    JobContext ctx = new JobContext(SparkTestSession.get(), out.toString(), Months.parse("2026-10"),
        io.grapevine.SparkTestSession.config());
    IngestJob.run(ctx, catalog, Privacy.withKey("test-key"), io.grapevine.core.MonthRange.upTo("2026-10"));
    StageRun train = TrainChurnJob.run(ctx);
    assertThat(train.details.get("mode")).isEqualTo("tabular");
    card = ModelCard.fromJson(ctx.storage().readText(ctx.storage().current(ctx.layout().churnModels("2026-10")) + "/" + ModelCard.FILE));
    ScoreChurnJob.run(ctx, null);
    risk = SparkTestSession.table(out, io.grapevine.core.Table.ACCOUNT_RISK);
  }

  @Test
  void reachesThePublishedRocAucOnTheHeldOutFifth() {
    assertThat(card.testMetrics.get("roc_auc")).isGreaterThanOrEqualTo(0.84);
    assertThat(card.testMetrics.get("pr_auc")).isGreaterThan(card.testMetrics.get("base_rate"));
    // A stratified fifth of 7,043 accounts: the overall churn rate, 1,869 / 7,043.
    assertThat(card.testRows).isBetween(1_400L, 1_420L);
    assertThat(card.testMetrics.get("base_rate")).isCloseTo(1_869.0 / 7_043, within(0.002));
  }

  @Test
  void isCalibrated() {
    assertThat(card.testMetrics.get("expected_calibration_error")).isLessThanOrEqualTo(0.05);
    assertThat(card.calibrationTable).hasSizeBetween(8, 10);
    double rows = card.calibrationTable.stream().mapToDouble(b -> b.get("rows")).sum();
    assertThat(rows).isEqualTo((double) card.testRows);
  }

  @Test
  void usesTheExportsAttributesAndNoFeedbackFeatures() {
    assertThat(card.numericFeatures).contains("tenure", "monthly_charges", "total_charges", "senior_citizen")
        .doesNotContain("negative_90d");
    assertThat(card.categoricalFeatures).contains("contract", "internet_service", "payment_method");
    assertThat(card.droppedFeatures).containsKey("negative_90d");
    assertThat(card.validationAuc).containsOnlyKeys("logistic_regression", "gradient_boosted_trees");
  }

  @Test
  void scoresTheCustomersWhoStayedWithTiersAndReasons() {
    // 7,043 accounts, 1,869 churned.
    assertThat(risk.count()).isEqualTo(7_043 - 1_869);
    List<Row> red = risk.where(col("tier").equalTo("red")).limit(20).collectAsList();
    assertThat(red).isNotEmpty();
    assertThat(red).allSatisfy(r -> assertThat(r.getList(r.fieldIndex("reasons"))).isNotEmpty());
  }

  @Test
  void weighsEachStayingCustomersRiskByTheMonthlyChargesTheExportDeclares() {
    Dataset<Row> charges = SparkTestSession.table(out, io.grapevine.core.Table.ACCOUNTS)
        .select(col("account_id"), col("monthly_charges"));
    Row sums = risk.join(charges, "account_id").agg(
        org.apache.spark.sql.functions.sum(col("revenue_at_risk")),
        org.apache.spark.sql.functions.sum(col("churn_probability").multiply(col("monthly_charges"))
            .multiply(col("horizon_days")).divide(30.4375)),
        org.apache.spark.sql.functions.count(col("revenue_at_risk"))).first();
    assertThat(sums.getLong(2)).isEqualTo(7_043 - 1_869);
    assertThat(sums.getDouble(0)).isPositive().isCloseTo(sums.getDouble(1), within(1e-6 * sums.getDouble(1)));
  }

  @Test
  void followsEveryCustomerFromSignupOverTheExportsTenure() {
    assertThat(card.survivalOrigin).isEqualTo("signup");
    assertThat(card.survivalNumericFeatures).doesNotContain("tenure").contains("monthly_charges");
    // Ranking the held-out fifth by expected months within the horizon separates who left from who stayed.
    assertThat(card.survivalTestRocAuc).isGreaterThan(0.75);
    Dataset<Row> curves = SparkTestSession.table(out, io.grapevine.core.Table.SURVIVAL);
    // Month 1 has every customer at risk, churners included: the curve covers all 7,043.
    long atStart = curves.where(col("month").equalTo(1)).agg(org.apache.spark.sql.functions.sum("at_risk"))
        .first().getLong(0);
    assertThat(atStart).isEqualTo(7_043);
    double red = survivalAt(curves, "red", 12);
    double green = survivalAt(curves, "green", 12);
    assertThat(red).isLessThan(green - 0.2);
    // Churns in the curves reconcile with the export's: those within the 24 months shown.
    long churned = curves.agg(org.apache.spark.sql.functions.sum("churned")).first().getLong(0);
    long within = SparkTestSession.table(out, io.grapevine.core.Table.ACCOUNTS)
        .where("churned AND tenure <= 24").count();
    assertThat(churned).isEqualTo(within);
  }

  @Test
  void givesEachStayingCustomerAnExpectedLifetimeAndRemainingValue() {
    Row r = risk.agg(org.apache.spark.sql.functions.min("expected_lifetime_months"),
        org.apache.spark.sql.functions.max("expected_lifetime_months"),
        org.apache.spark.sql.functions.count("expected_remaining_value")).first();
    assertThat(r.getDouble(0)).isPositive();
    assertThat(r.getDouble(1)).isLessThanOrEqualTo(24.0 + 1e-6);
    assertThat(r.getLong(2)).isEqualTo(7_043 - 1_869);
    // The red expect fewer months than the green.
    double redLife = risk.where("tier = 'red'").agg(org.apache.spark.sql.functions.avg("expected_lifetime_months")).first().getDouble(0);
    double greenLife = risk.where("tier = 'green'").agg(org.apache.spark.sql.functions.avg("expected_lifetime_months")).first().getDouble(0);
    assertThat(redLife).isLessThan(greenLife);
  }

  private static double survivalAt(Dataset<Row> curves, String tier, int month) {
    return curves.where(col("tier").equalTo(tier).and(col("month").equalTo(month))).first()
        .getDouble(curves.first().fieldIndex("survival"));
  }
}
