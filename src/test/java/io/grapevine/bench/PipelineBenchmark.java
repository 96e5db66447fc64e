package io.grapevine.bench;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Table;
import io.grapevine.enrich.EnrichJob;
import io.grapevine.enrich.SentimentRules;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import io.grapevine.metrics.MetricsJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The pipeline against a non-Spark reference: on the same generated exports (the sample's six sources
 * at any size, {@code jobs/grapevine generate --rows}), Grapevine's ingest, enrich and metrics stages,
 * and DuckDB SQL doing the reference's share of the same work, both on the same cores, stage by stage
 * in turn:
 * <ul>
 *   <li>ingest: read every export (CSV, JSON lines) into the canonical record with the catalog's
 *       mapping, parse the times, quarantine rows without an id or a readable, plausible time, with a
 *       rating or NPS out of range, or without content; drop repeated ids; pseudonymize customers
 *       (SHA-256 with a key); mask e-mails and phone numbers in texts; write feedback, quarantine and
 *       accounts as Parquet by month;</li>
 *   <li>enrich: sentiment by Grapevine's rules where a rating, an NPS answer or the source's label
 *       exists ({@link SentimentRules}); Grapevine also detects languages, learns and applies text
 *       models and themes, which the reference does not;</li>
 *   <li>metrics: {@code channel_monthly} (the SQL of {@code jobs/bench-metrics}) and
 *       {@code amplification_monthly}; Grapevine writes its nine tables.</li>
 * </ul>
 * Prints CPU seconds of this process per stage (Spark's executors and DuckDB's threads both run in
 * it), wall seconds, and the ratios; the last line is {@code pipeline_ratio_to_duckdb X.XX}. Not a
 * like-for-like race: the ratio says what Grapevine's whole stages cost against the least SQL that
 * gives the same two tables. Started by {@code jobs/bench-pipeline [ROWS]}.
 */
public final class PipelineBenchmark {
  private static final String MONTH = "2026-10";
  private static final String KEY = "bench";
  /** An e-mail address, as the reference masks it (SQL string literal). */
  private static final String EMAIL = "'[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}'";

  private PipelineBenchmark() {}

  private record Measure(double wall, double cpu) {}

  private interface Step {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path data = Paths.get(args[0]).toAbsolutePath();
    Path work = Paths.get(args[1]).toAbsolutePath();
    Path sample = args.length > 2 ? Paths.get(args[2]).toAbsolutePath() : null;
    int cores = Runtime.getRuntime().availableProcessors();
    SparkSession spark = Bench.session("grapevine bench-pipeline", cores);
    GrapevineConfig config = GrapevineConfig.defaults();
    if (sample != null) {
      // A first run on the committed sample compiles Spark's generated code and warms the JIT, as a
      // long-lived cluster's executors are warm; it is not reported.
      Path warm = work.resolve("warmup");
      Bench.delete(warm);
      grapevine(spark, config, sample.resolve("catalog.yaml"), warm, new LinkedHashMap<>());
      duckdb(sample, warm.resolve("duckdb"), cores, config, new LinkedHashMap<>());
    }
    Path gOut = work.resolve("grapevine");
    Path dOut = work.resolve("duckdb");
    Bench.delete(gOut);
    Bench.delete(dOut);
    Map<String, Measure> g = new LinkedHashMap<>();
    Map<String, Measure> d = new LinkedHashMap<>();
    grapevine(spark, config, data.resolve("catalog.yaml"), gOut, g);
    io.grapevine.core.Tables written = new JobContext(spark, gOut.toString(), Months.parse(MONTH), config).tables();
    long gFeedback = written.read(Table.FEEDBACK).count();
    long gChannel = written.read(Table.CHANNEL_MONTHLY).count();
    spark.stop();
    duckdb(data, dOut, cores, config, d);

    long exportBytes;
    try (var files = Files.walk(data)) {
      exportBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.println();
    System.out.printf("machine: %d cores, %s; exports: %s (%.0f MB)%n", cores, Bench.cpuName(), data, exportBytes / 1e6);
    System.out.printf("rows: Grapevine feedback %,d, channel_monthly %,d; DuckDB feedback %,d, channel_monthly %,d%n",
        gFeedback, gChannel, count(dOut.resolve("feedback")), count(dOut.resolve("channel_monthly")));
    System.out.printf("%-10s %14s %14s %12s %12s %8s%n", "stage", "Grapevine CPU", "DuckDB CPU", "Grapevine s",
        "DuckDB s", "ratio");
    double gTotal = 0;
    double dTotal = 0;
    for (String stage : g.keySet()) {
      Measure a = g.get(stage);
      Measure b = d.get(stage);
      gTotal += a.cpu();
      dTotal += b.cpu();
      System.out.printf("%-10s %14.1f %14.1f %12.1f %12.1f %8.2f%n", stage, a.cpu(), b.cpu(), a.wall(), b.wall(),
          a.cpu() / b.cpu());
    }
    System.out.printf("%-10s %14.1f %14.1f %12s %12s %8.2f%n", "total", gTotal, dTotal, "", "", gTotal / dTotal);
    System.out.printf("pipeline_ratio_to_duckdb %.2f%n", gTotal / dTotal);
  }

