package io.grapevine.bench;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.Tables;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.Table;
import io.grapevine.metrics.ChannelMonthly;
import io.grapevine.metrics.MetricsJob;
import io.grapevine.metrics.MonthOverMonth;
import io.grapevine.metrics.ReachEstimate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The metrics stage on generated {@code feedback_enriched} rows (default 10M) against DuckDB running
 * the equivalent SQL of {@code channel_monthly} on the same Parquet files, each writing Parquet
 * partitioned by month. Runs interleave (Spark channel_monthly, DuckDB, Spark whole stage) and the
 * median of three is reported. Lives in test sources: DuckDB never enters the product's jar.
 * Started by {@code jobs/bench-metrics [ROWS]}.
 */
public final class MetricsBenchmark {
  private static final String FIRST_MONTH = "2025-11";
  private static final int MONTHS = 12;
  private static final String LAST_MONTH = "2026-10";
  private static final int RUNS = 3;

  private MetricsBenchmark() {}

  private static Tables tables(SparkSession spark, Path out) {
    return new JobContext(spark, out.toString(), Months.parse("2026-10"), GrapevineConfig.defaults()).tables();
  }

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
    Path work = Paths.get(args.length > 1 ? args[1] : "target/bench/metrics-" + rows).toAbsolutePath();
    int cores = Runtime.getRuntime().availableProcessors();
    SparkSession spark = Bench.session("grapevine bench-metrics", cores);
    Path data = work.resolve("input");
    Tables input = tables(spark, data);
    if (!Files.isDirectory(data.resolve(Table.FEEDBACK_ENRICHED.dirName()))) {
      long t0 = System.nanoTime();
      input.replaceMonths(Table.FEEDBACK_ENRICHED, generate(spark, rows), Tables.Scope.all());
      System.out.printf("generated %,d feedback_enriched rows in %.1f s%n", rows, Bench.seconds(t0));
    }
    long files;
    long bytes;
    try (Stream<Path> s = Files.walk(data.resolve(Table.FEEDBACK_ENRICHED.dirName()))) {
      List<Path> parquet = s.filter(p -> p.toString().endsWith(".parquet")).toList();
      files = parquet.size();
      bytes = parquet.stream().mapToLong(p -> p.toFile().length()).sum();
    }
    GrapevineConfig config = GrapevineConfig.defaults();
    GrapevineConfig.Metrics m = config.metrics;

