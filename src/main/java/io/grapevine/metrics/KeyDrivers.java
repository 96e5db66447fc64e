package io.grapevine.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static io.grapevine.metrics.Counts.countIf;

import io.grapevine.core.AccountSchema;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Sentiment;
import io.grapevine.enrich.ReplySignals;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code driver_monthly}: per month, what moves negativity, NPS detractors and churn most. Each driver
 * (a theme; a subject where the sources map one; for churn also a signal in the company's reply) is
 * compared with the rest holding the channel fixed, and for churn the feedback's own mood too (an
 * apology goes to the unhappy, who leave more anyway): the Mantel-Haenszel odds ratio over those
 * strata, which for one binary driver is what a logistic regression with stratum fixed effects
 * estimates, with the Robins-Breslow-Greenland interval and a Wald test on its logarithm. The rest are
 * the rows with another driver of the same kind (another theme; a text-less row has no theme and is
 * left out of the comparison; for reply signals, the other replies). A text has one main theme, so the
 * themes need no joint model to hold each other fixed. Churn is the writer's account leaving within
 * {@code churn.horizon_days} after the feedback, counted only where that horizon is observed. Impact:
 * how far the month's rate would fall had the driver's rows had their stratum's rate, {@code sum over
 * strata of (outcomes - rows x stratum rate of the rows with a driver) / all the month's rows}. The
 * aggregation is one pass over the month's feedback; the estimates are computed on its counts.
 */
public final class KeyDrivers {
  public static final String NEGATIVE = "negative";
  public static final String DETRACTOR = "detractor";
  public static final String THEME = "theme";
  public static final String SUBJECT = "subject";
  /** Churn within the horizon after the feedback, of the account that wrote it. */
  public static final String CHURN = "churn";
  /** A signal in the company's reply (an apology...): a driver of churn only, the reply comes after. */
  public static final String REPLY = "reply";
  static final String FOLLOWED = "_gv_followed";
  static final String CHURNED = "_gv_churned";
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
      .add("general", DataTypes.BooleanType, false)
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
   * Adds the churn outcome to feedback rows: {@code _gv_followed}, the row's account was still there
   * when it wrote and the {@code horizonDays} after it are observed by {@code observedUntil}; and
   * {@code _gv_churned}, it left within them. {@code accounts} holds {@code account_id} and
   * {@code churn_ts}.
   */
  public static Dataset<Row> withChurn(Dataset<Row> enriched, Dataset<Row> accounts, int horizonDays,
      java.sql.Timestamp observedUntil) {
    Dataset<Row> churn = accounts.select(col(AccountSchema.ACCOUNT_ID).as("_gv_kd_account"),
        col(AccountSchema.CHURN_TS).as("_gv_kd_churn_ts")).dropDuplicates("_gv_kd_account");
    Column event = col(FeedbackSchema.EVENT_TS);
    Column until = event.plus(expr("make_interval(0, 0, 0, " + horizonDays + ")"));
    Column churnTs = col("_gv_kd_churn_ts");
    Column followed = col("_gv_kd_account").isNotNull().and(until.leq(lit(observedUntil)))
        .and(churnTs.isNull().or(churnTs.gt(event)));
    return enriched.join(org.apache.spark.sql.functions.broadcast(churn),
            col(FeedbackSchema.ACCOUNT_ID).equalTo(col("_gv_kd_account")), "left")
        .withColumn(FOLLOWED, followed)
        .withColumn(CHURNED, followed.and(coalesce(churnTs.leq(until), lit(false))))
        .drop("_gv_kd_account", "_gv_kd_churn_ts");
  }

