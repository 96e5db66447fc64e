package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.DeltaKernelReader;
import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run replaces only what it owns: its catalog's sources, in the months it was asked for. A catalog
 * that lists one source leaves the others' rows; re-ingesting an earlier month leaves later months
 * untouched; a re-run replaces its own rejects instead of adding a second copy.
 */
class IngestScopeTest {
  @TempDir
  static Path dir;

  private static String catalog(String... sources) throws Exception {
    StringBuilder yaml = new StringBuilder("sources:\n");
    for (String s : sources) {
      yaml.append("  - name: ").append(s).append("\n    path: ").append(s).append(".csv\n")
          .append("    format: csv\n    channel: review_site\n")
          .append("    mapping: {id: id, event_ts: at, text: text}\n");
    }
    Path file = dir.resolve(String.join("-", sources) + ".yaml");
    Files.writeString(file, yaml);
    return file.toString();
  }

  @BeforeAll
  static void exports() throws Exception {
    for (String s : List.of("shop_reviews", "shop_tweets")) {
      StringBuilder csv = new StringBuilder("id,at,text\n");
      for (String month : List.of("2026-08", "2026-09", "2026-10")) {
        for (int i = 0; i < 5; i++) {
          csv.append(s).append('-').append(month).append('-').append(i).append(',').append(month)
              .append("-1").append(i).append("T10:00:00Z,").append(s).append(" said ").append(i).append('\n');
        }
      }
      csv.append(s).append("-bad,not a time,unreadable\n");
      Files.writeString(dir.resolve(s + ".csv"), csv);
    }
  }

  private static JobContext context(Path out, String month) {
    return new JobContext(SparkTestSession.get(), out.toString(), Months.parse(month), io.grapevine.SparkTestSession.config());
  }

  private static StageRun ingest(Path out, String catalog, MonthRange range) {
    return IngestJob.run(context(out, range.to()), SourceCatalog.load(catalog, new Configuration()),
        Privacy.withKey("k"), range);
  }

  private static Map<String, Long> rowsBySourceAndMonth(Path out, Table table) {
    Map<String, Long> counts = new TreeMap<>();
    for (Row r : SparkTestSession.table(out, table).groupBy(FeedbackSchema.SOURCE, FeedbackSchema.REPORT_MONTH)
        .count().collectAsList()) {
      counts.put(r.getString(0) + " " + r.getString(1), r.getLong(2));
    }
    return counts;
  }

  private static Map<String, List<String>> filesByMonth(Path out) {
    Map<String, List<String>> files = new TreeMap<>();
    for (DeltaKernelReader.ActiveFile f : DeltaKernelReader.files(out.resolve("feedback").toString())) {
      files.computeIfAbsent(f.partitionValues().get(FeedbackSchema.REPORT_MONTH), k -> new java.util.ArrayList<>())
          .add(f.path());
    }
    files.values().forEach(l -> l.sort(String::compareTo));
    return files;
  }

  @Test
  void aCatalogWithOneSourceLeavesTheOtherSourcesRowsInEveryMonth() throws Exception {
    Path out = dir.resolve("one-source");
    ingest(out, catalog("shop_reviews", "shop_tweets"), MonthRange.upTo("2026-10"));
    Map<String, Long> before = rowsBySourceAndMonth(out, Table.FEEDBACK);
    assertThat(before).hasSize(6).containsValues(5L);

    StageRun again = ingest(out, catalog("shop_reviews"), MonthRange.upTo("2026-10"));
    assertThat(rowsBySourceAndMonth(out, Table.FEEDBACK)).isEqualTo(before);
    assertThat(again.rowsOut).isEqualTo(15);
    // The tweets' rows are the first run's, the reviews' this run's.
    assertThat(SparkTestSession.table(out, Table.FEEDBACK).where(col(FeedbackSchema.RUN_ID).equalTo(again.runId))
        .select(FeedbackSchema.SOURCE).distinct().collectAsList()).extracting(r -> r.getString(0))
        .containsExactly("shop_reviews");
    assertThat(rowsBySourceAndMonth(out, Table.QUARANTINE)).containsEntry("shop_tweets 2026-10", 1L)
        .containsEntry("shop_reviews 2026-10", 1L).hasSize(2);
  }

  @Test
  void reingestingAnEarlierMonthLeavesLaterMonthsAndTheQuarantineAlone() throws Exception {
    Path out = dir.resolve("earlier-month");
    String both = catalog("shop_reviews", "shop_tweets");
    ingest(out, both, MonthRange.upTo("2026-10"));
    Map<String, List<String>> files = filesByMonth(out);
    Map<String, Long> quarantine = rowsBySourceAndMonth(out, Table.QUARANTINE);

    StageRun august = ingest(out, both, MonthRange.only("2026-08"));
    Map<String, List<String>> after = filesByMonth(out);
    assertThat(after.get("2026-09")).isEqualTo(files.get("2026-09"));
    assertThat(after.get("2026-10")).isEqualTo(files.get("2026-10"));
    assertThat(after.get("2026-08")).doesNotContainAnyElementsOf(files.get("2026-08"));
    assertThat(SparkTestSession.table(out, Table.FEEDBACK).count()).isEqualTo(30);
    @SuppressWarnings("unchecked")
    Map<String, Object> reviews = (Map<String, Object>) ((Map<String, Object>) august.details.get("sources"))
        .get("shop_reviews");
    // 5 rows of August accepted, 10 of other months not written, the unreadable one quarantined.
    assertThat(reviews).containsEntry("read", 16L).containsEntry("accepted", 5L)
        .containsEntry("outside_months", 10L).containsEntry("quarantined", 1L);
    // The undated rejects move to this run's month; there is still one copy of each.
    assertThat(SparkTestSession.table(out, Table.QUARANTINE).count()).isEqualTo(2);
    assertThat(rowsBySourceAndMonth(out, Table.QUARANTINE).values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(quarantine.values().stream().mapToLong(Long::longValue).sum());

    ingest(out, both, MonthRange.only("2026-08"));
    assertThat(SparkTestSession.table(out, Table.QUARANTINE).count()).as("a re-run adds no second copy").isEqualTo(2);
    assertThat(SparkTestSession.table(out, Table.FEEDBACK).count()).isEqualTo(30);
  }
}
