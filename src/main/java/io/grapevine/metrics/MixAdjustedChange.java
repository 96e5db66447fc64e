package io.grapevine.metrics;

import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;

/**
 * A month-over-month change of a group's negativity rate split into the part due to a change of
 * source mix and the part within sources. The within part standardizes on the previous month's mix:
 * over the sources labelled in both months, {@code sum(w0 * (r1 - r0))} with {@code w0} a source's
 * share of the previous month's labelled feedback; the mix part is the rest of the change (new
 * sources, gone sources, shifted weights). Only the within part is tested (a z-test with the
 * unpooled variance {@code sum(w0^2 * (r1(1-r1)/n1 + r0(1-r0)/n0))}), and a month's tests are
 * corrected for multiple comparisons by Benjamini-Hochberg when asked; both p-values are kept.
 */
public final class MixAdjustedChange {
  public static final String WITHIN = "negativity_change_within";
  public static final String MIX = "negativity_change_mix";
  public static final String P_VALUE = "negativity_within_p_value";
  public static final String P_ADJUSTED = "negativity_within_p_adjusted";
  public static final String SIGNIFICANT = "negativity_within_significant";
  /** {@code metrics.multiple_testing} values. */
  public static final String BENJAMINI_HOCHBERG = "benjamini_hochberg";
  public static final String NONE = "none";

  /** The within part's variance, a column of {@link #within}'s result. */
  public static final String VARIANCE = "_within_variance";

  private MixAdjustedChange() {}

  /**
   * Per month and group: the within-source change and its variance, from per-source counts
   * ({@code report_month}, {@code source}, the group keys, {@code negative}, {@code labelled}).
   */
  public static Dataset<Row> within(Dataset<Row> bySource, List<String> groupKeys) {
    List<String> keys = new ArrayList<>(groupKeys);
    if (!keys.contains(FeedbackSchema.SOURCE)) {
      keys.add(FeedbackSchema.SOURCE);
    }
    List<Column> prev = new ArrayList<>();
    prev.add(date_format(add_months(to_date(concat(col(FeedbackSchema.REPORT_MONTH), lit("-01"))), 1), "yyyy-MM")
        .as("_next"));
    for (String k : keys) {
      prev.add(col(k).as("_p_" + k));
    }
    prev.add(col("negative").as("_neg0"));
    prev.add(col("labelled").as("_n0"));
    Dataset<Row> before = bySource.where(col("labelled").gt(0)).select(prev.toArray(Column[]::new));
    Dataset<Row> now = bySource.where(col("labelled").gt(0));
    Column on = now.col(FeedbackSchema.REPORT_MONTH).equalTo(before.col("_next"));
    for (String k : keys) {
      on = on.and(now.col(k).eqNullSafe(before.col("_p_" + k)));
    }
    Column n0 = col("_n0").cast(DataTypes.DoubleType);
    Column n1 = col("labelled").cast(DataTypes.DoubleType);
    Column r0 = col("_neg0").divide(n0);
    Column r1 = col("negative").divide(n1);
    List<Column> group = new ArrayList<>();
    group.add(now.col(FeedbackSchema.REPORT_MONTH).as(FeedbackSchema.REPORT_MONTH));
    for (String k : groupKeys) {
      group.add(now.col(k).as(k));
    }
    Column weight = sum(n0);
    return now.join(before, on, "inner")
        .groupBy(group.toArray(Column[]::new))
        .agg(sum(n0.multiply(r1.minus(r0))).divide(weight).as(WITHIN),
            sum(n0.multiply(n0).multiply(r1.multiply(lit(1).minus(r1)).divide(n1)
                .plus(r0.multiply(lit(1).minus(r0)).divide(n0)))).divide(weight.multiply(weight)).as(VARIANCE));
  }

  /** Negative and labelled feedback per month, the keys given and source: what {@link #within} reads. */
  public static Dataset<Row> counts(Dataset<Row> enriched, List<String> keys) {
    List<Column> group = new ArrayList<>();
    for (String k : keys) {
      group.add(col(k));
    }
    if (!keys.contains(FeedbackSchema.SOURCE)) {
      group.add(col(FeedbackSchema.SOURCE));
    }
    Column label = col(FeedbackSchema.SENTIMENT_LABEL);
    return enriched.groupBy(group.toArray(Column[]::new))
        .agg(Counts.countIf(label.equalTo(io.grapevine.core.Sentiment.NEGATIVE)).as("negative"),
            count(label).as("labelled"));
  }

  /**
   * {@code monthly} (with {@code negativity_rate_change}) with the within and mix parts, the
   * within part's p-value, its adjusted p-value and whether that is below {@code 1 - confidence}.
   */
  public static Dataset<Row> add(Dataset<Row> monthly, Dataset<Row> bySource, List<String> groupKeys,
      double confidence, String multipleTesting) {
    Dataset<Row> w = within(bySource, groupKeys);
    List<String> joinKeys = new ArrayList<>(groupKeys);
    joinKeys.add(0, FeedbackSchema.REPORT_MONTH);
    Dataset<Row> joined = monthly.join(w, scala.jdk.javaapi.CollectionConverters.asScala(joinKeys).toSeq(), "left");
    Column variance = col(VARIANCE);
    Column p = when(variance.gt(0), Proportions.normalTwoSidedPValue(col(WITHIN).divide(sqrt(variance))));
    Dataset<Row> tested = joined
        .withColumn(MIX, col("negativity_rate_change").minus(col(WITHIN)))
        .withColumn(P_VALUE, p)
        .drop(VARIANCE);
    Dataset<Row> adjusted = NONE.equals(multipleTesting)
        ? tested.withColumn(P_ADJUSTED, col(P_VALUE))
        : benjaminiHochberg(tested, P_VALUE, P_ADJUSTED);
    // The table's own column order, then the new ones, report_month last as before.
    List<Column> out = new ArrayList<>();
    for (String c : monthly.columns()) {
      if (!c.equals(FeedbackSchema.REPORT_MONTH)) {
        out.add(col(c));
      }
    }
    for (String c : List.of(WITHIN, MIX, P_VALUE, P_ADJUSTED)) {
      out.add(col(c));
    }
    out.add(col(P_ADJUSTED).lt(1 - confidence).as(SIGNIFICANT));
    out.add(col(FeedbackSchema.REPORT_MONTH));
    return adjusted.select(out.toArray(Column[]::new));
  }

  /**
   * Benjamini-Hochberg adjusted p-values within each month: sorted ascending, the i-th of m tests
   * gets {@code min over j >= i of (m / j) p_(j)}, at most 1; rows without a p-value stay null.
   */
  static Dataset<Row> benjaminiHochberg(Dataset<Row> rows, String p, String adjusted) {
    WindowSpec month = Window.partitionBy(FeedbackSchema.REPORT_MONTH);
    Column ranked = row_number().over(month.orderBy(col(p).asc_nulls_last()));
    Dataset<Row> withRank = rows.withColumn("_bh_rank", ranked).withColumn("_bh_m", count(col(p)).over(month));
    Column scaled = col(p).multiply(col("_bh_m")).divide(col("_bh_rank"));
    // Ties in p: the higher rank first, so each tied test sees the others (and all tied get one value,
    // whatever order Spark met them in).
    WindowSpec fromTheTop = month.orderBy(col(p).desc_nulls_last(), col("_bh_rank").desc())
        .rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    return withRank.withColumn(adjusted, when(col(p).isNotNull(), least(lit(1.0), min(scaled).over(fromTheTop))))
        .drop("_bh_rank", "_bh_m");
  }
}
