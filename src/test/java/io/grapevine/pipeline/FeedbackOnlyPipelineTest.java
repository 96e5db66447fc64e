package io.grapevine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Most users start with reviews and no accounts export: run-all then runs every stage but the churn
 * ones, says why in their lines, and still writes the month's report.
 */
@Execution(ExecutionMode.CONCURRENT)  // beside the other classes: junit-platform.properties
class FeedbackOnlyPipelineTest {
  @TempDir
  Path dir;

  @Test
  void withoutAccountsTheChurnStagesAreSkippedAndTheReportIsWritten() throws Exception {
    StringBuilder csv = new StringBuilder("review_id,date,rating,review\n");
    // One record a reader cannot take apart (an unquoted comma): quarantined, and no reason to doubt the ids.
    String[] texts = {"Late again and nobody answered", "Great service and a quick refund", "Fine", "Broken on arrival"};
    for (int i = 0; i < 24; i++) {
      csv.append(String.format("r%d,2026-%02d-%02d,%d,%s%n", i, 9 + i % 2, 1 + i, 1 + i % 5, texts[i % 4]));
    }
    csv.append("r24,2026-10-30,1,Late, and rude\n");
    Files.writeString(dir.resolve("reviews.csv"), csv);
    Files.writeString(dir.resolve("catalog.yaml"), "sources:\n  shop: {preset: generic_reviews, path: reviews.csv}\n");
    io.grapevine.core.GrapevineConfig config = SparkTestSession.config();
    config.report.pdf = "off";  // printed and checked by the sample's run
    JobContext ctx = new JobContext(SparkTestSession.get(), dir.resolve("out").toString(), Months.parse("2026-10"),
        config);
    List<StageRun> runs = Pipeline.runAll(ctx, SourceCatalog.load(dir.resolve("catalog.yaml").toString(),
        new Configuration()), Privacy.withKey("k"), null);
    assertThat(runs).extracting(r -> r.stage)
        .containsExactly("ingest", "enrich", "metrics", "train-churn", "score-churn", "report");
    assertThat(runs.get(0).rowsOut).as(runs.get(0).details.toString()).isEqualTo(24);
    assertThat(runs.get(0).rowsQuarantined).isEqualTo(1);
    assertThat(runs.get(0).details.toString()).contains("id=review_id");
    for (StageRun churn : runs.subList(3, 5)) {
      assertThat(churn.details.get(StageRun.SKIPPED)).as(churn.stage).asString().startsWith("no accounts export");
    }
    assertThat(runs.get(2).details).doesNotContainKey(StageRun.SKIPPED);
    Path report = dir.resolve("out/reports/2026-10");
    assertThat(report.resolve("report.html")).exists();
    assertThat(Files.readString(report.resolve("summary.json"))).contains("\"channels\"").doesNotContain("risk_tiers");
  }
}
