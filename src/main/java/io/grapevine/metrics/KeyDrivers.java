package io.grapevine.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static io.grapevine.metrics.Counts.countIf;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Sentiment;
import io.grapevine.enrich.Themes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code driver_monthly}: per month, what moves negativity and NPS detractors most. Each driver (a
 * theme, or a subject where the sources map one) is compared with the rest of the feedback holding the
 * channel fixed: the Mantel-Haenszel odds ratio over channel strata, which for one binary driver is
 * what a logistic regression with channel fixed effects estimates, with the Robins-Breslow-Greenland
 * interval and a Wald test on its logarithm. The rest are the rows with another driver of the same
 * kind (another theme; a text-less row has no theme and is left out of the comparison). A text has one
 * main theme, so the themes need no joint model to hold each other fixed. Its impact: how far the
 * month's rate would fall had the driver's rate been its channel's, {@code sum over channels of
 * (outcomes - rows x channel rate of the rows with a driver) / all the month's rows}.
 * The aggregation is one pass over the month's feedback; the estimates are computed on its counts.
 */
public final class KeyDrivers {
  public static final String NEGATIVE = "negative";
  public static final String DETRACTOR = "detractor";
  public static final String THEME = "theme";
  public static final String SUBJECT = "subject";
  /** Subjects per month and channel taken as drivers, the busiest first. */
  static final int MAX_SUBJECTS = 50;

  static final StructType SCHEMA = new StructType()
      .add("outcome", DataTypes.StringType, false)
      .add("driver_kind", DataTypes.StringType, false)
      .add("driver", DataTypes.StringType, false)
      .add("rows_with", DataTypes.LongType, false)
      .add("rows_without", DataTypes.LongType, false)
      .add("rate_with", DataTypes.DoubleType, true)
      .add("rate_without", DataTypes.DoubleType, true)
      .add("odds_ratio", DataTypes.DoubleType, true)
      .add("log_odds_ratio", DataTypes.DoubleType, true)
      .add("log_odds_ratio_se", DataTypes.DoubleType, true)
      .add("odds_ratio_ci_low", DataTypes.DoubleType, true)
      .add("odds_ratio_ci_high", DataTypes.DoubleType, true)
      .add("p_value", DataTypes.DoubleType, true)
      .add("impact", DataTypes.DoubleType, true)
      .add("rank", DataTypes.IntegerType, false)
      .add("confidence", DataTypes.DoubleType, false)
      .add(FeedbackSchema.REPORT_MONTH, DataTypes.StringType, false);

  private KeyDrivers() {}

  /** Counts of one stratum (channel) for one driver: with and without it, outcome or not. */
  record Cell(long withYes, long withNo, long withoutYes, long withoutNo) {}

  /** One driver's estimate over its strata. */
  record Estimate(long rowsWith, long rowsWithout, Double rateWith, Double rateWithout, Double oddsRatio,
      Double logSe, Double impact) {}

  /**
   * Mantel-Haenszel odds ratio with the Robins-Breslow-Greenland variance of its logarithm, and the
   * impact (outcomes above the channel's rate, per row of the month).
   */
  static Estimate estimate(List<Cell> strata, long monthRows) {
    double r = 0, s = 0, pr = 0, psqr = 0, qs = 0;
    long rowsWith = 0, rowsWithout = 0, yesWith = 0, yesWithout = 0;
    double excess = 0;
    for (Cell c : strata) {
      double n = c.withYes() + c.withNo() + c.withoutYes() + c.withoutNo();
      rowsWith += c.withYes() + c.withNo();
      rowsWithout += c.withoutYes() + c.withoutNo();
      yesWith += c.withYes();
      yesWithout += c.withoutYes();
      if (n == 0) {
        continue;
      }
      double channelRate = (c.withYes() + c.withoutYes()) / n;
      excess += c.withYes() - (c.withYes() + c.withNo()) * channelRate;
      double rk = c.withYes() * (double) c.withoutNo() / n;
      double sk = c.withNo() * (double) c.withoutYes() / n;
      double p = (c.withYes() + c.withoutNo()) / n;
      double q = (c.withNo() + c.withoutYes()) / n;
      r += rk;
      s += sk;
      pr += p * rk;
      psqr += p * sk + q * rk;
      qs += q * sk;
    }
    Double or = r > 0 && s > 0 ? r / s : null;
    Double se = or == null ? null : Math.sqrt(pr / (2 * r * r) + psqr / (2 * r * s) + qs / (2 * s * s));
    return new Estimate(rowsWith, rowsWithout, rowsWith == 0 ? null : (double) yesWith / rowsWith,
        rowsWithout == 0 ? null : (double) yesWithout / rowsWithout, or, se,
        monthRows == 0 ? null : excess / monthRows);
  }