  /**
   * @param enriched feedback with the theme and sentiment columns, the reply signals, and the churn
   *     outcome where accounts carry churn dates ({@link #withChurn})
   * @param months the months to write
   * @param general the general themes (praise or complaint about nothing in particular): ranked after
   *     the themes that are something to fix
   */
  public static Dataset<Row> compute(Dataset<Row> enriched, double confidence, List<String> months,
      java.util.Set<String> general) {
    List<String> columns = List.of(enriched.columns());
    Column negative = col(FeedbackSchema.SENTIMENT_LABEL).equalTo(Sentiment.NEGATIVE);
    Column detractor = col(FeedbackSchema.NPS).leq(6);
    Column followed = columns.contains(FOLLOWED) ? col(FOLLOWED) : lit(false);
    Column churned = columns.contains(CHURNED) ? col(CHURNED) : lit(false);
    // One pass: each row counts once in the month's totals (kind and driver null), once in its kind's
    // totals where it has a driver of that kind (driver null), and once per driver (a reply can carry
    // several signals).
    List<String> signals = columns.stream().filter(c -> c.startsWith(ReplySignals.PREFIX)).toList();
    StringBuilder replyDrivers = new StringBuilder("filter(array(");
    for (int i = 0; i < signals.size(); i++) {
      replyDrivers.append(i == 0 ? "" : ", ").append("IF(").append(signals.get(i)).append(", '")
          .append(signals.get(i).substring(ReplySignals.PREFIX.length())).append("', NULL)");
    }
    replyDrivers.append("), d -> d IS NOT NULL)");
    String pairs = "concat(array(named_struct('k', CAST(NULL AS STRING), 'd', CAST(NULL AS STRING))), "
        + kindPairs(THEME, Themes.THEME + " IS NOT NULL", "array(" + Themes.THEME + ")") + ", "
        + kindPairs(SUBJECT, FeedbackSchema.SUBJECT + " IS NOT NULL", "array(" + FeedbackSchema.SUBJECT + ")") + ", "
        + (signals.isEmpty() ? "array()" : kindPairs(REPLY, FeedbackSchema.RESPONSE_TEXT + " IS NOT NULL",
            replyDrivers.toString())) + ")";
    Dataset<Row> counted = enriched.where(col(FeedbackSchema.REPORT_MONTH).isin(months.toArray()))
        .withColumn("_kd", org.apache.spark.sql.functions.explode(expr(pairs)))
        .groupBy(col(FeedbackSchema.REPORT_MONTH), col(FeedbackSchema.CHANNEL), col("_kd.k").as("_kind"),
            col("_kd.d").as("_driver"), coalesce(negative, lit(false)).as("_negative"))
        .agg(count(col(FeedbackSchema.SENTIMENT_LABEL)).as("labelled"), countIf(negative).as("negative"),
            count(col(FeedbackSchema.NPS)).as("answers"), countIf(detractor).as("detractors"),
            countIf(followed).as("followed"), countIf(churned).as("churned"), count(lit(1)).as("rows"));
    // Subjects can be many (a ticket's subject line): the busiest MAX_SUBJECTS per month are kept,
    // ranked on the executors.
    Column volume = org.apache.spark.sql.functions.sum("rows").over(
        Window.partitionBy(col(FeedbackSchema.REPORT_MONTH), col("_kind"), col("_driver")));
    Column busiest = org.apache.spark.sql.functions.dense_rank().over(
        Window.partitionBy(col(FeedbackSchema.REPORT_MONTH), col("_kind"))
            .orderBy(col("_volume").desc(), col("_driver")));
    List<Row> counts = counted.withColumn("_volume", volume).withColumn("_busiest", busiest)
        .where(coalesce(col("_kind").notEqual(SUBJECT), lit(true)).or(col("_driver").isNull())
            .or(col("_busiest").leq(MAX_SUBJECTS + 1)))
        .drop("_volume", "_busiest", "rows").collectAsList();
    double z = Proportions.z(confidence);
    List<Row> out = new ArrayList<>();
    Map<String, List<Row>> byMonth = new TreeMap<>();
    counts.forEach(r -> byMonth.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<Row>> month : byMonth.entrySet()) {
      for (String outcome : List.of(NEGATIVE, DETRACTOR, CHURN)) {
        int rowsCol = outcome.equals(NEGATIVE) ? 5 : outcome.equals(DETRACTOR) ? 7 : 9;
        long monthRows = month.getValue().stream().filter(r -> r.isNullAt(2))
            .mapToLong(r -> r.getLong(rowsCol)).sum();
        for (String kind : outcome.equals(CHURN) ? List.of(THEME, SUBJECT, REPLY) : List.of(THEME, SUBJECT)) {
          // Per channel: totals of the rows that have a driver of this kind, and per driver. A row with
          // none (no text, so no theme; no subject mapped; no reply) is no evidence either way: counting
          // it with "the rest" would pull every odds ratio towards 1. It still counts in the month's rows.
          Map<String, long[]> channelTotals = new HashMap<>();
          Map<String, Map<String, long[]>> perDriver = new HashMap<>();
          for (Row r : month.getValue()) {
            if (r.isNullAt(2) || !r.getString(2).equals(kind)) {
              continue;
            }
            long rows = r.getLong(rowsCol);
            long yes = r.getLong(rowsCol + 1);
            // Churn is compared within the channel and the feedback's own mood: an apology goes to the
            // unhappy, who leave more anyway.
            String stratum = outcome.equals(CHURN) ? r.getString(1) + "\t" + r.getBoolean(4) : r.getString(1);
            if (r.isNullAt(3)) {
              add(channelTotals, stratum, rows, yes);
            } else if (rows > 0) {
              add(perDriver.computeIfAbsent(r.getString(3), k -> new HashMap<>()), stratum, rows, yes);
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
          boolean themes = kind.equals(THEME);
          rows.sort(Comparator.comparing((Object[] a) -> themes && general.contains((String) a[2]))
              .thenComparingDouble(a -> a[13] == null ? Double.MAX_VALUE : -(Double) a[13])
              .thenComparing(a -> (String) a[2]));
          for (int i = 0; i < rows.size(); i++) {
            Object[] a = rows.get(i);
            if (a[3].equals(0L)) {
              continue;
            }
            out.add(RowFactory.create(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11],
                a[12], a[13], themes && general.contains((String) a[2]), i + 1, confidence, month.getKey()));
          }
        }
      }
    }
    // A row per month, outcome and driver: over years of months, more than one task should carry (Spark
    // warns above 1 MB a task), so they are spread over a task per ROWS_PER_TASK.
    return enriched.sparkSession().createDataFrame(org.apache.spark.api.java.JavaSparkContext
        .fromSparkContext(enriched.sparkSession().sparkContext())
        .parallelize(out, Math.max(1, (out.size() + ROWS_PER_TASK - 1) / ROWS_PER_TASK)), SCHEMA);
  }

  private static final int ROWS_PER_TASK = 2_000;

  private static void add(Map<String, long[]> counts, String stratum, long rows, long yes) {
    long[] c = counts.computeIfAbsent(stratum, k -> new long[2]);
    c[0] += rows;
    c[1] += yes;
  }

  /** The (kind, driver) pairs of a row: its kind's total and each driver, where it has one. */
  private static String kindPairs(String kind, String has, String drivers) {
    return "IF(" + has + ", concat(array(named_struct('k', '" + kind + "', 'd', CAST(NULL AS STRING))), "
        + "transform(" + drivers + ", d -> named_struct('k', '" + kind + "', 'd', CAST(d AS STRING)))), "
        + "array())";
  }
}
