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
            options: {skip_lines: 2}
          - name: yelp
            preset: yelp_reviews
            path: %1$s/yelp-open-dataset-sample/yelp_academic_dataset_review.json
          - name: qualtrics
            preset: qualtrics_csv
            path: %1$s/qualtrics-export-format-fixtures/sample.csv
            timezone: Europe/Zurich
            mapping: {text: Q2}
          - name: twcs
            preset: twitter_customer_support
            path: %1$s/twitter-customer-support-sample/twcs.csv
        """.formatted(shared));
    StageRun run = IngestJob.run(new JobContext(SparkTestSession.get(), dir.resolve("out").toString(),
        Months.parse("2026-10"), io.grapevine.SparkTestSession.config()),
        SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration()), Privacy.withKey("k"), io.grapevine.core.MonthRange.upTo("2026-10"));
    Map<String, Map<String, Object>> sources = (Map<String, Map<String, Object>>) (Map<?, ?>) run.details.get("sources");
    // The same counts as the hand-written entries of jobs/shared-datasets-catalog.yaml.
    assertThat(((Number) sources.get("cfpb").get("read")).longValue()).isEqualTo(6_623);
    assertThat(((Number) sources.get("cfpb").get("quarantined")).longValue()).isZero();
    assertThat(((Number) sources.get("yelp").get("read")).longValue()).isEqualTo(999);
    assertThat(((Number) sources.get("yelp").get("quarantined")).longValue()).isZero();
    assertThat(((Number) sources.get("qualtrics").get("accepted")).longValue()).isEqualTo(1);
    // 5,000 tweets, one split by bare carriage returns into two malformed fragments.
    assertThat(((Number) sources.get("twcs").get("read")).longValue()).isEqualTo(5_001);
    assertThat(((Number) sources.get("twcs").get("quarantined")).longValue()).isEqualTo(2);
  }
}