  /** Grapevine's ingest, enrich and metrics on {@code catalog}'s exports, each stage measured. */
  private static void grapevine(SparkSession spark, GrapevineConfig config, Path catalogFile, Path out,
      Map<String, Measure> measures) throws Exception {
    JobContext ctx = new JobContext(spark, out.toString(), Months.parse(MONTH), config);
    SourceCatalog catalog = SourceCatalog.load(catalogFile.toString(), new Configuration());
    measures.put("ingest", measure(() -> IngestJob.run(ctx, catalog, Privacy.withKey(KEY), new MonthRange(null, MONTH))));
    String first = ctx.tables().months(Table.FEEDBACK).stream().findFirst().orElse(MONTH);
    measures.put("enrich", measure(() -> EnrichJob.run(ctx, first)));
    measures.put("metrics", measure(() -> {
      StageRun run = MetricsJob.run(ctx, first);
      if (run.rowsOut == 0) {
        throw new IllegalStateException("metrics wrote nothing");
      }
    }));
  }

  /** The reference: the same stages' share of the work as DuckDB SQL, with as many threads as cores. */
  static void duckdb(Path data, Path out, int cores, GrapevineConfig config, Map<String, Measure> measures)
      throws Exception {
    Files.createDirectories(out);
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
      st.execute("SET threads = " + cores);
      st.execute("SET preserve_insertion_order = false");
      measures.put("ingest", measure(() -> ingest(st, data, out)));
      measures.put("enrich", measure(() -> st.execute("COPY (SELECT * REPLACE (CASE"
          + " WHEN score IS NOT NULL THEN CASE WHEN score <= " + SentimentRules.NEGATIVE_MAX_SCORE + " THEN 'negative'"
          + "   WHEN score >= " + SentimentRules.POSITIVE_MIN_SCORE + " THEN 'positive' ELSE 'neutral' END"
          + " WHEN nps IS NOT NULL THEN CASE WHEN nps <= " + SentimentRules.DETRACTOR_MAX_NPS + " THEN 'negative'"
          + "   WHEN nps >= " + SentimentRules.PROMOTER_MIN_NPS + " THEN 'positive' ELSE 'neutral' END"
          + " ELSE sentiment_label END AS sentiment_label)"
          + " FROM read_parquet('" + out.resolve("feedback") + "/*/*.parquet', hive_partitioning = true))"
          + " TO '" + out.resolve("feedback_enriched") + "' (FORMAT PARQUET, PARTITION_BY (report_month))")));
      measures.put("metrics", measure(() -> {
        MetricsBenchmark.duckdb(out.resolve("feedback_enriched"), out.resolve("channel_monthly"), cores,
            config.metrics);
        amplification(st, out, config.metrics.toldManyThreshold);
      }));
    }
  }

