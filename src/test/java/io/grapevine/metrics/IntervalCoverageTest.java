package io.grapevine.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The statistics tested as statistics: on groups simulated with known rates, the Wilson 95% intervals
 * that the tables carry cover the truth about 95% of the time, and the two-proportion test behind
 * the amplification p-value holds its 5% level when rates are equal and finds real differences.
 */
class IntervalCoverageTest {
  private static final int GROUPS = 1_000;
  private static final double[] RATES = {0.03, 0.1, 0.25, 0.45, 0.65, 0.9};
  private static final int[] SIZES = {40, 120, 400, 1500};

  @Test
  void wilsonIntervalsInTheTablesCoverTheTrueRate() {
    Well19937c random = new Well19937c(20261122L);
    List<Row> groups = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      double p = RATES[g % RATES.length];
      int n = SIZES[(g / RATES.length) % SIZES.length];
      groups.add(RowFactory.create(p, (long) n, (long) new BinomialDistribution(random, n, p).sample()));
    }
    StructType schema = new StructType().add("truth", DataTypes.DoubleType)
        .add("n", DataTypes.LongType).add("x", DataTypes.LongType);
    Dataset<Row> intervals = SparkTestSession.get().createDataFrame(groups, schema)
        .withColumn("low", Proportions.wilsonLow(col("x"), col("n"), 0.95))
        .withColumn("high", Proportions.wilsonHigh(col("x"), col("n"), 0.95))
        .withColumn("covered", when(col("low").leq(col("truth")).and(col("high").geq(col("truth"))), lit(1))
            .otherwise(lit(0)));
    Row r = intervals.agg(org.apache.spark.sql.functions.avg("covered"), org.apache.spark.sql.functions.count("*"))
        .first();
    double coverage = r.getDouble(0);
    System.out.printf("Wilson 95%% coverage over %d simulated groups: %.3f%n", r.getLong(1), coverage);
    assertThat(r.getLong(1)).isEqualTo(GROUPS);
    assertThat(coverage).isBetween(0.93, 0.97);
    // Every rate and size on its own stays near 95% too (looser: 1,000 / 24 groups per cell).
    for (Row cell : intervals.groupBy("truth").agg(org.apache.spark.sql.functions.avg("covered")).collectAsList()) {
      assertThat(cell.getDouble(1)).as("coverage at rate %s", cell.get(0)).isBetween(0.88, 1.0);
    }
  }

  @Test
  void amplificationTestHoldsItsLevelAndHasPower() {
    Well19937c random = new Well19937c(7L);
    int trials = 2_000;
    int n = 150;
    int falseAlarms = 0;
    int detected = 0;
    for (int t = 0; t < trials; t++) {
      // Equal told-10+ rates for unhappy and happy customers: rejections are false alarms.
      BinomialDistribution same = new BinomialDistribution(random, n, 0.30);
      if (Proportions.twoProportionPValue(same.sample(), n, same.sample(), n) < 0.05) {
        falseAlarms++;
      }
      // The research figures: 48% against 23%.
      long unhappy = new BinomialDistribution(random, n, 0.48).sample();
      long happy = new BinomialDistribution(random, n, 0.23).sample();
      if (Proportions.twoProportionPValue(unhappy, n, happy, n) < 0.05) {
        detected++;
      }
    }
    double level = (double) falseAlarms / trials;
    double power = (double) detected / trials;
    System.out.printf("Two-proportion test, %d answers per side, %d trials: level %.3f at 5%%, power %.3f for 48%% vs 23%%%n",
        n, trials, level, power);
    assertThat(level).isBetween(0.03, 0.07);
    assertThat(power).isGreaterThan(0.95);
  }
}