  /**
   * @param enriched feedback with the theme and sentiment columns
   * @param months the months to write
   */
  public static Dataset<Row> compute(Dataset<Row> enriched, double confidence, List<String> months) {
    Column negative = col(FeedbackSchema.SENTIMENT_LABEL).equalTo(Sentiment.NEGATIVE);
    Column detractor = col(FeedbackSchema.NPS).leq(6);
    // One aggregation: per month, channel and driver, the rows and outcomes of each kind.
    Dataset<Row> themed = enriched.where(col(FeedbackSchema.REPORT_MONTH).isin(months.toArray()))
        .withColumn("_kind", lit(THEME)).withColumn("_driver", col(Themes.THEME))
        .unionByName(enriched.where(col(FeedbackSchema.REPORT_MONTH).isin(months.toArray()))
            .withColumn("_kind", lit(SUBJECT)).withColumn("_driver", col(FeedbackSchema.SUBJECT)));
    List<Row> counts = themed.groupBy(col(FeedbackSchema.REPORT_MONTH), col(FeedbackSchema.CHANNEL), col("_kind"),
            col("_driver"))
        .agg(count(col(FeedbackSchema.SENTIMENT_LABEL)).as("labelled"), countIf(negative).as("negative"),
            count(col(FeedbackSchema.NPS)).as("answers"), countIf(detractor).as("detractors"))
        .collectAsList();
    double z = Proportions.z(confidence);
    List<Row> out = new ArrayList<>();
    Map<String, List<Row>> byMonth = new TreeMap<>();
    counts.forEach(r -> byMonth.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<Row>> month : byMonth.entrySet()) {
      for (String outcome : List.of(NEGATIVE, DETRACTOR)) {
        int rowsCol = outcome.equals(NEGATIVE) ? 4 : 6;
        for (String kind : List.of(THEME, SUBJECT)) {
          // Per channel: totals of the rows that have a driver of this kind, and per driver. A row with
          // none (no text, so no theme; no subject mapped) is no evidence either way: counting it with
          // "the rest" would pull every odds ratio towards 1. It still counts in the month's rows.
          Map<String, long[]> channelTotals = new HashMap<>();
          Map<String, Map<String, long[]>> perDriver = new HashMap<>();
          long monthRows = 0;
          for (Row r : month.getValue()) {
            if (!r.getString(2).equals(kind)) {
              continue;
            }
            long rows = r.getLong(rowsCol);
            long yes = r.getLong(rowsCol + 1);
            monthRows += rows;
            if (!r.isNullAt(3) && rows > 0) {
              long[] t = channelTotals.computeIfAbsent(r.getString(1), k -> new long[2]);
              t[0] += rows;
              t[1] += yes;
              perDriver.computeIfAbsent(r.getString(3), k -> new HashMap<>()).put(r.getString(1), new long[] {rows, yes});
            }
          }
          List<String> drivers = new ArrayList<>(perDriver.keySet());
          if (kind.equals(SUBJECT)) {
            drivers.sort(Comparator.comparingLong((String d) -> -perDriver.get(d).values().stream()
                .mapToLong(v -> v[0]).sum()).thenComparing(d -> d));
            drivers = drivers.subList(0, Math.min(MAX_SUBJECTS, drivers.size()));
          }
          List<Object[]> rows = new ArrayList<>();
          for (String d : drivers) {
            List<Cell> strata = new ArrayList<>();
            channelTotals.forEach((channel, t) -> {
              long[] w = perDriver.get(d).getOrDefault(channel, new long[2]);
              strata.add(new Cell(w[1], w[0] - w[1], t[1] - w[1], (t[0] - t[1]) - (w[0] - w[1])));
            });
            Estimate e = estimate(strata, monthRows);
            Double log = e.oddsRatio() == null ? null : Math.log(e.oddsRatio());
            rows.add(new Object[] {outcome, kind, d, e.rowsWith(), e.rowsWithout(), e.rateWith(), e.rateWithout(),
                e.oddsRatio(), log, e.logSe(),
                log == null ? null : Math.exp(log - z * e.logSe()), log == null ? null : Math.exp(log + z * e.logSe()),
                log == null || e.logSe() == 0 ? null : Proportions.normalTwoSidedPValue(log / e.logSe()),
                e.impact()});
          }
          rows.sort(Comparator.comparingDouble((Object[] a) -> a[13] == null ? Double.MAX_VALUE : -(Double) a[13])
              .thenComparing(a -> (String) a[2]));
          for (int i = 0; i < rows.size(); i++) {
            Object[] a = rows.get(i);
            if (a[3].equals(0L)) {
              continue;
            }
            out.add(RowFactory.create(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11],
                a[12], a[13], i + 1, confidence, month.getKey()));
          }
        }
      }
    }
    return enriched.sparkSession().createDataFrame(out, SCHEMA);
  }
}