  /** Every export into the canonical record, checked, without repeated ids, pseudonymized and masked. */
  private static void ingest(Statement st, Path data, Path out) throws SQLException {
    String csv = "read_csv('%s', header = true, all_varchar = true, quote = '\"', escape = '\"', ignore_errors = true)";
    String none = "NULL::VARCHAR";
    // source, channel, id, customer, account, subject, event_ts, rating, rating_max, nps, told_count, text,
    // label, reach, reach_basis, is_complaint, response_text, response_ts, resolved, resolved_ts
    List<String> selects = new ArrayList<>();
    selects.add("SELECT 'sample_reviews', 'review_site', review_id::VARCHAR, user_id::VARCHAR, " + none + ", "
        + "business_id::VARCHAR, try_strptime(date::VARCHAR, '%Y-%m-%d %H:%M:%S'), try_cast(stars AS DOUBLE), 5.0, "
        + "NULL::INT, NULL::INT, text::VARCHAR, " + none + ", try_cast(useful + funny + cool AS BIGINT), 'engagement', "
        + "false, " + none + ", NULL::TIMESTAMP, NULL::BOOLEAN, NULL::TIMESTAMP FROM read_json('"
        + data.resolve("reviews") + "/*.jsonl', format = 'newline_delimited', ignore_errors = true)");
    selects.add("SELECT 'sample_social', 'social_media', tweet_id, user_handle, " + none + ", " + none + ", "
        + "try_strptime(created_at, '%Y-%m-%d %H:%M:%S %z')::TIMESTAMP, NULL::DOUBLE, NULL::DOUBLE, NULL::INT, NULL::INT, "
        + "text, sentiment, try_cast(followers AS BIGINT), 'followers', false, " + none + ", NULL::TIMESTAMP, "
        + "NULL::BOOLEAN, NULL::TIMESTAMP FROM " + String.format(csv, data.resolve("social") + "/*.csv"));
    selects.add("SELECT 'sample_survey', 'survey', \"Response ID\", Email, Account, " + none + ", "
        + "try_strptime(\"Submitted At\", '%Y-%m-%dT%H:%M:%SZ'), NULL::DOUBLE, NULL::DOUBLE, "
        + "try_cast(\"How likely are you to recommend us to a friend or colleague? (0-10)\" AS INT), "
        + "try_cast(\"How many people have you told about this experience?\" AS INT), \"Anything else?\", " + none
        + ", NULL::BIGINT, " + none + ", false, " + none + ", NULL::TIMESTAMP, NULL::BOOLEAN, NULL::TIMESTAMP FROM "
        + String.format(csv, data.resolve("survey") + "/*.csv"));
    selects.add("SELECT 'sample_complaints', 'complaint', \"Complaint ID\", " + none + ", Account, Product, "
        + "try_strptime(\"Date received\", '%Y-%m-%d'), NULL::DOUBLE, NULL::DOUBLE, NULL::INT, NULL::INT, "
        + "\"Consumer complaint narrative\", 'negative', NULL::BIGINT, " + none + ", true, "
        + "\"Company response to consumer\", try_strptime(\"Response date\", '%Y-%m-%d'), Resolved = 'Yes', "
        + "CASE WHEN Resolved = 'Yes' THEN try_strptime(\"Response date\", '%Y-%m-%d') END FROM "
        + String.format(csv, data.resolve("complaints") + "/*.csv"));
    selects.add("SELECT 'sample_tickets', 'support', ticket_id, requester_email, account_id, subject, "
        + newYork("created_at") + ", try_cast(csat AS DOUBLE), 5.0, NULL::INT, NULL::INT, "
        + "description, " + none + ", NULL::BIGINT, " + none + ", false, agent_reply, "
        + newYork("replied_at") + ", status IN ('solved', 'closed'), "
        + newYork("solved_at") + " FROM " + String.format(csv, data.resolve("tickets") + "/*.csv"));
    st.execute("CREATE OR REPLACE TEMP TABLE raw (source VARCHAR, channel VARCHAR, feedback_id VARCHAR, customer VARCHAR, "
        + "account_id VARCHAR, subject VARCHAR, event_ts TIMESTAMP, rating DOUBLE, rating_max DOUBLE, nps INT, "
        + "told_count INT, text VARCHAR, sentiment_label VARCHAR, reach BIGINT, reach_basis VARCHAR, "
        + "is_complaint BOOLEAN, response_text VARCHAR, response_ts TIMESTAMP, resolved BOOLEAN, resolved_ts TIMESTAMP)");
    for (String select : selects) {
      st.execute("INSERT INTO raw " + select);
    }
    st.execute("CREATE OR REPLACE TEMP TABLE checked AS SELECT *, CASE"
        + " WHEN feedback_id IS NULL OR trim(feedback_id) = '' THEN 'missing_id'"
        + " WHEN event_ts IS NULL THEN 'bad_timestamp'"
        + " WHEN event_ts < TIMESTAMP '2000-01-01' OR event_ts > now()::TIMESTAMP + INTERVAL 1 DAY THEN 'implausible_timestamp'"
        + " WHEN rating IS NOT NULL AND (rating < 1 OR rating > rating_max) THEN 'rating_out_of_range'"
        + " WHEN nps IS NOT NULL AND (nps < 0 OR nps > 10) THEN 'nps_out_of_range'"
        + " WHEN told_count < 0 THEN 'negative_count'"
        + " WHEN coalesce(trim(text), '') = '' AND rating IS NULL AND nps IS NULL AND sentiment_label IS NULL"
        + "   THEN 'no_content' END AS reason FROM raw");
    st.execute("COPY (SELECT source, reason, regexp_replace(coalesce(text, ''), " + EMAIL
        + ", '[email]', 'g') AS raw_record, "
        + "coalesce(strftime(event_ts, '%Y-%m'), '" + MONTH + "') AS report_month FROM checked WHERE reason IS NOT NULL)"
        + " TO '" + out.resolve("quarantine") + "' (FORMAT PARQUET, PARTITION_BY (report_month), OVERWRITE_OR_IGNORE)");
    st.execute("COPY (SELECT source, channel, feedback_id, CASE WHEN customer IS NOT NULL THEN "
        + "sha256('" + KEY + "' || lower(trim(customer))) END AS customer_key, account_id, subject, event_ts, "
        + "rating, rating_max, CASE WHEN rating IS NOT NULL THEN (rating - 1) / (rating_max - 1) END AS score, nps, "
        + "NULL::DOUBLE AS effort, NULL::BOOLEAN AS effort_top_two, told_count, "
        + "regexp_replace(regexp_replace(text, " + EMAIL + ", '[email]', 'g'), "
        + "'\\+?\\(?[0-9][0-9 ()-]{7,}[0-9]', '[phone]', 'g') AS text, sentiment_label, reach, reach_basis, "
        + "is_complaint, response_text, response_ts, resolved, resolved_ts, strftime(event_ts, '%Y-%m') AS report_month"
        + " FROM checked WHERE reason IS NULL AND strftime(event_ts, '%Y-%m') <= '" + MONTH + "'"  // the months asked for
        + " QUALIFY row_number() OVER (PARTITION BY source, feedback_id ORDER BY event_ts) = 1)"
        + " TO '" + out.resolve("feedback") + "' (FORMAT PARQUET, PARTITION_BY (report_month), OVERWRITE_OR_IGNORE)");
    st.execute("COPY (SELECT account_id, sha256('" + KEY + "' || lower(trim(contact_email))) AS customer_key, "
        + "try_strptime(signup_date, '%Y-%m-%d') AS signup_ts, try_strptime(churn_date, '%Y-%m-%d') AS churn_ts, "
        + "try_cast(monthly_fee AS DOUBLE) AS value, try_cast(seats AS DOUBLE) AS seats, plan, region FROM "
        + String.format(csv, data.resolve("accounts") + "/*.csv") + " WHERE account_id IS NOT NULL"
        + " QUALIFY row_number() OVER (PARTITION BY account_id) = 1) TO '" + out.resolve("accounts.parquet")
        + "' (FORMAT PARQUET)");
  }

