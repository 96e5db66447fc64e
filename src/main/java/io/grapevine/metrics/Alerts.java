package io.grapevine.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;
import static io.grapevine.metrics.Counts.countIf;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.Sentiment;
import io.grapevine.enrich.Themes;
import java.util.List;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code alerts}: a day or a week in which a channel (or one theme, or one of its 50 busiest subjects,
 * in it) drew more negative feedback,
 * or a higher share of it, than its preceding weeks make plausible. The expected negatives of a day
 * come from the same weekday in the {@code baseline_weeks} before it (weekly seasonality), shrunk
 * toward the plain daily mean of those weeks by {@code shrink_weeks} pseudo-weeks, so a weekday with
 * few data does not swing it; of a week, from the mean of the weeks before. Counts are small, so the
 * tests are exact rather than normal approximations: the Poisson upper tail of the negatives given
 * the expected count, and the binomial upper tail of the negatives among the labelled given the
 * baseline negativity rate (the latter from {@code min_labelled} labelled texts). An alert needs a
 * p-value below {@code p_value} divided by the slices tested in the same period (Bonferroni) and at
 * least {@code min_excess} negatives above the expected, and a
 * slice needs {@code min_baseline_weeks} of history first. Each alert carries the ids of its negative
 * feedback, widest reach first.
 */
public final class Alerts {
  public static final String DAY = "day";
  public static final String WEEK = "week";
  static final int IDS = 10;
  /** Subjects per channel watched on their own, the busiest first. */
  static final int MAX_SUBJECTS = 50;
  /** A day as a number (days since 1970-01-01), what the windows over days and weeks range over. */
  private static final String ORDINAL = "_gv_ordinal";
  private static final String FIRST = "_gv_first";
  private static final String FIRST_WEEK = "_gv_first_week";
  private static final String LAST = "_gv_last";
  private static final String FIRSTS = "_gv_firsts";
  private static final String FIRST_WEEKS = "_gv_first_weeks";
  /** The slices tested in the same day or week. */
  static final String SLICES = "_gv_slices";

  private Alerts() {}

  /** Upper tail P(X >= k) of a Poisson variable with mean lambda (1 for k <= 0). */
  public static double poissonUpperTail(long k, double lambda) {
    return k <= 0 ? 1.0 : Gamma.regularizedGammaP(k, lambda);
  }

  /** Upper tail P(X >= k) of a binomial variable of n trials with success probability p (1 for k <= 0). */
  public static double binomialUpperTail(long k, long n, double p) {
    if (k <= 0) {
      return 1.0;
    }
    return k > n ? 0.0 : Beta.regularizedBeta(p, k, n - k + 1.0);
  }

  private static final UserDefinedFunction POISSON = functions.udf(
      (UDF2<Long, Double, Double>) (k, lambda) -> k == null || lambda == null ? null : poissonUpperTail(k, lambda),
      DataTypes.DoubleType).withName("grapevine_poisson_upper");
  private static final UserDefinedFunction BINOMIAL = functions.udf(
      (UDF3<Long, Long, Double, Double>) (k, n, p) -> k == null || n == null || p == null ? null
          : binomialUpperTail(k, n, p), DataTypes.DoubleType).withName("grapevine_binomial_upper");

  /**
   * Alerts over the days of {@code enriched} (with {@code event_ts}, {@code channel}, the theme and
   * sentiment columns), for periods starting in a month from {@code fromMonth} on.
   */
  public static Dataset<Row> compute(Dataset<Row> enriched, GrapevineConfig.Alerts cfg, String fromMonth) {
    return fromDaily(daily(enriched), cfg, fromMonth);
  }

