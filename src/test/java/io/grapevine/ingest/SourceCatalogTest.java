package io.grapevine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.grapevine.SparkTestSession;
import io.grapevine.core.UserInputException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class SourceCatalogTest {
  private static SourceCatalog parse(String yaml) throws Exception {
    return SourceCatalog.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml), "test.yaml", "/base");
  }

  @Test
  void readsTheBundledSampleCatalog() {
    String location = SparkTestSession.projectDir().resolve("data/sample/catalog.yaml").toString();
    SourceCatalog catalog = SourceCatalog.load(location, new Configuration());
    assertThat(catalog.sources()).extracting(s -> s.name).containsExactly("sample_reviews",
        "sample_social", "sample_survey", "sample_complaints", "sample_tickets", "sample_accounts");
    SourceSpec reviews = catalog.sources().get(0);
    assertThat(reviews.format).isEqualTo(ExportFormat.JSONL);
    assertThat(reviews.channel).isEqualTo("review_site");
    assertThat(reviews.path).endsWith("/data/sample/reviews/*.jsonl").doesNotContain("..");
    assertThat(reviews.mapping).containsEntry("rating", "`stars`")
        .containsEntry("reach", "useful + funny + cool").containsEntry("reach_basis", "'engagement'");
    SourceSpec accounts = catalog.sources().get(5);
    assertThat(accounts.kind).isEqualTo(SourceSpec.Kind.ACCOUNTS);
    assertThat(accounts.numericAttributes).containsExactly("seats", "monthly_fee");
  }

  @Test
  void listsEveryProblemInOneErrorNamingSourceAndKey() {
    String yaml = """
        sources:
          - name: reviews
            path: r.csv
            format: xls
            channel: review_site
            colour: blue
            mapping:
              rating: stars
          - name: tweets
            path: t.csv
            format: csv
            channel: twitter
            options: {delimiter: ';;', quotes: "'"}
            mapping:
              event_ts: created
              mood: sentiment
        """;
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("has 8 problem(s)")
        .hasMessageContaining("source 'reviews': format 'xls' is not one of [csv, tsv, jsonl, json, xml, parquet, xlsx, auto]")
        .hasMessageContaining("source 'reviews': unknown key 'colour'")
        .hasMessageContaining("source 'reviews': missing required key 'mapping.event_ts'")
        .hasMessageContaining("source 'reviews': mapping.rating needs rating_scale: [min, max]")
        .hasMessageContaining("source 'tweets': Unknown channel 'twitter': expected one of [review_site,")
        .hasMessageContaining("source 'tweets': options.delimiter must be one character, found ';;'")
        .hasMessageContaining("source 'tweets': unknown key 'options.quotes'")
        .hasMessageContaining("source 'tweets': unknown key 'mapping.mood'");
  }

  @Test
  void aTimePatternTimesCannotBeReadByIsRefusedAtTheCheckAndALeadingWeekdayIsNot() {
    String yaml = """
        sources:
          - name: weekly
            path: w.csv
            format: csv
            channel: survey
            timestamp_formats: ["YYYY-ww", "d MMM yyyy EEE", "uuuu-MM-dd"]
            mapping: {event_ts: week}
          - name: mails
            path: m.csv
            format: csv
            channel: support
            timestamp_formats: ["EEE, d MMM yyyy HH:mm:ss z", "EEEE d MMMM yyyy"]
            mapping: {event_ts: date}
        """;
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("has 3 problem(s)")
        .hasMessageContaining("source 'weekly': timestamp format 'YYYY-ww' uses 'wY', which times cannot be read by")
        .hasMessageContaining("source 'weekly': timestamp format 'd MMM yyyy EEE' uses 'E'")
        .hasMessageContaining("source 'weekly': timestamp format 'uuuu-MM-dd' uses 'u'");
  }

  @Test
  void sourcesMayBeAMapOfEntriesByName() throws Exception {
    SourceCatalog c = parse("""
        sources:
          shop_reviews: {preset: generic_reviews, path: reviews.csv}
          tickets: {path: t.csv, format: csv, channel: support, mapping: {event_ts: created}}
        """);
    assertThat(c.sources()).extracting(s -> s.name).containsExactly("shop_reviews", "tickets");
    assertThat(c.sources().get(1).channel).isEqualTo("support");
    assertThatThrownBy(() -> parse("""
        sources:
          shop: {name: other, preset: generic_reviews, path: reviews.csv}
          Bad Name: {preset: generic_reviews, path: r.csv}
          empty: reviews.csv
        """))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("source 'shop': its entry names itself 'other'; drop one of the two")
        .hasMessageContaining("source 'Bad Name': name must be snake_case")
        .hasMessageContaining("source 'empty': expected an entry (path:, preset: ...), found \"reviews.csv\"");
  }

  @Test
  void publicHandlesAreReadAsTheMaskComparesThemAndAnythingElseIsRefused() throws Exception {
    SourceCatalog c = parse("""
        sources:
          tweets: {preset: generic_reviews, path: t.csv, public_handles: ["@AcmeHelp", u/Acme_Official, acme.shop]}
        """);
    assertThat(c.sources().get(0).publicHandles).containsExactlyInAnyOrder("acmehelp", "acme_official", "acme.shop");
    assertThatThrownBy(() -> parse("""
        sources:
          tweets: {preset: generic_reviews, path: t.csv, public_handles: ["Acme Help"]}
        """))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("source 'tweets': public_handles: 'Acme Help' is not a handle such as @YourBrand");
  }

  @Test
  void mappingsAreColumnsConstantsOrExpressions() throws Exception {
    SourceCatalog c = parse("""
        sources:
          - name: s
            path: /data/s.tsv
            format: tsv
            channel: survey
            mapping:
              event_ts: "Submitted At"
              is_complaint: {const: true}
              sentiment_label: {const: "it's bad"}
              told_count: {expr: "try_cast(told as int) + 1"}
        """);
    SourceSpec s = c.sources().get(0);
    assertThat(s.path).isEqualTo("/data/s.tsv");
    assertThat(s.options.delimiter).isEqualTo('\t');
    assertThat(s.mapping).containsEntry("event_ts", "`Submitted At`")
        .containsEntry("is_complaint", "true")
        .containsEntry("sentiment_label", "'it\\'s bad'")
        .containsEntry("told_count", "try_cast(told as int) + 1");
    assertThat(s.mappedColumns).containsOnlyKeys("event_ts");
  }

  @Test
  void aKeyWrittenTwiceIsAnErrorNamingItsLineNotTheLastOneKeptSilently(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("catalog.yaml");
    java.nio.file.Files.writeString(file, """
        sources:
          shop:
            preset: generic_reviews
            path: reviews.csv
            mapping: {text: body}
            mapping: {rating: stars}
        """);
    assertThatThrownBy(() -> SourceCatalog.load(file.toString(), new Configuration()))
        .isInstanceOf(UserInputException.class)
        .hasMessage("Catalog " + file + " is not valid YAML at line 6: Duplicate field 'mapping'");
  }

  @Test
  void theShippedPresetsHaveNoKeyTwice() {
    // Read strictly: a preset with a key twice would fail here instead of losing its first value.
    assertThat(SourceCatalog.presets()).containsKeys("generic_reviews", "amazon_reviews");
    assertThat(SourceCatalog.presets().get("generic_reviews").get("options").get("strip_html").asBoolean()).isTrue();
  }
}
