package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.Table;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Themes learned from real exports, one source per run with the default settings: the airline
 * tweets' themes agree with the reasons annotators gave and the CFPB complaints' with the export's own
 * Issue column (measured by normalized mutual information), and the themes name what a person would.
 */
@EnabledIf(value = "io.grapevine.SparkTestSession#sharedDatasetsPresent",
    disabledReason = "../shared/datasets is absent (a user's clone): the real-data tests are skipped")
class SharedDatasetsThemesTest {
  @TempDir
  Path out;

  /** Ingests one source of the shared catalog (its subject mapped to {@code subject} when given) and enriches it. */
  private JobContext learn(String source, String subject) {
    SourceCatalog catalog = SourceCatalog.load(
        SparkTestSession.projectDir().resolve("jobs/shared-datasets-catalog.yaml").toString(), new Configuration())
        .only(source);
    if (subject != null) {
      catalog.sources().get(0).mapping.put("subject", subject);
    }
    JobContext ctx = new JobContext(SparkTestSession.get(), out.toString(), Months.parse("2026-10"),
        SparkTestSession.config());
    IngestJob.run(ctx, catalog, Privacy.withKey("test-key"), io.grapevine.core.MonthRange.upTo("2026-10"));
    EnrichJob.run(ctx, ctx.tables().months(Table.FEEDBACK).get(0));
    return ctx;
  }

  private static Map<String, List<String>> topWords(JobContext ctx) {
    Map<String, List<String>> top = new HashMap<>();
    for (Row r : ctx.tables().read(Table.THEMES).collectAsList()) {
      top.put(r.getAs("theme_id"), r.getList(r.fieldIndex("top_words")));
      System.out.println("THEME " + r.<String>getAs("theme_id") + (r.<Boolean>getAs("general") ? " general " : " ") + r.<Long>getAs("texts") + " "
          + r.getList(r.fieldIndex("top_words")) + " | " + r.getList(r.fieldIndex("negative_quotes")));
    }
    return top;
  }

  /** Whether one theme's top words hold all these words. */
  private static boolean oneThemeSays(Map<String, List<String>> top, String... words) {
    return top.values().stream().anyMatch(t -> t.containsAll(List.of(words)));
  }

  // k-means on short texts has many optima of nearly the same cost (eight seeds of the airline tweets:
  // within 0.5% of each other), and which one a run lands in turns on the rows' layout, so a change
  // anywhere upstream (a mask in the text) moves words between themes. What is asserted here held on
  // every one of the seeds measured (jobs/bench-themes SOURCE SUBJECT 6, and the default seed); one
  // seed's exact themes did not.

  @Test
  void airlineTweetsThemesAgreeWithTheReasonsAnnotatorsGave() {
    // The export's negativereason column (Late Flight, Lost Luggage, Customer Service Issue, ...) was
    // given by annotators and is not read by the themes: agreeing with it is what a traveller would see.
    JobContext ctx = learn("twitter_airlines", "negativereason");
    Dataset<Row> pairs = ctx.tables().read(Table.FEEDBACK_ENRICHED)
        .where(col("theme").isNotNull().and(col("subject").isNotNull())).groupBy("theme", "subject").count();
    double nmi = io.grapevine.Agreement.nmi(pairs.collectAsList());
    // Measured 0.11 to 0.19 (mean 0.14) over eight seeds and 0.17 with the default one; themes drawn
    // at random score about 0.
    System.out.println("NMI of the airline themes and negativereason: " + nmi);
    assertThat(nmi).as("NMI of themes and negativereason").isGreaterThan(0.08);
    Map<String, List<String>> top = topWords(ctx);
    // k is 7; centres of one topic in opposite moods join (here, as on some seeds, two of them).
    assertThat(top).hasSizeBetween(5, 7);
    assertThat(oneThemeSays(top, "flight", "cancelled")).as("cancellations: %s", top).isTrue();
    assertThat(oneThemeSays(top, "customer", "service")).as("service: %s", top).isTrue();
    assertThat(oneThemeSays(top, "bag")).as("bags: %s", top).isTrue();
    // Forms of a word count as one: thank and thanks are one word (without stems, two themes of
    // thanks, one for each), shown in its commoner form.
    List<String> words = top.values().stream().flatMap(List::stream).toList();
    assertThat(words).as("thanks: %s", top).containsAnyOf("thank", "thanks");
    assertThat(words.contains("thank") && words.contains("thanks")).as("thank and thanks: %s", top).isFalse();
    // Handles name the airline, not the theme: none is a theme word.
    assertThat(top.values().stream().flatMap(List::stream)).doesNotContain("united", "americanair", "usairways");
  }

  @Test
  void supportThreadThemesAreNamedByTheCampaignsAndProductsCustomersWrite() {
    // 2,777 tweets to dozens of brands carry no labels to measure against, and which words share a theme
    // moves with the seed; that the campaigns customers answered (Chipotle's Halloween Boorito, Tesco's
    // #mincepiewars), app updates, accounts and thanks each name a theme did not, over seven seeds.
    Map<String, List<String>> top = topWords(learn("twitter_support", null));
    assertThat(top).hasSize(7);
    assertThat(top.values().stream().flatMap(List::stream)).as("%s", top)
        .contains("halloween", "mincepiewars", "update", "account", "thanks");
  }

  @Test
  void complaintThemesAgreeWithTheExportsIssueColumn() {
    JobContext ctx = learn("cfpb_complaints", "Issue");
    Dataset<Row> pairs = ctx.tables().read(Table.FEEDBACK_ENRICHED).where(col("theme").isNotNull())
        .groupBy("theme", "subject").count();
    double nmi = io.grapevine.Agreement.nmi(pairs.collectAsList());
    // Measured 0.24 to 0.28 over seven seeds (7 themes against the sample's 60-odd Issue values);
    // themes learned without looking at Issue would score about 0.
    System.out.println("NMI of the CFPB themes and Issue: " + nmi);
    assertThat(nmi).as("NMI of themes and Issue").isGreaterThan(0.2);
    Map<String, List<String>> top = topWords(ctx);
    assertThat(oneThemeSays(top, "identity", "theft")).as("%s", top).isTrue();
    assertThat(oneThemeSays(top, "debt", "collection")).as("%s", top).isTrue();
    assertThat(oneThemeSays(top, "loan")).as("%s", top).isTrue();
  }
}
