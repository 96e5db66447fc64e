package io.grapevine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.grapevine.SparkTestSession;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The presets shipped in the product: each is a valid entry, overrides win, and they read real exports. */
class PresetsTest {
  @TempDir
  Path dir;

  private static SourceCatalog parse(String yaml) throws Exception {
    return SourceCatalog.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml), "t.yaml", "");
  }

  @Test
  void everyPresetIsAValidCatalogEntryOnceItHasAPath() throws Exception {
    StringBuilder yaml = new StringBuilder("sources:\n");
    for (String preset : SourceCatalog.presets().keySet()) {
      yaml.append("  - {name: ").append(preset).append(", preset: ").append(preset).append(", path: /x}\n");
    }
    SourceCatalog catalog = parse(yaml.toString());
    assertThat(catalog.sources()).hasSize(SourceCatalog.presets().size()).hasSizeGreaterThanOrEqualTo(13);
    assertThat(catalog.sources()).filteredOn(s -> s.name.equals("crm_accounts"))
        .singleElement().satisfies(s -> assertThat(s.kind).isEqualTo(SourceSpec.Kind.ACCOUNTS));
  }

  @Test
  void theEntryOverridesThePresetKeyByKey() throws Exception {
    SourceSpec s = parse("""
        sources:
          - name: my_survey
            preset: qualtrics_csv
            path: /x
            timezone: Europe/Zurich
            options: {encoding: windows-1252}
            mapping:
              nps: Q1
              event_ts: EndDate
        """).sources().get(0);
    assertThat(s.options.headerRows).as("kept from the preset").isEqualTo(3);
    assertThat(s.options.encoding).isEqualTo("windows-1252");
    assertThat(s.mapping).containsEntry("id", "`ResponseId`").containsEntry("nps", "`Q1`")
        .containsEntry("event_ts", "`EndDate`");
    assertThat(s.timezone).isEqualTo("Europe/Zurich");
  }

  @Test
  void anUnknownPresetIsNamedWithTheChoices() {
    assertThatThrownBy(() -> parse("sources:\n  - {name: x, preset: zendesk_magic, path: /x}\n"))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("source 'x': unknown preset 'zendesk_magic'")
        .hasMessageContaining("qualtrics_csv");
  }

  @SuppressWarnings("unchecked")
  @Test
  void theGenericPresetsReadTheSampleLikeItsOwnCatalog() throws Exception {
    Path sample = SparkTestSession.projectDir().resolve("data/sample");
    Files.writeString(dir.resolve("generic.yaml"), """
        sources:
          - name: tickets
            preset: support_tickets
            path: %1$s/tickets/*.csv
            timezone: America/New_York
            timestamp_formats: ["yyyy-MM-dd HH:mm"]
          - name: accounts
            preset: crm_accounts
            path: %1$s/accounts/*.csv
            attributes: {numeric: [seats, monthly_fee], categorical: [plan, region]}
        """.formatted(sample));
    StageRun run = IngestJob.run(new JobContext(SparkTestSession.get(), dir.resolve("generic-out").toString(),
        Months.parse("2026-10"), io.grapevine.SparkTestSession.config()),
        SourceCatalog.load(dir.resolve("generic.yaml").toString(), new Configuration()), Privacy.withKey("k"), io.grapevine.core.MonthRange.upTo("2026-10"));
    Map<String, Map<String, Object>> sources = (Map<String, Map<String, Object>>) (Map<?, ?>) run.details.get("sources");
    // Every ticket row the generator wrote (one line each, one planted without a creation time) and
    // 1,500 accounts (one with the impossible signup date 30/02/2025).
    long tickets = Files.readAllLines(sample.resolve("tickets/part-0001.csv")).size() - 1;
    assertThat(tickets).isGreaterThan(3_000);
    assertThat(((Number) sources.get("tickets").get("read")).longValue()).isEqualTo(tickets);
    assertThat(((Number) sources.get("tickets").get("quarantined")).longValue()).isEqualTo(1);
    assertThat(((Number) sources.get("accounts").get("read")).longValue()).isEqualTo(1_500);
    assertThat(((Number) sources.get("accounts").get("quarantined")).longValue()).isEqualTo(1);
  }

  @SuppressWarnings("unchecked")
  @Test
  void presetsReadTheRealExports() throws Exception {
    Path shared = SparkTestSession.sharedDataset("");
    Assumptions.assumeTrue(SparkTestSession.sharedDatasetsPresent(),
        "../shared/datasets is absent (a user's clone): the presets' real-data test is skipped");
    Files.writeString(dir.resolve("catalog.yaml"), """
        sources:
          - name: cfpb
            preset: cfpb_complaints
            path: %1$s/cfpb-complaints-2020-sample/complaints_sample.csv
          - name: yelp
            preset: yelp_reviews
            path: %1$s/yelp-open-dataset-sample/yelp_academic_dataset_review.json
          - name: qualtrics
            preset: qualtrics_csv
            path: %1$s/qualtrics-export-format-fixtures/sample.csv
            timezone: Europe/Zurich
            mapping: {text: Q2}
          - name: qualtrics_legacy
            preset: qualtrics_legacy_csv
            path: %1$s/qualtrics-export-format-fixtures/sample_legacy.csv
            timezone: Europe/Zurich
            mapping: {text: This is a free text question.}
          - name: twcs
            preset: twitter_customer_support
            path: %1$s/twitter-customer-support-sample/twcs.csv
          # Exports no vendor preset names, by generic_reviews with nothing but the path (and a channel,
          # or a date for an export that has none).
          - {name: airline_tweets, preset: generic_reviews, path: %1$s/twitter-airline-sentiment/Tweets.csv, channel: social_media}
          - {name: ba, preset: generic_reviews, path: %1$s/ba-airline-reviews-airlinequality/BA_AirlineReviews.csv}
          - {name: alexa, preset: generic_reviews, path: %1$s/amazon-alexa-reviews/amazon_alexa.tsv}
          - name: tripadvisor
            preset: generic_reviews
            path: %1$s/tripadvisor-hotel-reviews-2k/tripadvisor_hotel_reviews.csv
            mapping: {event_ts: {const: "2021-01-28"}}
        """.formatted(shared));
    StageRun run = IngestJob.run(new JobContext(SparkTestSession.get(), dir.resolve("out").toString(),
        Months.parse("2026-10"), io.grapevine.SparkTestSession.config()),
        SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration()), Privacy.withKey("k"), io.grapevine.core.MonthRange.upTo("2026-10"));
    Map<String, Map<String, Object>> sources = (Map<String, Map<String, Object>>) (Map<?, ?>) run.details.get("sources");
    // The same counts as the hand-written entries of jobs/shared-datasets-catalog.yaml.
    assertThat(((Number) sources.get("cfpb").get("read")).longValue()).isEqualTo(6_623);
    assertThat(((Number) sources.get("cfpb").get("quarantined")).longValue()).isZero();
    // The two lines unzip printed above the header are found without skip_lines.
    assertThat(sources.get("cfpb").get("auto").toString()).contains("skip_lines=2: the lines above the header "
        + "('Archive:");
    assertThat(((Number) sources.get("yelp").get("read")).longValue()).isEqualTo(999);
    assertThat(((Number) sources.get("yelp").get("quarantined")).longValue()).isZero();
    assertThat(((Number) sources.get("qualtrics").get("accepted")).longValue()).isEqualTo(1);
    assertThat(((Number) sources.get("qualtrics_legacy").get("accepted")).longValue()).isEqualTo(1);
    assertThat(SparkTestSession.table(dir.resolve("out"), io.grapevine.core.Table.FEEDBACK)
        .where("source = 'qualtrics_legacy'").select("text").first().getString(0)).isEqualTo("Hello World!");
    // 5,000 tweets, one split by bare carriage returns into two malformed fragments.
    assertThat(((Number) sources.get("twcs").get("read")).longValue()).isEqualTo(5_001);
    assertThat(((Number) sources.get("twcs").get("quarantined")).longValue()).isEqualTo(2);
    // generic_reviews: every row read as the hand-written entries read them, none quarantined; the
    // repeated tweet ids and Alexa's whole-row repeats removed as duplicates.
    for (String source : List.of("airline_tweets", "ba", "alexa", "tripadvisor")) {
      assertThat(((Number) sources.get(source).get("quarantined")).longValue()).as(source).isZero();
    }
    assertThat(((Number) sources.get("airline_tweets").get("read")).longValue()).isEqualTo(14_640);
    assertThat(((Number) sources.get("airline_tweets").get("duplicates")).longValue()).isEqualTo(155);
    assertThat(((Number) sources.get("ba").get("accepted")).longValue()).isEqualTo(3_701);
    assertThat(((Number) sources.get("alexa").get("duplicates")).longValue()).isEqualTo(714);
    assertThat(((Number) sources.get("tripadvisor").get("accepted")).longValue()).isEqualTo(2_000);
    assertThat((Map<String, String>) sources.get("ba").get("alternatives_chosen")).containsEntry("event_ts", "Datetime")
        .containsEntry("rating", "OverallRating").containsEntry("text", "ReviewBody").containsEntry("customer_name", "Name");
    assertThat((Map<String, String>) sources.get("ba").get("auto")).containsEntry("rating_scale",
        "[1, 10] (ratings from 1 to 10 in 2,000 of the first rows)");
    assertThat((Map<String, String>) sources.get("alexa").get("alternatives_chosen"))
        .containsEntry("text", "verified_reviews").containsEntry("event_ts", "date");
    assertThat((Map<String, String>) sources.get("airline_tweets").get("alternatives_chosen"))
        .containsEntry("id", "tweet_id").containsEntry("subject", "airline").containsEntry("rating", null)
        .containsEntry("sentiment_label", "airline_sentiment");
  }
}