  /**
   * Each slice's days that drew feedback: volume, labelled, negatives and the ids of the widest heard
   * negative feedback, keyed by day, channel, theme and subject (null where the slice is wider).
   */
  static Dataset<Row> daily(Dataset<Row> enriched) {
    Column negative = col(FeedbackSchema.SENTIMENT_LABEL).equalTo(Sentiment.NEGATIVE);
    // Negative feedback, widest reach first: what an alert points at.
    Column ranked = when(negative, functions.struct(coalesce(col(FeedbackSchema.REACH), lit(0L)).multiply(-1).cast("bigint").as("r"),
        col(FeedbackSchema.FEEDBACK_ID).as("id")));
    Dataset<Row> rows = enriched.withColumn(DAY, to_date(col(FeedbackSchema.EVENT_TS)));
    List<Column> aggregates = List.of(count(lit(1)).as("volume"),
        count(col(FeedbackSchema.SENTIMENT_LABEL)).as("labelled"), countIf(negative).as("negative"),
        expr("slice(array_sort(collect_list(_gv_ranked)), 1, " + IDS + ")").as("ids"));
    // The slices: each channel; each theme in it; each of its MAX_SUBJECTS busiest subjects. One
    // aggregation: a row counts in its channel's slice, its theme's and its subject's.
    Dataset<Row> busiest = rows.where(col(FeedbackSchema.SUBJECT).isNotNull())
        .groupBy(col(FeedbackSchema.CHANNEL).as("_gv_top_channel"), col(FeedbackSchema.SUBJECT).as("_gv_top_subject"))
        .count()
        .withColumn("_gv_rank", functions.row_number().over(Window.partitionBy(col("_gv_top_channel"))
            .orderBy(col("count").desc(), col("_gv_top_subject"))))
        .where(col("_gv_rank").leq(MAX_SUBJECTS)).drop("count", "_gv_rank");
    Dataset<Row> withRanked = rows.withColumn("_gv_ranked", ranked)
        .join(functions.broadcast(busiest), col(FeedbackSchema.CHANNEL).equalTo(col("_gv_top_channel"))
            .and(col(FeedbackSchema.SUBJECT).equalTo(col("_gv_top_subject"))), "left")
        .withColumn("_gv_slice", explode(expr("filter(array("
            + "named_struct('t', CAST(NULL AS STRING), 's', CAST(NULL AS STRING)), "
            + "IF(" + Themes.THEME + " IS NULL, NULL, named_struct('t', " + Themes.THEME + ", 's', CAST(NULL AS STRING))), "
            + "IF(_gv_top_subject IS NULL, NULL, named_struct('t', CAST(NULL AS STRING), 's', _gv_top_subject))"
            + "), x -> x IS NOT NULL)")));
    return withRanked
        .groupBy(col(DAY), col(FeedbackSchema.CHANNEL), col("_gv_slice.t").as(Themes.THEME),
            col("_gv_slice.s").as(FeedbackSchema.SUBJECT))
        .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
  }

