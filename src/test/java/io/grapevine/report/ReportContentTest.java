package io.grapevine.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import io.grapevine.SampleRun;
import io.grapevine.SparkTestSession;
import io.grapevine.core.StageRun;
import io.grapevine.core.Storage;
import io.grapevine.sample.SampleTruth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The sample month's report, read as a document: its figures against the tables, its escaping, its charts. */
class ReportContentTest {
  private static Document page;
  private static String html;
  private static SparkSession spark;
  private static Path out;

  @BeforeAll
  static void readReport() throws IOException {
    out = SampleRun.out();
    spark = SparkTestSession.get();
    SampleRun.context().tables().registerViews();
    html = Files.readString(out.resolve("reports/" + SampleRun.MONTH + "/report.html"));
    page = Jsoup.parse(html);
  }

  @Test
  void everyFigureEqualsItsValueInTheTables() {
    List<Element> figures = page.select(".fig");
    List<String> mismatches = new ArrayList<>();
    // The rows the cell figures name, read once per table and key column (one query each, not one per figure).
    Map<String, Set<String>> keysByTable = new TreeMap<>();
    for (Element f : figures) {
      if (!f.hasAttr("data-sql")) {
        String[] key = f.attr("data-key").split("=", 2);
        keysByTable.computeIfAbsent(f.attr("data-table") + "|" + key[0], k -> new TreeSet<>()).add(key[1]);
      }
    }
    Map<String, List<Row>> rowsByTable = new HashMap<>();
    keysByTable.forEach((tableAndColumn, keys) -> {
      String[] tc = tableAndColumn.split("\\|");
      rowsByTable.put(tableAndColumn, spark.table(tc[0]).where("report_month = '" + SampleRun.MONTH + "'")
          .where(col(tc[1]).isin(keys.toArray())).collectAsList());
    });
    int cells = 0, aggregates = 0;
    for (Element f : figures) {
      Object expected;
      if (f.hasAttr("data-sql")) {
        aggregates++;
        expected = spark.sql(f.attr("data-sql")).first().get(0);
      } else {
        cells++;
        String[] key = f.attr("data-key").split("=", 2);
        List<Row> rows = rowsByTable.get(f.attr("data-table") + "|" + key[0]).stream()
            .filter(r -> key[1].equals(String.valueOf(r.<Object>getAs(key[0])))).toList();
        assertThat(rows).as("rows of %s where %s", f.attr("data-table"), f.attr("data-key")).hasSize(1);
        int column = rows.get(0).fieldIndex(f.attr("data-column"));
        expected = f.attr("data-format").equals("list") ? rows.get(0).getList(column) : rows.get(0).get(column);
      }
      String written = Html.format(expected, f.attr("data-format"));
      if (!written.equals(f.text())) {
        mismatches.add(f.attr("title") + ": report says " + f.text() + ", table says " + written);
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(cells).as("figures read from one cell").isGreaterThan(60);
    assertThat(aggregates).as("figures aggregated over a table").isGreaterThan(10);
  }

  @Test
  void everyNegativityRateSaysWhatItRestsOn() {
    long channels = spark.table("channel_monthly").where("report_month = '" + SampleRun.MONTH + "'").count();
    assertThat(page.select("td .fig[data-column=labelled_share]")).hasSize((int) channels);
    assertThat(page.select(".kpi").text()).contains("rests on");
    // The sample's channels are mostly rated or answered: none is under the 50% the report trusts,
    // and a rate that is would carry the warning.
    assertThat(ReportPage.coverageWarning(0.3, 0.5)).contains("under 50% labelled");
    assertThat(ReportPage.coverageWarning(0.7, 0.5)).isEmpty();
  }

  @Test
  void theSummaryHoldsThePagesFiguresUnderTheTablesNames() throws IOException {
    JsonNode s = StageRun.JSON.readTree(Files.readString(out.resolve("reports/" + SampleRun.MONTH + "/summary.json")));
    String month = "report_month = '" + SampleRun.MONTH + "'";
    // A channel's row is the table's row, by the table's own column names.
    List<Row> channels = spark.table("channel_monthly").where(month).orderBy("channel").collectAsList();
    assertThat(s.get("channels")).hasSize(channels.size());
    for (int i = 0; i < channels.size(); i++) {
      for (String column : List.of("channel", "volume", "negativity_rate", "negativity_ci_low", "labelled_share")) {
        assertThat(s.get("channels").get(i).get(column).asText()).as(column)
            .isEqualTo(String.valueOf(channels.get(i).<Object>getAs(column)));
      }
    }
    assertThat(s.get("headline").get("feedback").asLong())
        .isEqualTo(spark.table("channel_monthly").where(month).agg(sum("volume")).first().getLong(0));
    // The risk section at the top level, as it always was: tiers, accounts to call, how long they stay.
    assertThat(s.get("risk_tiers").get("red").asLong())
        .isEqualTo(spark.table("account_risk").where(month + " AND tier = 'red'").count());
    assertThat(s.get("top_red_accounts").get(0).get("reasons").isArray()).isTrue();
    assertThat(s.get("staying").get("red").get("still_there").get("3").asDouble()).isBetween(0.0, 1.0);
    // The page leads with the summary's first theme and names the month of its churn drivers.
    assertThat(page.select("h2:containsOwn(What to fix) + p + table tr:eq(1) td").first().text())
        .isEqualTo(s.get("what_to_fix").get(0).get("name").asText());
    assertThat(s.get("churn_drivers").get("month").asText()).isEqualTo("2026-07");
    assertThat(s.get("stages").size()).isGreaterThanOrEqualTo(4);
  }

  @Test
  void numbersInTheDataTablesAreAllTraceable() {
    // Every data cell with a digit is a traced figure, or a change test quoting its p-value.
    List<String> untraced = new ArrayList<>();
    for (Element table : page.select("table")) {
      if (table.text().startsWith("Stage")) {
        continue;
      }
      for (Element cell : table.select("td:gt(0)")) {
        if (cell.ownText().matches(".*\\d.*") && !cell.ownText().matches(".*p [=<].*")) {
          untraced.add(cell.outerHtml());
        }
      }
    }
    assertThat(untraced).isEmpty();
  }

  @Test
  void customerTextWithMarkupIsShownAsText() {
    assertThat(page.select("script")).isEmpty();
    assertThat(page.select("blockquote").eachText()).anySatisfy(t -> assertThat(t).contains(SampleTruth.MARKUP_TEXT));
    assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(&#39;gotcha&#39;)&lt;/script&gt;");
    assertThat(page.select("blockquote b")).as("markup inside a quote stays text").isEmpty();
  }

  @Test
  void saysWhatMadeCustomersLeaveFromTheLatestMonthWhoseHorizonIsObserved() {
    // October's report: 90 days after July's last day fall within October, after August's do not.
    Element heading = page.select("h3:containsOwn(What made customers leave)").first();
    assertThat(heading).isNotNull();
    assertThat(heading.nextElementSibling().text()).contains("2026-07").contains("90 days");
  }

  @Test
  void chartsAreInlineSvgWithTheirData() {
    List<Element> charts = page.select("figure.chart");
    assertThat(charts).extracting(e -> e.id()).contains("chart-negativity-figure", "chart-negativity-trend-figure",
        "chart-reach-figure", "chart-word-of-mouth-figure", "chart-speed-figure", "chart-risk-figure",
        "chart-survival-figure");
    for (Element chart : charts) {
      assertThat(chart.select("svg")).as(chart.id()).hasSize(1);
      assertThat(chart.select("svg text").eachText()).as(chart.id() + " labels").isNotEmpty();
    }
    // The negativity chart names every channel with a rate; the word-of-mouth chart both experiences.
    assertThat(page.select("#chart-negativity-figure svg text").eachText())
        .contains("complaint", "review_site", "social_media", "support", "survey");
    assertThat(page.select("#chart-word-of-mouth-figure svg text").eachText())
        .contains("negative experience", "positive experience");
    assertThat(html).doesNotContain("http://www.w3.org/1999/xlink\" xlink:href=\"http", "src=\"http", "href=\"http");
  }
}
