package io.grapevine.metrics;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Statistics of proportions, as Spark columns over aggregated counts: the Wilson score interval and
 * the two-sided two-proportion z-test. The normal quantiles and tail come from commons-math3.
 */
public final class Proportions {
  private static final NormalDistribution NORMAL = new NormalDistribution();

  private Proportions() {}

  /** The normal quantile for a two-sided interval at {@code confidence}: 1.96 for 0.95. */
  public static double z(double confidence) {
    return NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
  }

  /** {@code x / n}, null when {@code n} is 0. */
  public static Column rate(Column x, Column n) {
    return when(n.gt(0), x.cast(DataTypes.DoubleType).divide(n));
  }

  /** {@code x / n} and its Wilson interval, as three named columns: the rate, its low and high ends. */
  public static List<Column> withInterval(Column x, Column n, double confidence, String rate, String low,
      String high) {
    return List.of(rate(x, n).as(rate), wilsonLow(x, n, confidence).as(low), wilsonHigh(x, n, confidence).as(high));
  }

  public static Column wilsonLow(Column x, Column n, double confidence) {
    return wilson(x, n, z(confidence), -1);
  }

  public static Column wilsonHigh(Column x, Column n, double confidence) {
    return wilson(x, n, z(confidence), 1);
  }

  private static Column wilson(Column x, Column n, double z, int sign) {
    Column p = x.cast(DataTypes.DoubleType).divide(n);
    Column z2n = lit(z * z).divide(n);
    Column center = p.plus(z2n.divide(2)).divide(z2n.plus(1));
    Column half = lit(z).multiply(sqrt(p.multiply(lit(1).minus(p)).divide(n)
        .plus(lit(z * z).divide(n.multiply(n).multiply(4))))).divide(z2n.plus(1));
    // At x = 0 or x = n the bound is exactly 0 or 1; rounding must not leave the rate outside it.
    Column exact = sign < 0 ? when(x.equalTo(0), lit(0.0)) : when(x.equalTo(n), lit(1.0));
    return when(n.gt(0), org.apache.spark.sql.functions.coalesce(exact, center.plus(half.multiply(sign))));
  }

  /**
   * Two-sided p-value of the pooled two-proportion z-test of {@code x1/n1 = x2/n2}; null when a
   * group is empty or the pooled proportion is 0 or 1 (nothing to test).
   */
  public static Double twoProportionPValue(long x1, long n1, long x2, long n2) {
    if (n1 == 0 || n2 == 0) {
      return null;
    }
    double pooled = (double) (x1 + x2) / (n1 + n2);
    if (pooled <= 0 || pooled >= 1) {
      return null;
    }
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    double zScore = ((double) x1 / n1 - (double) x2 / n2) / se;
    return 2 * NORMAL.cumulativeProbability(-Math.abs(zScore));
  }

  private static final UserDefinedFunction NORMAL_TWO_SIDED = functions.udf(
      (org.apache.spark.sql.api.java.UDF1<Double, Double>) z -> z == null || z.isNaN() ? null
          : normalTwoSidedPValue(z), DataTypes.DoubleType).withName("grapevine_normal_p");

  /** Two-sided p-value of a standard normal z score. */
  public static double normalTwoSidedPValue(double z) {
    return 2 * NORMAL.cumulativeProbability(-Math.abs(z));
  }

  /** Two-sided p-value of a standard normal z score (null for a null or NaN score). */
  public static Column normalTwoSidedPValue(Column z) {
    return NORMAL_TWO_SIDED.apply(z);
  }

  private static final UserDefinedFunction TWO_PROPORTION =
      functions.udf(new TwoProportion(), DataTypes.DoubleType);

  /** The two-proportion test as a column over per-group counts (use on aggregates only). */
  public static Column twoProportionPValue(Column x1, Column n1, Column x2, Column n2) {
    return TWO_PROPORTION.apply(x1, n1, x2, n2);
  }

  static final class TwoProportion implements UDF4<Long, Long, Long, Long, Double> {
    private static final long serialVersionUID = 1L;

    @Override
    public Double call(Long x1, Long n1, Long x2, Long n2) {
      if (x1 == null || n1 == null || x2 == null || n2 == null) {
        return null;
      }
      return twoProportionPValue(x1, n1, x2, n2);
    }
  }
}