  /** The alerts of {@link #daily} slices, for periods starting in a month from {@code fromMonth} on. */
  static Dataset<Row> fromDaily(Dataset<Row> daily, GrapevineConfig.Alerts cfg, String fromMonth) {
    // Only the days that drew feedback are rows: a quiet day adds nothing to a baseline's sums and
    // cannot alert, so what a quiet day contributes (it counts in a baseline's days, and its slice among
    // those tested that day) is worked out from the slice's first day. The cost follows the rows, not
    // the days spanned times the slices watched. AlertsTest holds this to the dense calendar.
    Column[] sliceKeys = {col(FeedbackSchema.CHANNEL), col(Themes.THEME), col(FeedbackSchema.SUBJECT)};
    Dataset<Row> numbered = daily.withColumn(ORDINAL, expr("unix_date(" + DAY + ")"));
    Dataset<Row> spans = numbered.withColumn(FIRST, min(ORDINAL).over(Window.partitionBy(sliceKeys)))
        .withColumn(FIRST_WEEK, expr(firstWeek(FIRST)));
    // Over all slices, one row: the last day of all (every slice runs to it), and each slice's first day
    // and first whole week, to count the slices tested on a day or in a week.
    Dataset<Row> bounds = functions.broadcast(numbered.groupBy(sliceKeys).agg(min(ORDINAL).as(FIRST), max(ORDINAL).as(LAST))
        .agg(max(LAST).as(LAST), collect_list(FIRST).as(FIRSTS), collect_list(expr(firstWeek(FIRST))).as(FIRST_WEEKS)));

    int days = cfg.baselineWeeks * 7;
    int minDays = cfg.minBaselineWeeks * 7;
    Column since = col(ORDINAL).minus(col(FIRST));
    WindowSpec sliceDays = Window.partitionBy(sliceKeys).orderBy(col(ORDINAL));
    WindowSpec before = sliceDays.rangeBetween(-days, -1);
    WindowSpec weekday = Window.partitionBy(col(FeedbackSchema.CHANNEL), col(Themes.THEME), col(FeedbackSchema.SUBJECT),
            dayofweek(col(DAY))).orderBy(col(ORDINAL)).rangeBetween(-days, -1);
    Column historyDays = least(lit(days), since);
    Column weekdays = least(lit(cfg.baselineWeeks), functions.floor(since.divide(7)));
    Column dailyMean = over(sum("negative"), before, col("history_days")).divide(positive(col("history_days")));
    Column expectedDay = over(sum("negative"), weekday, weekdays).plus(dailyMean.multiply(cfg.shrinkWeeks))
        .divide(positive(weekdays.plus(cfg.shrinkWeeks)));
    Dataset<Row> byDay = spans.crossJoin(bounds).withColumn("history_days", historyDays)
        .withColumn("expected_negative", expectedDay)
        .withColumn("baseline_negative", over(sum("negative"), before, col("history_days")))
        .withColumn("baseline_labelled", over(sum("labelled"), before, col("history_days")))
        .where(col("history_days").geq(minDays))
        .withColumn(SLICES, slicesSince(FIRSTS, minDays));

    // Weeks: only whole weeks of a slice (from its first Monday on, to the last day of all) are tested,
    // against the whole weeks before; a quiet one counts as a week with none.
    Dataset<Row> weekly = spans.withColumn(WEEK, to_date(date_trunc("week", col(DAY))))
        .groupBy(col(FeedbackSchema.CHANNEL), col(Themes.THEME), col(FeedbackSchema.SUBJECT), col(FIRST_WEEK), col(WEEK))
        .agg(sum("volume").as("volume"), sum("labelled").as("labelled"), sum("negative").as("negative"),
            slice(functions.array_sort(flatten(collect_list("ids"))), 1, IDS).as("ids"))
        .crossJoin(bounds)
        .withColumn(ORDINAL, expr("unix_date(" + WEEK + ")"))
        .where(col(ORDINAL).geq(col(FIRST_WEEK)).and(col(ORDINAL).plus(6).leq(col(LAST))));
    WindowSpec weeksBefore = Window.partitionBy(sliceKeys).orderBy(col(ORDINAL)).rangeBetween(-days, -1);
    Column historyWeeks = least(lit(cfg.baselineWeeks), col(ORDINAL).minus(col(FIRST_WEEK)).divide(7).cast("int"));
    Dataset<Row> byWeek = weekly.withColumn("history_weeks", historyWeeks)
        .withColumn("expected_negative", over(sum("negative"), weeksBefore, col("history_weeks"))
            .divide(positive(col("history_weeks"))))
        .withColumn("baseline_negative", over(sum("negative"), weeksBefore, col("history_weeks")))
        .withColumn("baseline_labelled", over(sum("labelled"), weeksBefore, col("history_weeks")))
        .where(col("history_weeks").geq(cfg.minBaselineWeeks))
        .withColumn(SLICES, slicesSince(FIRST_WEEKS, cfg.minBaselineWeeks * 7));
    return alertsOf(byDay, byWeek, cfg, fromMonth);
  }