    List<Double> sparkChannel = new ArrayList<>();
    List<Double> duck = new ArrayList<>();
    List<Double> sparkStage = new ArrayList<>();
    long duckRows = 0;
    long sparkRows = 0;
    for (int run = 1; run <= RUNS; run++) {
      Path out = work.resolve("spark-channel");
      Bench.delete(out);
      long t0 = System.nanoTime();
      Tables storage = tables(spark, out);
      Dataset<Row> enriched = ReachEstimate.add(input.read(Table.FEEDBACK_ENRICHED), m.reachEstimate);
      storage.replaceMonths(Table.CHANNEL_MONTHLY, MonthOverMonth.add(ChannelMonthly.compute(enriched,
          ChannelMonthly.CHANNEL_KEYS, m.confidence, m.toldManyThreshold), List.of(FeedbackSchema.CHANNEL),
          ChannelMonthly.CHANGE_RATES, m.confidence), Tables.Scope.all());
      sparkChannel.add(Bench.seconds(t0));
      sparkRows = storage.read(Table.CHANNEL_MONTHLY).count();

      Path duckOut = work.resolve("duckdb-channel");
      Bench.delete(duckOut);
      t0 = System.nanoTime();
      duckRows = duckdb(data.resolve(Table.FEEDBACK_ENRICHED.dirName()), duckOut, cores, m);
      duck.add(Bench.seconds(t0));

      // The whole stage: channel, source, subject, amplification, response-quality and last-touch tables.
      Path stageOut = work.resolve("spark-stage");
      Bench.delete(stageOut);
      Files.createDirectories(stageOut);
      Files.createSymbolicLink(stageOut.resolve(Table.FEEDBACK_ENRICHED.dirName()),
          data.resolve(Table.FEEDBACK_ENRICHED.dirName()));
      t0 = System.nanoTime();
      io.grapevine.core.StageRun stage =
          MetricsJob.run(new JobContext(spark, stageOut.toString(), Months.parse(LAST_MONTH), config), FIRST_MONTH);
      sparkStage.add(Bench.seconds(t0));
      System.out.println("  metrics stage seconds by table: " + stage.details.get("seconds_by_table"));
      System.out.printf("run %d: Spark channel_monthly %.2f s, DuckDB channel_monthly %.2f s, "
          + "Spark metrics stage %.2f s%n", run, sparkChannel.get(run - 1), duck.get(run - 1), sparkStage.get(run - 1));
    }
    spark.stop();
    double s = Bench.median(sparkChannel);
    double d = Bench.median(duck);
    double st = Bench.median(sparkStage);
    System.out.println();
    System.out.printf("machine: %d cores, %s%n", cores, Bench.cpuName());
    System.out.printf("input: %,d feedback_enriched rows, %d Parquet files, %.0f MB, %d months%n",
        rows, files, bytes / 1e6, MONTHS);
    System.out.printf("channel_monthly rows: Spark %d, DuckDB %d%n", sparkRows, duckRows);
    System.out.printf("%-34s %8s %14s%n", "median of " + RUNS, "seconds", "rows/s/core");
    System.out.printf("%-34s %8.2f %,14.0f%n", "Spark channel_monthly", s, rows / s / cores);
    System.out.printf("%-34s %8.2f %,14.0f%n", "DuckDB channel_monthly (same SQL)", d, rows / d / cores);
    System.out.printf("%-34s %8.2f %,14.0f%n", "Spark metrics stage (6 tables)", st, rows / st / cores);
    System.out.printf("ratio Spark / DuckDB, channel_monthly: %.2f%n", s / d);
  }

  /** Feedback spread over 12 months and the five channels, with the fields each metric reads. */
  static Dataset<Row> generate(SparkSession spark, long rows) {
    Column id = col("id");
    Column u1 = abs(hash(id, lit(1))).mod(1000);
    Column u2 = abs(hash(id, lit(2))).mod(1000);
    Column u3 = abs(hash(id, lit(3))).mod(1000);
    Column channel = element_at(array(lit("review_site"), lit("social_media"), lit("survey"), lit("complaint"),
        lit("support")), abs(hash(id, lit(4))).mod(5).plus(1).cast("int"));
    Column month = date_format(add_months(to_date(lit(FIRST_MONTH + "-01")), id.mod(MONTHS).cast("int")), "yyyy-MM");
    Column label = when(u1.lt(50), lit(null)).when(u1.lt(350), lit("negative")).when(u1.lt(650), lit("neutral"))
        .otherwise(lit("positive"));
    Column c = col(FeedbackSchema.CHANNEL);
    Column event = timestamp_seconds(unix_timestamp(to_date(concat(col(FeedbackSchema.REPORT_MONTH), lit("-01"))))
        .plus(col("u2").multiply(2_500)));
    return spark.range(rows).select(id.cast("string").as(FeedbackSchema.FEEDBACK_ID),
            concat(channel, lit("_"), abs(hash(id, lit(5))).mod(2)).as(FeedbackSchema.SOURCE), channel.as(FeedbackSchema.CHANNEL),
            concat(lit("s"), abs(hash(id, lit(6))).mod(200)).as(FeedbackSchema.SUBJECT),
            label.as(FeedbackSchema.SENTIMENT_LABEL), month.as(FeedbackSchema.REPORT_MONTH), u2.as("u2"), u3.as("u3"),
            abs(hash(id, lit(7))).mod(Math.max(1, rows / 20)).as("acct"))
        .select(col("*"), event.as(FeedbackSchema.EVENT_TS))
        .select(col(FeedbackSchema.FEEDBACK_ID), col(FeedbackSchema.SOURCE), c, col(FeedbackSchema.SUBJECT),
            col(FeedbackSchema.EVENT_TS),
            when(c.isin("survey", "support"), col(FeedbackSchema.EVENT_TS).minus(
                org.apache.spark.sql.functions.make_interval(lit(0), lit(0), lit(0), col("u3").mod(20).cast("int"),
                    lit(0), lit(0), lit(0)))).as(FeedbackSchema.EXPERIENCE_TS),
            when(c.isin("review_site", "support"), col("u3").mod(5).plus(1).cast("double")).as(FeedbackSchema.RATING),
            when(c.isin("review_site", "support"), lit(5.0)).as(FeedbackSchema.RATING_MAX),
            when(c.equalTo("survey"), col("u3").mod(11).cast("int")).as(FeedbackSchema.NPS),
            when(c.equalTo("support"), col("u2").mod(7).plus(1).cast("double")).as(FeedbackSchema.EFFORT),
            when(c.equalTo("support"), col("u2").mod(7).divide(6.0)).as(FeedbackSchema.EFFORT_EASE),
            when(c.equalTo("support"), col("u2").mod(7).geq(5)).as(FeedbackSchema.EFFORT_TOP_TWO),
            col(FeedbackSchema.SENTIMENT_LABEL),
            when(col(FeedbackSchema.SENTIMENT_LABEL).equalTo("negative"), lit(-1.0).plus(col("u3").divide(2000.0)))
                .when(col(FeedbackSchema.SENTIMENT_LABEL).equalTo("positive"), lit(0.5).plus(col("u3").divide(2000.0)))
                .when(col(FeedbackSchema.SENTIMENT_LABEL).isNotNull(), lit(0.0)).as(FeedbackSchema.SENTIMENT),
            when(c.isin("review_site", "support"), col("u3").mod(5).divide(4.0)).as(FeedbackSchema.SCORE),
            concat(lit("A"), col("acct").cast("string")).as(FeedbackSchema.ACCOUNT_ID),
            lit(null).cast("string").as(FeedbackSchema.CUSTOMER_KEY),
            when(c.equalTo("social_media"), col("u2").multiply(7).cast("long")).as(FeedbackSchema.REACH),
            when(c.equalTo("social_media"), lit("followers")).as(FeedbackSchema.REACH_BASIS),
            when(c.equalTo("survey"), col("u2").mod(25).cast("int")).as(FeedbackSchema.TOLD_COUNT),
            c.equalTo("complaint").as(FeedbackSchema.IS_COMPLAINT),
            when(c.isin("complaint", "support").and(col("u3").lt(800)), col(FeedbackSchema.EVENT_TS).plus(
                org.apache.spark.sql.functions.make_interval(lit(0), lit(0), lit(0), lit(0),
                    col("u2").mod(48).cast("int"), lit(0), lit(0)))).as(FeedbackSchema.RESPONSE_TS),
            when(c.isin("complaint", "support").and(col("u3").lt(800)), lit("We are sorry, we will fix it."))
                .as(FeedbackSchema.RESPONSE_TEXT),
            when(c.isin("complaint", "support"), col("u3").lt(700)).as(FeedbackSchema.RESOLVED),
            when(c.isin("complaint", "support").and(col("u3").lt(700)), col(FeedbackSchema.EVENT_TS).plus(
                org.apache.spark.sql.functions.make_interval(lit(0), lit(0), lit(0), col("u2").mod(5).cast("int"),
                    lit(0), lit(0), lit(0)))).as(FeedbackSchema.RESOLVED_TS),
            when(c.isin("complaint", "support").and(col("u3").lt(800)), col("u2").lt(400)).as("reply_apology"),
            when(c.isin("complaint", "support").and(col("u3").lt(800)), col("u2").gt(950)).as("reply_you_are_wrong"),
            col(FeedbackSchema.REPORT_MONTH));
  }

  /** channel_monthly in DuckDB SQL: the same counts, rates, intervals, estimate and change columns. */
  static long duckdb(Path enriched, Path out, int cores, GrapevineConfig.Metrics m) throws SQLException {
    double z = new org.apache.commons.math3.distribution.NormalDistribution()
        .inverseCumulativeProbability(1 - (1 - m.confidence) / 2);
    String wilson = "CASE WHEN {N} > 0 THEN ((({X})::DOUBLE / {N} + %1$s / (2 * {N})) / (1 + %1$s / {N}) %2$s "
        + "%3$s * sqrt((({X})::DOUBLE / {N}) * (1 - ({X})::DOUBLE / {N}) / {N} + %1$s / (4 * {N} * {N}))"
        + " / (1 + %1$s / {N})) END";
    String low = String.format(wilson, z * z, "-", z);
    String high = String.format(wilson, z * z, "+", z);
    StringBuilder rates = new StringBuilder();
    for (String[] r : new String[][] {{"negativity", "negative", "labelled"}, {"positivity", "positive", "labelled"},
        {"csat", "top_two_box", "rated"}, {"ces", "effort_top_two", "effort_answers"}, {"speak_up_negative", "spoke_up_negative", "told_answers_negative"},
        {"told_many_negative", "told_many_negative", "told_answers_negative"},
        {"speak_up_positive", "spoke_up_positive", "told_answers_positive"},
        {"told_many_positive", "told_many_positive", "told_answers_positive"}}) {
      rates.append(String.format(", CASE WHEN %3$s > 0 THEN %2$s::DOUBLE / %3$s END AS %1$s_rate, %4$s AS %1$s_ci_low,"
          + " %5$s AS %1$s_ci_high", r[0], r[1], r[2], low.replace("{X}", r[1]).replace("{N}", r[2]),
          high.replace("{X}", r[1]).replace("{N}", r[2])));
    }
    // Month-over-month for the same rates as ChannelMonthly.CHANGE_RATES: previous, change, z-score.
    StringBuilder changes = new StringBuilder();
    for (String[] r : new String[][] {{"negativity_rate", "negative", "labelled"},
        {"positivity_rate", "positive", "labelled"}, {"csat_rate", "top_two_box", "rated"},
        {"ces_rate", "effort_top_two", "effort_answers"},
        {"told_many_negative_rate", "told_many_negative", "told_answers_negative"}}) {
      String pooled = String.format("(r.%1$s + p.%1$s)::DOUBLE / (r.%2$s + p.%2$s)", r[1], r[2]);
      changes.append(String.format(", p.%1$s AS %1$s_previous, r.%1$s - p.%1$s AS %1$s_change,"
          + " (r.%1$s - p.%1$s) / sqrt(%4$s * (1 - %4$s) * (1.0 / r.%3$s + 1.0 / p.%3$s)) AS %1$s_change_z",
          r[0], r[1], r[2], pooled));
    }
    String sql = "COPY (WITH f AS (SELECT * FROM read_parquet('" + enriched + "/*/*.parquet', hive_partitioning = true)),"
        + " means AS (SELECT report_month, sentiment_label, avg(told_count) AS m FROM f WHERE told_count IS NOT NULL"
        + "   AND sentiment_label IS NOT NULL GROUP BY ALL HAVING count(*) >= " + m.reachEstimate.minAnswers + "),"
        + " e AS (SELECT f.*, CASE WHEN NOT (reach IS NOT NULL AND (reach_basis IS NULL OR reach_basis <> 'estimated'))"
        + "   THEN coalesce(told_count::DOUBLE, means.m, CASE f.sentiment_label WHEN 'negative' THEN "
        + m.reachEstimate.fixed.negative + " WHEN 'positive' THEN " + m.reachEstimate.fixed.positive
        + " WHEN 'neutral' THEN " + m.reachEstimate.fixed.neutral + " END) END AS est,"
        + "   CASE WHEN reach IS NOT NULL AND (reach_basis IS NULL OR reach_basis <> 'estimated') THEN reach END AS obs"
        + "   FROM f LEFT JOIN means USING (report_month, sentiment_label)),"
        + " c AS (SELECT report_month, channel, count(*) AS volume, count(sentiment_label) AS labelled,"
        + "   count_if(sentiment_label = 'negative') AS negative, count_if(sentiment_label = 'neutral') AS neutral,"
        + "   count_if(sentiment_label = 'positive') AS positive, count_if(is_complaint) AS complaints,"
        + "   count(rating) AS rated, count_if(rating >= rating_max - 1) AS top_two_box,"
        + "   count(effort) AS effort_answers, count_if(effort_top_two) AS effort_top_two,"
        + "   count(nps) AS nps_answers, count_if(nps >= 9) AS promoters, count_if(nps <= 6) AS detractors,"
        + "   count(obs) AS reach_observed_rows, sum(obs) AS reach_observed,"
        + "   sum(CASE WHEN sentiment_label = 'negative' THEN obs END) AS reach_observed_negative,"
        + "   sum(CASE WHEN sentiment_label = 'positive' THEN obs END) AS reach_observed_positive,"
        + "   count(est) AS reach_estimated_rows, sum(est) AS reach_estimated,"
        + "   sum(CASE WHEN sentiment_label = 'negative' THEN est END) AS reach_estimated_negative,"
        + "   sum(CASE WHEN sentiment_label = 'positive' THEN est END) AS reach_estimated_positive,"
        + "   count_if(sentiment_label = 'negative' AND told_count IS NOT NULL) AS told_answers_negative,"
        + "   count_if(sentiment_label = 'negative' AND told_count >= 1) AS spoke_up_negative,"
        + "   count_if(sentiment_label = 'negative' AND told_count >= " + m.toldManyThreshold + ") AS told_many_negative,"
        + "   count_if(sentiment_label = 'positive' AND told_count IS NOT NULL) AS told_answers_positive,"
        + "   count_if(sentiment_label = 'positive' AND told_count >= 1) AS spoke_up_positive,"
        + "   count_if(sentiment_label = 'positive' AND told_count >= " + m.toldManyThreshold + ") AS told_many_positive"
        + "   FROM e GROUP BY ALL),"
        + " r AS (SELECT *" + rates + ", CASE WHEN labelled > 0 THEN (positive - negative)::DOUBLE / labelled END"
        + "   AS net_sentiment, CASE WHEN nps_answers > 0 THEN 100.0 * (promoters - detractors) / nps_answers END AS nps,"
        + "   CASE WHEN reach_observed > 0 THEN reach_observed_negative::DOUBLE / reach_observed END AS negative_voice_share"
        + "   FROM c)"
        + " SELECT r.*" + changes
        + " FROM r LEFT JOIN r AS p ON p.channel = r.channel"
        + "   AND strftime(CAST(p.report_month || '-01' AS DATE) + INTERVAL 1 MONTH, '%Y-%m') = r.report_month)"
        + " TO '" + out + "' (FORMAT PARQUET, PARTITION_BY (report_month))";
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
      st.execute("SET threads = " + cores);
      st.execute(sql);
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + out + "/*/*.parquet')")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
