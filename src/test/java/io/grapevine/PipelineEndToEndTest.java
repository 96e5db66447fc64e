package io.grapevine;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.JobContext;
import io.grapevine.core.StageRun;
import io.grapevine.core.Table;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import io.grapevine.sample.SampleTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The whole monthly pipeline on the bundled sample, checked against the generator's truth. */
class PipelineEndToEndTest {
  private static final String MONTH = SampleRun.MONTH;

  private static Path out;
  private static SparkSession spark;
  private static SourceCatalog catalog;
  private static List<StageRun> runs;

  @BeforeAll
  static void runPipeline() {
    spark = SparkTestSession.get();
    out = SampleRun.out();
    catalog = SampleRun.catalog();
    runs = SampleRun.runs();
  }

  private static JobContext context() {
    return SampleRun.context();
  }

  private static Dataset<Row> table(Table t) {
    return SparkTestSession.table(out, t);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> sources(StageRun ingest) {
    return (Map<String, Map<String, Object>>) (Map<?, ?>) ingest.details.get("sources");
  }

  @Test
  void writesEveryTableTheReportAndTheManifest() {
    assertThat(runs).extracting(r -> r.stage)
        .containsExactly("ingest", "enrich", "metrics", "train-churn", "score-churn", "report");
    for (Table t : List.of(Table.FEEDBACK, Table.QUARANTINE, Table.ACCOUNTS, Table.FEEDBACK_ENRICHED,
        Table.CHANNEL_MONTHLY, Table.AMPLIFICATION_MONTHLY, Table.MODEL_METRICS, Table.ACCOUNT_RISK)) {
      assertThat(out.resolve(t.dirName()).resolve("report_month=" + MONTH)).as(t.dirName()).isDirectory();
    }
    assertThat(table(Table.FEEDBACK).select(FeedbackSchema.REPORT_MONTH).distinct().count()).isEqualTo(8);
    assertThat(out.resolve("reports/" + MONTH + "/report.html")).content()
        .contains("<h1>Customer word of mouth: 2026-10</h1>", "social_media", "Churn risk", "Speed and replies",
            "days after the experience: ask sooner");
    assertThat(out.resolve("reports/" + MONTH + "/summary.json")).isRegularFile();
    assertThat(out.resolve("manifest/" + MONTH + "/run_manifest.json")).content()
        .contains("\"stage\" : \"score-churn\"");
    assertThat(Path.of(context().storage().current(context().layout().churnModels(MONTH))).resolve("model_card.json"))
        .content().contains("roc_auc");
  }

  @Test
  void countsReconcileAndQuarantineHoldsExactlyThePlantedDefects() {
    Map<String, Map<String, Object>> bySource = sources(runs.get(0));
    assertThat(bySource).containsOnlyKeys(catalog.sources().stream().map(s -> s.name).toArray(String[]::new));
    bySource.forEach((source, c) -> {
      long read = ((Number) c.get("read")).longValue();
      long accepted = ((Number) c.get("written_accepted")).longValue();
      long quarantined = ((Number) c.get("written_quarantined")).longValue();
      long duplicates = ((Number) c.get("duplicates")).longValue();
      assertThat(c.get("outside_months")).as(source + ": run-all takes every month up to its own").isEqualTo(0L);
      assertThat(read).as(source).isEqualTo(accepted + quarantined + duplicates);
      assertThat(c.get("quarantined_by_reason")).as(source)
          .isEqualTo(SampleTruth.QUARANTINED.getOrDefault(source, Map.of()));
      assertThat(duplicates).as(source).isEqualTo(SampleTruth.DUPLICATES.getOrDefault(source, 0L));
    });
    Dataset<Row> q = table(Table.QUARANTINE);
    assertThat(q.count()).isEqualTo(runs.get(0).rowsQuarantined);
    // A reject is kept in the month of its event, or in the run's month when its time is unreadable.
    assertThat(q.where(col(FeedbackSchema.EVENT_TS).isNull()
        .and(col(FeedbackSchema.REPORT_MONTH).notEqual(MONTH))).count()).isZero();
    assertThat(q.where(col(FeedbackSchema.EVENT_TS).isNotNull().and(col(FeedbackSchema.REPORT_MONTH)
        .notEqual(org.apache.spark.sql.functions.date_format(col(FeedbackSchema.EVENT_TS), "yyyy-MM")))).count())
        .isZero();
    Row planted = q.where(col("reason").equalTo("nps_out_of_range")).orderBy("ingest_row").first();
    assertThat(planted.<String>getAs("message")).isEqualTo("nps 11 is outside 0..10");
    assertThat(planted.<String>getAs("ingest_file")).endsWith("data/sample/survey/part-0001.csv");
    // The customer column held the e-mail: it shows as its pseudonym.
    assertThat(planted.<String>getAs("raw_record")).contains("S-BAD-1").contains("[customer ")
        .doesNotContain("planted@example.com");
  }

  @Test
  void noPersonalDataReachesTheFeedbackTable() {
    Dataset<Row> f = table(Table.FEEDBACK);
    assertThat(f.where(col(FeedbackSchema.TEXT).rlike("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[a-z]{2,}")).count()).isZero();
    assertThat(f.where(col(FeedbackSchema.TEXT).contains("[email]")).count()).isPositive();
    assertThat(f.where(col(FeedbackSchema.TEXT).contains("[phone]")).count()).isPositive();
    assertThat(f.where(col(FeedbackSchema.CUSTOMER_KEY).isNotNull()
        .and(col(FeedbackSchema.CUSTOMER_KEY).rlike("^[0-9a-f]{64}$").unary_$bang())).count()).isZero();
  }

  @Test
  void negativityIntervalsContainTheGeneratorsTrueRates() {
    List<Row> rows = table(Table.CHANNEL_MONTHLY).where(col(FeedbackSchema.REPORT_MONTH).equalTo(MONTH))
        .collectAsList();
    assertThat(rows).extracting(r -> r.<String>getAs("channel"))
        .containsExactlyInAnyOrderElementsOf(SampleTruth.NEGATIVE_RATE.keySet());
    for (Row r : rows) {
      double truth = SampleTruth.NEGATIVE_RATE.get(r.<String>getAs("channel"));
      assertThat(truth).as(r.<String>getAs("channel"))
          .isBetween(r.<Double>getAs("negativity_ci_low"), r.<Double>getAs("negativity_ci_high"));
    }
  }

  @Test
  void amplificationRecoversTheResearchFigures() {
    Row survey = table(Table.CHANNEL_MONTHLY)
        .where(col(FeedbackSchema.REPORT_MONTH).equalTo(MONTH).and(col("channel").equalTo("survey"))).first();
    assertThat(SampleTruth.SPEAK_UP_NEGATIVE)
        .isBetween(survey.<Double>getAs("speak_up_ci_low_negative"), survey.<Double>getAs("speak_up_ci_high_negative"));
    assertThat(SampleTruth.SPEAK_UP_POSITIVE)
        .isBetween(survey.<Double>getAs("speak_up_ci_low_positive"), survey.<Double>getAs("speak_up_ci_high_positive"));
    assertThat(SampleTruth.TOLD_MANY_NEGATIVE)
        .isBetween(survey.<Double>getAs("told_many_ci_low_negative"), survey.<Double>getAs("told_many_ci_high_negative"));
    assertThat(SampleTruth.TOLD_MANY_POSITIVE)
        .isBetween(survey.<Double>getAs("told_many_ci_low_positive"), survey.<Double>getAs("told_many_ci_high_positive"));
    assertThat(survey.<Double>getAs("amplification_p_value")).isLessThan(0.05);
  }

  @Test
  void amplificationMonthlyAgreesWithChannelMonthlyAndTheTruth() {
    Dataset<Row> amp = table(Table.AMPLIFICATION_MONTHLY)
        .where(col(FeedbackSchema.REPORT_MONTH).equalTo(MONTH).and(col("channel").equalTo("survey")));
    Row neg = amp.where(col("experience").equalTo("negative")).first();
    Row pos = amp.where(col("experience").equalTo("positive")).first();
    Row survey = table(Table.CHANNEL_MONTHLY)
        .where(col(FeedbackSchema.REPORT_MONTH).equalTo(MONTH).and(col("channel").equalTo("survey"))).first();
    assertThat(neg.<Long>getAs("answers")).isEqualTo(survey.<Long>getAs("told_answers_negative"));
    assertThat(pos.<Long>getAs("told_many")).isEqualTo(survey.<Long>getAs("told_many_positive"));
    assertThat(neg.<Double>getAs("told_many_p_value")).isEqualTo(survey.<Double>getAs("amplification_p_value"));
    assertThat(SampleTruth.TOLD_MANY_NEGATIVE)
        .isBetween(neg.<Double>getAs("told_many_ci_low"), neg.<Double>getAs("told_many_ci_high"));
    assertThat(SampleTruth.TOLD_MANY_POSITIVE)
        .isBetween(pos.<Double>getAs("told_many_ci_low"), pos.<Double>getAs("told_many_ci_high"));
    assertThat(neg.<Boolean>getAs("told_many_differs")).isTrue();
    // Unhappy customers who speak up tell more people on average, too.
    assertThat(neg.<Double>getAs("mean_told_ratio_to_other")).isGreaterThan(1.5);
  }

  @Test
  void feedbackFeaturesBeatAccountAttributesOutOfTime() {
    Map<String, Double> auc = new java.util.HashMap<>();
    for (Row r : table(Table.MODEL_METRICS)
        .where(col("metric").equalTo("roc_auc").and(col("split").equalTo("test"))).collectAsList()) {
      auc.put(r.getAs("model"), r.getAs("value"));
    }
    assertThat(auc).containsKey("attributes_only").hasSize(2);
    double chosen = auc.entrySet().stream().filter(e -> !e.getKey().equals("attributes_only"))
        .findFirst().orElseThrow().getValue();
    assertThat(chosen).isGreaterThan(auc.get("attributes_only") + 0.05).isGreaterThan(0.6);
  }

  @Test
  void theChurnModelIsCalibratedOutOfTime() throws Exception {
    io.grapevine.churn.ModelCard card = io.grapevine.churn.ModelCard.fromJson(
        Files.readString(Path.of(context().storage().current(context().layout().churnModels(MONTH)))
            .resolve("model_card.json")));
    assertThat(card.mode).isEqualTo("snapshots");
    assertThat(card.testSnapshots).containsExactly("2026-08-01");
    assertThat(card.testMetrics.get("expected_calibration_error")).isLessThan(0.05);
    // The sample's account-linked sources (survey, complaints, tickets) observe no reach.
    assertThat(card.droppedFeatures).containsOnlyKeys("negative_reach_90d");
  }

  @Test
  void everyActiveAccountIsScoredWithATierAndRedOnesSayWhy() {
    Dataset<Row> risk = table(Table.ACCOUNT_RISK);
    assertThat(risk.where(col("churn_probability").lt(0).or(col("churn_probability").gt(1))).count()).isZero();
    assertThat(risk.select("tier").distinct().collectAsList()).extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("red", "yellow", "green");
    assertThat(risk.where(col("tier").equalTo("red").and(functions_size_reasons().equalTo(0))).count()).isZero();
    assertThat(risk.select("account_id").distinct().count()).isEqualTo(risk.count());
    // Advocates: green accounts whose latest NPS answer is 9 or 10.
    assertThat(risk.where(col("advocate")).count()).isPositive();
    assertThat(risk.where(col("advocate").and(col("tier").notEqual("green").or(col("last_nps").lt(9))))
        .count()).isZero();
  }

  @Test
  void revenueAtRiskIsRiskTimesTheAccountsMonthlyFeeOverTheHorizon() {
    // The sample's CRM export pays monthly_fee = seats x plan price per month (catalog: value: monthly_fee).
    List<Row> rows = table(Table.ACCOUNT_RISK).join(table(Table.ACCOUNTS).select("account_id", "monthly_fee"),
        "account_id").select("churn_probability", "monthly_fee", "value_per_month", "revenue_at_risk", "horizon_days")
        .collectAsList();
    assertThat(rows).isNotEmpty();
    double total = 0;
    double expected = 0;
    for (Row r : rows) {
      assertThat(r.getDouble(2)).isEqualTo(r.getDouble(1));
      double months = r.getInt(4) / 30.4375;
      assertThat(r.getDouble(3)).isCloseTo(r.getDouble(0) * r.getDouble(1) * months, within(1e-9));
      total += r.getDouble(3);
      expected += r.getDouble(0) * r.getDouble(1) * months;
    }
    assertThat(total).isCloseTo(expected, within(1e-6)).isPositive();
    Object reported = runs.stream().filter(r -> r.stage.equals("score-churn")).findFirst().orElseThrow()
        .details.get("revenue_at_risk");
    assertThat(((Number) reported).longValue()).isEqualTo(Math.round(total));
  }

  @Test
  void survivalCurvesFollowTheEarliestSnapshotsAccountsAndSeparateTheTiers() {
    Dataset<Row> curves = table(Table.SURVIVAL).where(col("report_month").equalTo(MONTH));
    assertThat(curves.select("origin").distinct().collectAsList()).extracting(r -> r.getString(0))
        .containsExactly("snapshot");
    // The cohort: the accounts active at the earliest training snapshot, followed to the month's end.
    java.sql.Timestamp snapshot = java.sql.Timestamp.valueOf(card().trainSnapshots.get(0) + " 00:00:00");
    java.sql.Timestamp end = io.grapevine.core.Months.end(io.grapevine.core.Months.parse(MONTH));
    Dataset<Row> accounts = table(Table.ACCOUNTS).where(col("report_month").equalTo(MONTH))
        .where(col("signup_ts").lt(org.apache.spark.sql.functions.lit(snapshot))
            .and(col("churn_ts").isNull().or(col("churn_ts").geq(org.apache.spark.sql.functions.lit(snapshot)))));
    long atStart = curves.where(col("month").equalTo(1)).agg(org.apache.spark.sql.functions.sum("at_risk"))
        .first().getLong(0);
    assertThat(atStart).isEqualTo(accounts.count());
    long churned = curves.agg(org.apache.spark.sql.functions.sum("churned")).first().getLong(0);
    assertThat(churned).isEqualTo(accounts.where(col("churn_ts").lt(org.apache.spark.sql.functions.lit(end))).count());
    // Red accounts leave sooner than green ones, beyond the intervals, by the last month followed.
    int last = curves.agg(org.apache.spark.sql.functions.max("month")).first().getInt(0);
    Row red = curves.where(col("tier").equalTo("red").and(col("month").equalTo(last))).first();
    Row green = curves.where(col("tier").equalTo("green").and(col("month").equalTo(last))).first();
    assertThat(red.<Double>getAs("survival_ci_high")).isLessThan(green.<Double>getAs("survival_ci_low"));
  }

  @Test
  void eachActiveAccountHasAnExpectedLifetimeAndRemainingValue() {
    io.grapevine.churn.ModelCard card = card();
    assertThat(card.survivalSigma).isPositive();
    // The lifetime model ranks the held-out snapshot's churners above those who stayed, out of time.
    assertThat(card.survivalTestRocAuc).isGreaterThan(0.55);
    Dataset<Row> risk = table(Table.ACCOUNT_RISK).where(col("report_month").equalTo(MONTH));
    assertThat(risk.where(col("expected_lifetime_months").isNull()
        .or(col("expected_lifetime_months").leq(0)).or(col("expected_lifetime_months").gt(24.0 + 1e-6))).count()).isZero();
    assertThat(risk.where(org.apache.spark.sql.functions.abs(col("expected_remaining_value")
        .minus(col("expected_lifetime_months").multiply(col("value_per_month")))).gt(1e-6)).count()).isZero();
    Map<String, Double> life = new java.util.HashMap<>();
    risk.groupBy("tier").agg(org.apache.spark.sql.functions.avg("expected_lifetime_months")).collectAsList()
        .forEach(r -> life.put(r.getString(0), r.getDouble(1)));
    assertThat(life.get("red")).isLessThan(life.get("yellow"));
    assertThat(life.get("yellow")).isLessThan(life.get("green"));
  }

  private static io.grapevine.churn.ModelCard card() {
    return io.grapevine.churn.ModelCard.fromJson(context().storage().readText(
        context().storage().current(context().layout().churnModels(MONTH)) + "/" + io.grapevine.churn.ModelCard.FILE));
  }

  @Test
  void eachPlantedThemeIsFoundAsOneLearnedThemeHoldingMostOfItsTexts() {
    assertThat(table(Table.FEEDBACK_ENRICHED).where(col("text").isNotNull().and(col("theme").isNull())).count())
        .isZero();
    Map<String, Map<String, Long>> byPlanted = plantedByLearned();
    assertThat(byPlanted).containsOnlyKeys(SampleTruth.THEMES);
    java.util.Set<String> matched = new java.util.HashSet<>();
    Map<String, String> names = new java.util.HashMap<>();
    table(Table.THEMES).collectAsList().forEach(r -> names.put(r.getAs("theme_id"), r.getAs("name")));
    for (Map.Entry<String, Map<String, Long>> e : byPlanted.entrySet()) {
      long all = e.getValue().values().stream().mapToLong(Long::longValue).sum();
      Map.Entry<String, Long> best = e.getValue().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
      assertThat((double) best.getValue() / all).as("planted %s: learned %s", e.getKey(), e.getValue()).isGreaterThan(0.5);
      assertThat(matched.add(best.getKey())).as("%s shares its learned theme", e.getKey()).isTrue();
      // Named by its own words: one of the planted theme's words is among the learned name's three.
      assertThat(SampleTruth.THEME_WORDS.get(e.getKey()).stream()
          .anyMatch(w -> java.util.Arrays.stream(names.get(best.getKey()).split(" / ")).anyMatch(n -> n.startsWith(w))))
          .as("%s named %s", e.getKey(), names.get(best.getKey())).isTrue();
    }
  }

  /**
   * Planted theme -> learned theme -> texts. A text's planted theme is the one theme whose words it uses
   * (complaints joining two are left out).
   */
  private static Map<String, Map<String, Long>> plantedByLearned() {
    org.apache.spark.sql.Column planted = org.apache.spark.sql.functions.lit(null).cast("string");
    org.apache.spark.sql.Column themesUsed = org.apache.spark.sql.functions.lit(0);
    for (String theme : SampleTruth.THEMES) {
      org.apache.spark.sql.Column uses = org.apache.spark.sql.functions.lower(col("text"))
          .rlike("(?<![a-z0-9])(" + String.join("|", SampleTruth.THEME_WORDS.get(theme)) + ")");
      planted = org.apache.spark.sql.functions.when(uses, theme).otherwise(planted);
      themesUsed = themesUsed.plus(org.apache.spark.sql.functions.when(uses, 1).otherwise(0));
    }
    Map<String, Map<String, Long>> byPlanted = new java.util.TreeMap<>();
    for (Row r : table(Table.FEEDBACK_ENRICHED).where(col("text").isNotNull()).withColumn("planted", planted)
        .where(themesUsed.equalTo(1)).groupBy("planted", "theme").count().collectAsList()) {
      byPlanted.computeIfAbsent(r.getString(0), k -> new java.util.HashMap<>()).put(r.getString(1), r.getLong(2));
    }
    return byPlanted;
  }

  /** Planted theme -> the learned theme holding most of its texts. */
  private static Map<String, String> learnedThemeOfEachPlanted() {
    Map<String, String> best = new java.util.TreeMap<>();
    plantedByLearned().forEach((planted, learned) -> best.put(planted,
        learned.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey()));
    return best;
  }

  @Test
  void thePlantedDriverRaisesTheOddsOfNegativityAboveThePlantedThemesThatLowerThem() {
    Map<String, String> learned = learnedThemeOfEachPlanted();
    Map<String, Row> drivers = new java.util.HashMap<>();
    table(Table.DRIVER_MONTHLY).where(col("report_month").equalTo(MONTH).and(col("outcome").equalTo("negative"))
        .and(col("driver_kind").equalTo("theme"))).collectAsList().forEach(r -> drivers.put(r.getAs("driver"), r));
    Row billing = drivers.get(learned.get(SampleTruth.DRIVER));
    // Billing's odds of a negative text are above the rest's, significantly, with a positive impact.
    assertThat(billing.<Double>getAs("odds_ratio_ci_low")).isGreaterThan(1.0);
    assertThat(billing.<Double>getAs("impact")).isPositive();
    // Staff and outage texts are planted less negative than the rest (odds ratio 0.58): found so, below billing.
    for (String theme : List.of("staff", "outage")) {
      Row other = drivers.get(learned.get(theme));
      assertThat(other.<Double>getAs("odds_ratio_ci_high")).as(theme).isLessThan(1.0);
      assertThat(other.<Integer>getAs("rank")).as(theme).isGreaterThan(billing.<Integer>getAs("rank"));
    }
    // Planted: 2.25 (SampleTruth.DRIVER_LOG_ODDS_RATIO). Measured 1.69 (1.27-2.26), text-less rows left
    // out of the comparison: support tickets without a CSAT answer get their label from the text model,
    // whose errors pull an odds ratio toward 1, and a learned theme is not exactly the planted one.
    // It ranks first: texts that only praise (and complain about nothing in particular) form a general
    // theme, ranked after the themes that are something to fix; delivery, which k-means splits by mood
    // (late, lost packages against fast parcels), is one theme again.
    assertThat(billing.<Integer>getAs("rank")).isEqualTo(1);
    assertThat(billing.<Boolean>getAs("general")).isFalse();
    List<Row> general = drivers.values().stream().filter(r -> r.<Boolean>getAs("general")).toList();
    assertThat(general).as("the generator's praise is a general theme").isNotEmpty()
        .allSatisfy(r -> assertThat(r.<Integer>getAs("rank")).isGreaterThan(drivers.size() - general.size()));
    assertThat(billing.<Double>getAs("odds_ratio_ci_high")).isGreaterThan(Math.exp(SampleTruth.DRIVER_LOG_ODDS_RATIO) * 0.9);
  }

  @Test
  void churnDriversCountWritersWhoseHorizonIsObservedAndReplySignalsDriveChurnOnly() {
    Dataset<Row> drivers = table(Table.DRIVER_MONTHLY);
    assertThat(drivers.where("driver_kind = 'reply' AND outcome <> 'churn'").count()).isZero();
    // 90 days after the feedback must lie within the run month: nothing from September on.
    assertThat(drivers.where("outcome = 'churn'").agg(org.apache.spark.sql.functions.max("report_month"))
        .first().getString(0)).isEqualTo("2026-08");
    // June's apologies, recounted from the tables: replies carrying one, whose account was still there
    // when the customer wrote, with its 90 days observed by the end of October.
    Row apology = drivers.where("report_month = '2026-06' AND outcome = 'churn' AND driver = 'apology'").first();
    Dataset<Row> followed = table(Table.FEEDBACK_ENRICHED).where("report_month = '2026-06' AND reply_apology")
        .join(table(Table.ACCOUNTS).where(col("report_month").equalTo(MONTH)).select(col("account_id"),
            col("churn_ts")), "account_id")
        .where("event_ts + INTERVAL 90 DAYS <= TIMESTAMP '2026-11-01 00:00:00' AND (churn_ts IS NULL OR churn_ts > event_ts)");
    assertThat(apology.<Long>getAs("rows_with")).isEqualTo(followed.count()).isPositive();
    long churned = followed.where("churn_ts <= event_ts + INTERVAL 90 DAYS").count();
    assertThat(apology.<Double>getAs("rate_with")).isCloseTo((double) churned / followed.count(), within(1e-12));
  }

  @Test
  void themeMonthlySharesAddUpPerChannelAndQuotesAreMaskedTextsOfTheTheme() {
    List<Row> rows = table(Table.THEME_MONTHLY).where(col("report_month").equalTo(MONTH))
        .groupBy("channel").agg(org.apache.spark.sql.functions.sum("share_of_channel"),
            org.apache.spark.sql.functions.sum("volume")).collectAsList();
    assertThat(rows).hasSize(SampleTruth.NEGATIVE_RATE.size());
    long themed = table(Table.FEEDBACK_ENRICHED).where(col("report_month").equalTo(MONTH).and(col("theme").isNotNull())).count();
    assertThat(rows.stream().mapToLong(r -> r.getLong(2)).sum()).isEqualTo(themed);
    rows.forEach(r -> assertThat(r.getDouble(1)).isCloseTo(1.0, within(1e-9)));
    assertThat(table(Table.THEME_MONTHLY).where(col("negativity_rate").isNotNull()
        .and(col("negativity_ci_low").gt(col("negativity_rate")).or(col("negativity_ci_high").lt(col("negativity_rate"))))).count()).isZero();
    for (Row t : table(Table.THEMES).collectAsList()) {
      List<String> quotes = t.getList(t.fieldIndex("quotes"));
      assertThat(quotes).as(t.<String>getAs("name")).isNotEmpty().hasSizeLessThanOrEqualTo(3)
          .noneMatch(q -> q.contains("@example") || q.matches("(?s).*\\d{3} \\d{4}.*"));
    }
  }

  @Test
  void thePlantedSpikeIsTheOnlyAlertInItsWeekAndPointsAtItsPosts() {
    java.time.LocalDate spike = SampleTruth.SPIKE_DAY;
    java.time.LocalDate monday = spike.with(java.time.DayOfWeek.MONDAY);
    Dataset<Row> alerts = table(Table.ALERTS);
    List<Row> inWeek = alerts.where(col("period_start").between(java.sql.Date.valueOf(monday),
        java.sql.Date.valueOf(monday.plusDays(6)))).collectAsList();
    assertThat(inWeek).isNotEmpty().allSatisfy(a -> {
      assertThat(a.<String>getAs("channel")).isEqualTo("social_media");
      assertThat(a.<java.sql.Date>getAs("period_start").toLocalDate())
          .isEqualTo(a.<String>getAs("period").equals("day") ? spike : monday);
    });
    Row day = inWeek.stream().filter(a -> a.<String>getAs("period").equals("day") && a.getAs("theme") == null)
        .findFirst().orElseThrow();
    assertThat(day.<Long>getAs("negative") - day.<Double>getAs("expected_negative"))
        .isGreaterThan(SampleTruth.SPIKE_POSTS * 0.8);
    // The theme-level alert of that day is the planted theme's, and its feedback is the planted posts.
    Row themed = inWeek.stream().filter(a -> a.<String>getAs("period").equals("day") && a.getAs("theme") != null)
        .findFirst().orElseThrow();
    List<String> ids = themed.getList(themed.fieldIndex("feedback_ids"));
    assertThat(ids).hasSize(10);
    assertThat(table(Table.FEEDBACK_ENRICHED).where(col("feedback_id").isin(ids.toArray())
        .and(org.apache.spark.sql.functions.lower(col("text")).rlike(String.join("|",
            SampleTruth.THEME_WORDS.get(SampleTruth.SPIKE_THEME))))).count()).isEqualTo(10);
    // Outside the spike, eight months of the sample's ordinary days raise no alert.
    assertThat(alerts.where(col("period_start").lt(java.sql.Date.valueOf(monday))
        .or(col("period_start").gt(java.sql.Date.valueOf(monday.plusDays(6))))).count()).isZero();
  }

  @Test
  void theActionListCallsEveryRedAccountByRevenueAtRiskAndAsksEveryAdvocate() throws Exception {
    List<String> lines = Files.readAllLines(out.resolve("reports/" + MONTH + "/actions.csv"));
    assertThat(lines.get(0)).isEqualTo(String.join(",", io.grapevine.report.ActionList.COLUMNS));
    Dataset<Row> risk = table(Table.ACCOUNT_RISK).where(col("report_month").equalTo(MONTH));
    List<String> calls = lines.stream().filter(l -> l.contains(",call_red_account,")).toList();
    assertThat(calls).hasSize((int) risk.where(col("tier").equalTo("red")).count());
    assertThat(lines.stream().filter(l -> l.contains(",ask_for_reference,")).count())
        .isEqualTo(risk.where(col("advocate")).count());
    // The first call is the red account with the most revenue at risk.
    Row top = risk.where(col("tier").equalTo("red")).orderBy(col("revenue_at_risk").desc()).first();
    assertThat(calls.get(0)).contains("," + top.<String>getAs("account_id") + ",");
    assertThat(Files.readAllLines(out.resolve("reports/" + MONTH + "/actions.jsonl"))).hasSize(lines.size() - 1);
  }

  private static org.apache.spark.sql.Column functions_size_reasons() {
    return org.apache.spark.sql.functions.size(col("reasons"));
  }

  @Test
  void ingestingTheSameExportsAgainLeavesTheSameRows() {
    long before = table(Table.FEEDBACK).count();
    long quarantinedBefore = table(Table.QUARANTINE).count();
    StageRun again = IngestJob.run(context(), catalog, Privacy.withKey("test-key"), io.grapevine.core.MonthRange.upTo("2026-10"));
    Dataset<Row> after = table(Table.FEEDBACK);
    assertThat(after.count()).isEqualTo(before).isEqualTo(again.rowsOut - accountsAccepted(again));
    assertThat(after.select(FeedbackSchema.FEEDBACK_ID).distinct().count()).isEqualTo(before);
    assertThat(table(Table.QUARANTINE).count()).isEqualTo(quarantinedBefore);
  }

  private static long accountsAccepted(StageRun ingest) {
    return ((Number) sources(ingest).get("sample_accounts").get("written_accepted")).longValue();
  }

  /**
   * The Parquet contract: every table's columns and types equal its golden file in
   * src/test/resources/golden. After a deliberate change, rerun with -Dgrapevine.golden.update=true.
   */
  @Test
  void everyTableKeepsItsGoldenSchema() throws Exception {
    Path golden = SparkTestSession.projectDir().resolve("src/test/resources/golden");
    boolean update = Boolean.getBoolean("grapevine.golden.update");
    for (Table t : Table.values()) {
      StringBuilder schema = new StringBuilder();
      for (org.apache.spark.sql.types.StructField f : table(t).schema().fields()) {
        schema.append(f.name()).append(": ").append(f.dataType().simpleString()).append('\n');
      }
      Path file = golden.resolve(t.dirName() + ".schema");
      if (update) {
        Files.writeString(file, schema.toString());
      }
      assertThat(schema.toString()).as("%s schema; after a deliberate change rerun with "
          + "-Dgrapevine.golden.update=true", t.dirName()).isEqualTo(Files.readString(file));
    }
  }

  @Test
  void rerunningAMonthOfMetricsReplacesThatMonthOnlyInOneCommit() {
    String table = out.resolve(Table.CHANNEL_MONTHLY.dirName()).toString();
    Map<String, List<String>> before = filesByMonth(table);
    long rows = table(Table.CHANNEL_MONTHLY).count();
    long versions = context().tables().history(Table.CHANNEL_MONTHLY).size();
    io.grapevine.metrics.MetricsJob.run(context(), MONTH);
    Map<String, List<String>> after = filesByMonth(table);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((month, files) -> {
      if (month.equals(MONTH)) {
        assertThat(after.get(month)).as("October written anew").isNotEmpty().doesNotContainAnyElementsOf(files);
      } else {
        assertThat(after.get(month)).as(month + " untouched").isEqualTo(files);
      }
    });
    assertThat(table(Table.CHANNEL_MONTHLY).count()).isEqualTo(rows);
    List<io.grapevine.core.Tables.Version> history = context().tables().history(Table.CHANNEL_MONTHLY);
    assertThat(history).hasSize((int) versions + 1);
    assertThat(history.get(0).stage()).isEqualTo("metrics");
  }

  /** The files of a Delta table's current version, by month, as Delta Kernel lists them. */
  private static Map<String, List<String>> filesByMonth(String table) {
    Map<String, List<String>> byMonth = new java.util.TreeMap<>();
    for (DeltaKernelReader.ActiveFile f : DeltaKernelReader.files(table)) {
      byMonth.computeIfAbsent(f.partitionValues().get(FeedbackSchema.REPORT_MONTH), k -> new java.util.ArrayList<>())
          .add(f.path());
    }
    byMonth.values().forEach(l -> l.sort(String::compareTo));
    return byMonth;
  }

  @Test
  void subjectMonthlyCoversTheFeedbackThatNamesASubject() {
    Dataset<Row> bySubject = table(Table.SUBJECT_MONTHLY).where(col("report_month").equalTo(MONTH))
        .groupBy("channel").agg(org.apache.spark.sql.functions.sum("volume").as("volume"));
    Dataset<Row> withSubject = table(Table.FEEDBACK_ENRICHED)
        .where(col("report_month").equalTo(MONTH).and(col("subject").isNotNull()))
        .groupBy("channel").count().withColumnRenamed("count", "volume");
    assertThat(bySubject.collectAsList()).isNotEmpty();
    assertThat(bySubject.exceptAll(withSubject).count()).isZero();
    assertThat(withSubject.exceptAll(bySubject).count()).isZero();
    assertThat(bySubject.select("channel").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .contains("review_site", "complaint", "support");
  }

  @Test
  void sourceMonthlyAddsUpToChannelMonthly() {
    Dataset<Row> bySource = table(Table.SOURCE_MONTHLY).groupBy("report_month", "channel")
        .agg(org.apache.spark.sql.functions.sum("volume").as("volume"),
            org.apache.spark.sql.functions.sum("negative").as("negative"));
    Dataset<Row> byChannel = table(Table.CHANNEL_MONTHLY).select("report_month", "channel", "volume", "negative");
    assertThat(bySource.exceptAll(byChannel).count()).isZero();
    assertThat(byChannel.exceptAll(bySource).count()).isZero();
  }

  @Test
  void responseQualityReadsTheSupportReplies() {
    Row support = table(Table.RESPONSE_QUALITY_MONTHLY)
        .where(col(FeedbackSchema.REPORT_MONTH).equalTo(MONTH).and(col("channel").equalTo("support"))).first();
    // Every generated ticket has a reply a few hours later; 60% of replies to negative tickets apologize.
    assertThat(support.<Double>getAs("response_rate")).isGreaterThan(0.99);
    assertThat(support.<Double>getAs("response_hours_median")).isBetween(1.0, 6.0);
    assertThat(support.<Double>getAs("apology_rate_negative")).isBetween(0.45, 0.75);
  }

  @Test
  void theSampleHasNoFilesOutsideWhatTheCatalogReads() throws Exception {
    try (var dirs = Files.list(SparkTestSession.projectDir().resolve("data/sample"))) {
      assertThat(dirs.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("accounts", "catalog.yaml", "complaints", "reviews", "social", "survey", "tickets");
    }
  }
}