  /** A ticket's local time (the catalog's timezone: America/New_York) in UTC, as Grapevine stores times. */
  private static String newYork(String column) {
    return "timezone('UTC', timezone('America/New_York', try_strptime(" + column + ", '%Y-%m-%d %H:%M')))";
  }

  /** amplification_monthly: per month, channel and experience, who spoke up and told many, and against the other experience. */
  private static void amplification(Statement st, Path out, int toldMany) throws SQLException {
    st.execute("COPY (WITH c AS (SELECT report_month, channel, sentiment_label AS experience, count(*) AS answers,"
        + " count_if(told_count >= 1) AS spoke_up, count_if(told_count >= " + toldMany + ") AS told_many,"
        + " sum(told_count) AS told_total FROM read_parquet('" + out.resolve("feedback_enriched")
        + "/*/*.parquet', hive_partitioning = true) WHERE told_count IS NOT NULL"
        + " AND sentiment_label IN ('negative', 'positive') GROUP BY ALL),"
        + " r AS (SELECT *, spoke_up / answers AS speak_up_rate, told_many / answers AS told_many_rate,"
        + " told_total / answers AS mean_told FROM c)"
        + " SELECT r.*, r.speak_up_rate / o.speak_up_rate AS speak_up_ratio_to_other,"
        + " r.told_many_rate / o.told_many_rate AS told_many_ratio_to_other, r.mean_told / o.mean_told AS mean_told_ratio_to_other"
        + " FROM r LEFT JOIN r AS o ON o.report_month = r.report_month AND o.channel = r.channel"
        + " AND o.experience <> r.experience)"
        + " TO '" + out.resolve("amplification_monthly") + "' (FORMAT PARQUET, PARTITION_BY (report_month))");
  }

  private static Measure measure(Step step) throws Exception {
    System.gc();
    long cpu0 = Bench.processCpuNanos();
    long t0 = System.nanoTime();
    step.run();
    return new Measure(Bench.seconds(t0), (Bench.processCpuNanos() - cpu0) / 1e9);
  }

  /** Rows of a Parquet folder partitioned by month. */
  private static long count(Path dir) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + dir + "/*/*.parquet')")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