  /**
   * The alerts among the days and weeks with a baseline ({@code expected_negative}, {@code baseline_negative},
   * {@code baseline_labelled}) and the slices tested in the same period ({@link #SLICES}).
   */
  static Dataset<Row> alertsOf(Dataset<Row> byDay, Dataset<Row> byWeek, GrapevineConfig.Alerts cfg, String fromMonth) {
    Dataset<Row> dayAlerts = tested(byDay, cfg).withColumn("period", lit(DAY)).withColumnRenamed(DAY, "period_start");
    Dataset<Row> weekAlerts = tested(byWeek, cfg).withColumn("period", lit(WEEK)).withColumnRenamed(WEEK, "period_start");

    List<Column> out = List.of(col("period"), col("period_start"), col(FeedbackSchema.CHANNEL), col(Themes.THEME),
        col(FeedbackSchema.SUBJECT),
        col("volume"), col("labelled"), col("negative"), col("expected_negative"), col("negativity_rate"),
        col("baseline_negativity_rate"), col("p_value_volume"), col("p_value_rate"), col("kind"),
        expr("transform(ids, s -> s.id)").as("feedback_ids"),
        date_format(col("period_start"), "yyyy-MM").as(FeedbackSchema.REPORT_MONTH));
    Dataset<Row> alerts = dayAlerts.select(out.toArray(Column[]::new))
        .unionByName(weekAlerts.select(out.toArray(Column[]::new)))
        .where(col(FeedbackSchema.REPORT_MONTH).geq(fromMonth));
    return alerts;
  }

  /** The Monday of the first whole week from the day numbered {@code ordinal} on, numbered the same way. */
  private static String firstWeek(String ordinal) {
    return "unix_date(to_date(date_trunc('week', date_from_unix_date(" + ordinal + " + 6))))";
  }

  /**
   * A sum over a window of {@code n} days or weeks before: 0 when none of them drew feedback, null when
   * there are none (as over an empty window).
   */
  private static Column over(Column sum, WindowSpec window, Column n) {
    return when(n.gt(0), coalesce(sum.over(window), lit(0L)));
  }

  /** {@code n} as a divisor: null where it is 0, so that a mean of nothing is null. */
  private static Column positive(Column n) {
    return when(n.gt(0), n);
  }

  /** The slices whose first day (or whole week) in {@code starts} lies at least {@code lag} days before the row's. */
  private static Column slicesSince(String starts, int lag) {
    return expr("size(filter(" + starts + ", f -> f + " + lag + " <= " + ORDINAL + "))");
  }

  /**
   * The two tests on a period with its expected negatives and baseline counts; only the alerts kept.
   * {@code p_value} holds for the whole period: each slice's test is held to it divided by the slices
   * tested in that period (Bonferroni), so watching more themes and subjects does not raise more false
   * alarms.
   */
  private static Dataset<Row> tested(Dataset<Row> periods, GrapevineConfig.Alerts cfg) {
    Column lambda = greatest(col("expected_negative"), lit(cfg.minExpected));
    Column baselineRate = col("baseline_negative").plus(1).divide(col("baseline_labelled").plus(2));
    Column excess = col("negative").minus(col("expected_negative")).geq(cfg.minExcess);
    Column pVolume = POISSON.apply(col("negative"), lambda);
    Column pRate = when(col("labelled").geq(cfg.minLabelled),
        BINOMIAL.apply(col("negative"), col("labelled"), baselineRate));
    // (positive: the optimizer may test rows before the filter that keeps only tested slices)
    Column threshold = lit(cfg.pValue).divide(positive(col(SLICES)));
    Column volumeAlert = col("p_value_volume").lt(threshold);
    Column rateAlert = coalesce(col("p_value_rate").lt(threshold), lit(false));
    return periods.withColumn("p_value_volume", pVolume).withColumn("p_value_rate", pRate)
        .withColumn("negativity_rate", Proportions.rate(col("negative"), col("labelled")))
        .withColumn("baseline_negativity_rate", baselineRate)
        .where(excess.and(volumeAlert.or(rateAlert)))
        .withColumn("kind", when(volumeAlert.and(rateAlert), lit("negative_volume_and_rate"))
            .when(volumeAlert, lit("negative_volume")).otherwise(lit("negativity_rate")));
  }
}
