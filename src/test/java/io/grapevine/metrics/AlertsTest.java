package io.grapevine.metrics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.enrich.Themes;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Alerts} computes its baselines from the days that drew feedback only. Its definition is the
 * dense calendar (every day of every slice from the slice's first day to the last day of all, quiet days
 * as zeros), written out below as it was computed before: on generated feedback with quiet stretches,
 * slices that start late and planted spikes, both give the very same alerts.
 */
class AlertsTest {
  private static final LocalDate START = LocalDate.of(2025, 1, 1);
  private static Dataset<Row> daily;

  @BeforeAll
  static void feedback() {
    StructType schema = new StructType()
        .add(FeedbackSchema.FEEDBACK_ID, DataTypes.StringType)
        .add(FeedbackSchema.EVENT_TS, DataTypes.TimestampType)
        .add(FeedbackSchema.CHANNEL, DataTypes.StringType)
        .add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType)
        .add(FeedbackSchema.REACH, DataTypes.LongType)
        .add(Themes.THEME, DataTypes.StringType)
        .add(FeedbackSchema.SUBJECT, DataTypes.StringType);
    SplittableRandom rnd = new SplittableRandom(7);
    List<Row> rows = new ArrayList<>();
    for (int day = 0; day < 420; day++) {
      // a: every day; b: from day 40, quiet from 150 to 230; c: from day 100, one day in five.
      add(rows, rnd, "a", day, 4, day == 200 ? 30 : 0, "t1");
      if (day >= 40 && (day < 150 || day > 230)) {
        add(rows, rnd, "b", day, 3, day == 300 ? 20 : 0, "t2");
      }
      if (day >= 100 && day % 5 == 0) {
        add(rows, rnd, "c", day, 6, day >= 350 && day < 357 ? 12 : 0, null);
      }
    }
    daily = Alerts.daily(SparkTestSession.get().createDataFrame(rows, schema)).cache();
  }

  /** About {@code mean} rows of {@code channel} on {@code day}, and {@code spike} more negative ones of {@code theme}. */
  private static void add(List<Row> rows, SplittableRandom rnd, String channel, int day, int mean, int spike, String theme) {
    int n = rnd.nextInt(2 * mean + 1);
    for (int i = 0; i < n + spike; i++) {
      boolean planted = i >= n;
      double u = rnd.nextDouble();
      String label = planted || u < 0.25 ? "negative" : u < 0.8 ? "positive" : u < 0.9 ? "neutral" : null;
      String t = planted ? theme : rnd.nextBoolean() ? "t" + (1 + rnd.nextInt(3)) : null;
      String subject = rnd.nextInt(3) == 0 ? "s" + rnd.nextInt(4) : null;
      Timestamp at = Timestamp.valueOf(START.plusDays(day).atTime(8 + rnd.nextInt(12), rnd.nextInt(60)));
      rows.add(RowFactory.create(channel + "-" + day + "-" + i, at, channel, label, (long) rnd.nextInt(500), t, subject));
    }
  }

  private static List<String> sorted(Dataset<Row> alerts) {
    return alerts.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  @Test
  void theDaysThatDrewFeedbackGiveTheDenseCalendarsAlerts() {
    GrapevineConfig.Alerts defaults = SparkTestSession.config().metrics.alerts;
    List<String> sparse = sorted(Alerts.fromDaily(daily, defaults, "2025-01"));
    assertThat(sparse).isEqualTo(sorted(dense(daily, defaults, "2025-01")));
    // The planted spikes are found: a's day, b's day after its quiet stretch, c's week.
    assertThat(sparse).anyMatch(a -> a.startsWith("[day,2025-07-20,a,null,null,"))
        .anyMatch(a -> a.startsWith("[day,2025-10-28,b,null,null,"))
        .anyMatch(a -> a.startsWith("[week,2025-12-15,c,null,null,"));
  }

  @Test
  void aLooserConfigurationAgreesToo() {
    GrapevineConfig.Alerts loose = new GrapevineConfig.Alerts();
    loose.baselineWeeks = 3;
    loose.shrinkWeeks = 0;
    loose.minBaselineWeeks = 1;
    loose.pValue = 0.2;
    loose.minExcess = 1;
    loose.minExpected = 0.5;
    loose.minLabelled = 5;
    List<String> sparse = sorted(Alerts.fromDaily(daily, loose, "2025-03"));
    assertThat(sparse).hasSizeGreaterThan(20).anyMatch(a -> a.startsWith("[week,"))
        .anyMatch(a -> a.matches("\\[week,[^,]*,b,null,s\\d,.*"))
        .noneMatch(a -> a.contains(",2025-02-"));
    assertThat(sparse).isEqualTo(sorted(dense(daily, loose, "2025-03")));
  }

  /** The definition: alerts over a dense calendar of every slice's days. */
  private static Dataset<Row> dense(Dataset<Row> daily, GrapevineConfig.Alerts cfg, String fromMonth) {
    String day = Alerts.DAY;
    Column[] slice = {col(FeedbackSchema.CHANNEL), col(Themes.THEME), col(FeedbackSchema.SUBJECT)};
    Dataset<Row> calendar = daily.groupBy(slice).agg(min(day).as("first"))
        .crossJoin(daily.agg(max(day).as("last")))
        .withColumn(day, explode(sequence(col("first"), col("last"))))
        .select(FeedbackSchema.CHANNEL, Themes.THEME, FeedbackSchema.SUBJECT, day);
    Column same = col("c." + FeedbackSchema.CHANNEL).equalTo(col("d." + FeedbackSchema.CHANNEL))
        .and(col("c." + Themes.THEME).eqNullSafe(col("d." + Themes.THEME)))
        .and(col("c." + FeedbackSchema.SUBJECT).eqNullSafe(col("d." + FeedbackSchema.SUBJECT)))
        .and(col("c." + day).equalTo(col("d." + day)));
    Dataset<Row> dense = calendar.as("c").join(daily.as("d"), same, "left")
        .select(col("c." + FeedbackSchema.CHANNEL).as(FeedbackSchema.CHANNEL), col("c." + Themes.THEME).as(Themes.THEME),
            col("c." + FeedbackSchema.SUBJECT).as(FeedbackSchema.SUBJECT), col("c." + day).as(day),
            coalesce(col("d.volume"), lit(0L)).as("volume"), coalesce(col("d.labelled"), lit(0L)).as("labelled"),
            coalesce(col("d.negative"), lit(0L)).as("negative"),
            coalesce(col("d.ids"), expr("array()").cast("array<struct<r:bigint,id:string>>")).as("ids"));
    int days = cfg.baselineWeeks * 7;
    WindowSpec bySlice = Window.partitionBy(slice).orderBy(col(day));
    WindowSpec before = bySlice.rowsBetween(-days, -1);
    WindowSpec weekday = Window.partitionBy(col(FeedbackSchema.CHANNEL), col(Themes.THEME), col(FeedbackSchema.SUBJECT),
        dayofweek(col(day))).orderBy(col(day)).rowsBetween(-cfg.baselineWeeks, -1);
    Column dailyMean = sum("negative").over(before).divide(count(lit(1)).over(before));
    Column expected = sum("negative").over(weekday).plus(dailyMean.multiply(cfg.shrinkWeeks))
        .divide(count(lit(1)).over(weekday).plus(cfg.shrinkWeeks));
    Dataset<Row> byDay = dense.withColumn("history_days", count(lit(1)).over(before))
        .withColumn("expected_negative", expected)
        .withColumn("baseline_negative", sum("negative").over(before))
        .withColumn("baseline_labelled", sum("labelled").over(before))
        .where(col("history_days").geq(cfg.minBaselineWeeks * 7))
        .withColumn(Alerts.SLICES, count(lit(1)).over(Window.partitionBy(col(day))));
    String week = Alerts.WEEK;
    WindowSpec weeksBefore = Window.partitionBy(slice).orderBy(col(week)).rowsBetween(-cfg.baselineWeeks, -1);
    Dataset<Row> byWeek = dense.withColumn(week, to_date(date_trunc("week", col(day))))
        .groupBy(col(FeedbackSchema.CHANNEL), col(Themes.THEME), col(FeedbackSchema.SUBJECT), col(week))
        .agg(sum("volume").as("volume"), sum("labelled").as("labelled"), sum("negative").as("negative"),
            count(lit(1)).as("days_in_week"),
            expr("slice(array_sort(flatten(collect_list(ids))), 1, " + Alerts.IDS + ")").as("ids"))
        .where(col("days_in_week").equalTo(7))
        .withColumn("history_weeks", count(lit(1)).over(weeksBefore))
        .withColumn("expected_negative", sum("negative").over(weeksBefore).divide(count(lit(1)).over(weeksBefore)))
        .withColumn("baseline_negative", sum("negative").over(weeksBefore))
        .withColumn("baseline_labelled", sum("labelled").over(weeksBefore))
        .where(col("history_weeks").geq(cfg.minBaselineWeeks))
        .withColumn(Alerts.SLICES, count(lit(1)).over(Window.partitionBy(col(week))));
    return Alerts.alertsOf(byDay, byWeek, cfg, fromMonth);
  }
}
