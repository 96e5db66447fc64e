package io.grapevine.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.SparkTestSession;
import io.grapevine.core.GrapevineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LeakageGuardTest {
  /** 500 accounts: a weak honest signal, a column recorded after churn, a constant, an all-null. */
  private static Dataset<Row> train() {
    SplittableRandom rnd = new SplittableRandom(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      double label = rnd.nextDouble() < 0.3 ? 1.0 : 0.0;
      double tenure = rnd.nextDouble() * 60 - label * 10;
      double refund = label == 1.0 ? 50 + rnd.nextDouble() : rnd.nextDouble();
      rows.add(RowFactory.create(label, tenure, refund, 1.0, null, "basic"));
    }
    StructType schema = new StructType().add(ChurnFeatures.LABEL, DataTypes.DoubleType)
        .add("tenure", DataTypes.DoubleType).add("cancellation_refund", DataTypes.DoubleType)
        .add("always_one", DataTypes.DoubleType).add("never_known", DataTypes.DoubleType)
        .add("plan", DataTypes.StringType);
    return SparkTestSession.get().createDataFrame(rows, schema);
  }

  @Test
  void aColumnThatAloneGivesTheLabelAwayIsLeftOutAndReported() {
    GrapevineConfig.Churn cfg = GrapevineConfig.defaults().churn;
    List<String> numeric = new ArrayList<>(List.of("tenure", "cancellation_refund", "always_one", "never_known"));
    List<String> categorical = new ArrayList<>(List.of("plan"));
    ModelCard card = new ModelCard();
    long[] counted = TrainChurnJob.dropUninformative(train(), numeric, categorical, card);
    TrainChurnJob.guardLeakage(train(), numeric, categorical, cfg, card);

    // The training rows and their churners, which train-churn needs both kinds of.
    assertThat(counted).containsExactly(500, train().where("label = 1").count());
    assertThat(counted[1]).isBetween(100L, 200L);
    assertThat(numeric).containsExactly("tenure");
    assertThat(categorical).isEmpty();
    assertThat(card.droppedFeatures).containsOnlyKeys("cancellation_refund", "always_one", "never_known", "plan");
    assertThat(card.droppedFeatures.get("cancellation_refund"))
        .startsWith("suspected leak: alone it reaches ROC AUC 1.000");
    assertThat(card.singleFeatureAuc.get("tenure")).isBetween(0.55, 0.9);
  }

  @Test
  void aCategoryRecordedAfterChurnIsLeftOutAnHonestOneKept() {
    // A churn reason, known only for those who left (IBM's Telco workbook has one), and a plan whose
    // churn rates differ honestly.
    SplittableRandom rnd = new SplittableRandom(8);
    List<Row> rows = new ArrayList<>();
    String[] reasons = {"Competitor offered more data", "Moved", "Price too high"};
    for (int i = 0; i < 600; i++) {
      String plan = new String[] {"monthly", "yearly", "two_year"}[i % 3];
      double rate = plan.equals("monthly") ? 0.45 : plan.equals("yearly") ? 0.15 : 0.05;
      double label = rnd.nextDouble() < rate ? 1.0 : 0.0;
      rows.add(RowFactory.create(label, plan, label == 1.0 ? reasons[rnd.nextInt(3)] : "unknown"));
    }
    Dataset<Row> train = SparkTestSession.get().createDataFrame(rows, new StructType()
        .add(ChurnFeatures.LABEL, DataTypes.DoubleType).add("contract", DataTypes.StringType)
        .add("churn_reason", DataTypes.StringType));
    List<String> categorical = new ArrayList<>(List.of("contract", "churn_reason"));
    ModelCard card = new ModelCard();
    TrainChurnJob.guardLeakage(train, new ArrayList<>(), categorical, GrapevineConfig.defaults().churn, card);
    assertThat(categorical).containsExactly("contract");
    assertThat(card.droppedFeatures.get("churn_reason")).startsWith("suspected leak: alone it reaches ROC AUC 1.000");
    // The contract alone: churners rank above stayers by their plan's rate, ties counted half.
    assertThat(card.singleFeatureAuc.get("contract")).isBetween(0.65, 0.85);
  }

  @Test
  void theConfigCanKeepAFlaggedColumn() {
    GrapevineConfig.Churn cfg = GrapevineConfig.load(null,
        List.of("churn.keep_features=[cancellation_refund]")).churn;
    List<String> numeric = new ArrayList<>(List.of("tenure", "cancellation_refund"));
    ModelCard card = new ModelCard();
    TrainChurnJob.guardLeakage(train(), numeric, new ArrayList<>(), cfg, card);
    assertThat(numeric).containsExactly("tenure", "cancellation_refund");
    assertThat(card.droppedFeatures).isEmpty();
    assertThat(card.singleFeatureAuc.get("cancellation_refund")).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void eachFeaturesAucAloneEqualsSparksEvaluatorTiesIncluded() {
    // Rounded values: many ties, and fewer distinct values than the evaluator's 1,000 bins, so its AUC is exact.
    Dataset<Row> rows = train().selectExpr(ChurnFeatures.LABEL, "round(tenure / 5) AS tenure_5",
        "round(cancellation_refund) AS refund", "always_one", "never_known");
    Map<String, Double> aucs = TrainChurnJob.singleFeatureAuc(rows,
        List.of("tenure_5", "refund", "always_one", "never_known"));
    for (String f : List.of("tenure_5", "refund", "always_one")) {
      double spark = new BinaryClassificationEvaluator().setLabelCol(ChurnFeatures.LABEL).setRawPredictionCol(f)
          .evaluate(rows.where(rows.col(f).isNotNull()));
      assertThat(aucs.get(f)).as(f).isCloseTo(spark, within(1e-9));
    }
    assertThat(aucs.get("always_one")).isEqualTo(0.5);
    assertThat(aucs.get("tenure_5")).isLessThan(0.45);
    assertThat(aucs).doesNotContainKey("never_known");
  }
}
