package io.grapevine.churn;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Reasons come from the model that scores the account, trees included: on accounts whose churn follows
 * unresolved complaints alone (seats are noise), each learner names the complaints for an account that
 * has many, and never the seats.
 */
class ReasonsTest {
  private static final List<String> NUMERIC = List.of("unresolved_complaints_90d", "seats");

  private static Dataset<Row> accounts() {
    StructType schema = new StructType().add("account_id", DataTypes.StringType)
        .add("unresolved_complaints_90d", DataTypes.DoubleType).add("seats", DataTypes.DoubleType)
        .add(ChurnFeatures.LABEL, DataTypes.DoubleType);
    SplittableRandom rnd = new SplittableRandom(7);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      double complaints = rnd.nextInt(5);
      double seats = 1 + rnd.nextInt(50);
      double p = 1 / (1 + Math.exp(-(-3 + 1.2 * complaints)));
      rows.add(RowFactory.create("a" + i, complaints, seats, rnd.nextDouble() < p ? 1.0 : 0.0));
    }
    return SparkTestSession.get().createDataFrame(rows, schema);
  }

  @Test
  void eachLearnerNamesWhatDrivesItsScore() {
    Dataset<Row> data = ChurnModel.weighted(accounts());
    io.grapevine.core.GrapevineConfig.Churn cfg = SparkTestSession.config().churn;
    for (ChurnModel.Algorithm algorithm : ChurnModel.Algorithm.values()) {
      PipelineModel model = ChurnModel.pipeline(NUMERIC, List.of(), algorithm, cfg).fit(data);
      Dataset<Row> scored = ChurnModel.score(model, data, true);
      // The scorer the reasons use gives the pipeline's own probability for the assembled vector.
      ChurnModel.VectorScorer scorer = new ChurnModel.VectorScorer(model);
      for (Row r : scored.select(ChurnModel.FEATURES, ChurnModel.SCORE).limit(50).collectAsList()) {
        assertThat(scorer.probability(((org.apache.spark.ml.linalg.Vector) r.get(0)).toArray()))
            .as(algorithm.name()).isCloseTo(r.getDouble(1), org.assertj.core.api.Assertions.within(1e-9));
      }
      Dataset<Row> explained = Reasons.add(scored, NUMERIC, model);
      assertThat(explained.columns()).doesNotContain(ChurnModel.FEATURES);
      List<Row> worst = explained.where(col("unresolved_complaints_90d").equalTo(4.0)).select(Reasons.REASONS)
          .collectAsList();
      assertThat(worst).as(algorithm.name()).isNotEmpty().allSatisfy(r ->
          assertThat(r.<String>getList(0)).first().asString().isEqualTo("4 unresolved complaint(s) in 90 days"));
      // An account with few complaints gets none as a reason: they lower its risk.
      assertThat(explained.where(col("unresolved_complaints_90d").equalTo(0.0)).select(Reasons.REASONS)
          .collectAsList()).as(algorithm.name()).noneSatisfy(r ->
              assertThat(r.<String>getList(0)).anySatisfy(w -> assertThat(w).contains("complaint")));
    }
  }
}
