package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which of several rows with one id is kept, and how the others are counted. */
class DuplicatesTest {
  @Test
  void theFirstRowByFileAndLineIsKeptAndTheRestCounted(@TempDir Path dir) throws Exception {
    // b.csv sorts after a.csv: its d1 is a duplicate although the file may be listed or read first.
    Files.writeString(dir.resolve("b.csv"), """
        id,at,text
        d1,2026-10-01T10:00:00Z,from b
        d2,2026-10-02T10:00:00Z,b first
        d2,2026-10-02T11:00:00Z,b again
        """);
    Files.writeString(dir.resolve("a.csv"), """
        id,at,text
        d1,2026-10-01T09:00:00Z,a first
        d1,2026-10-01T09:30:00Z,a second
        u1,2026-10-03T10:00:00Z,unique
        d1,yesterday,bad time with a duplicated id
        """);
    Files.writeString(dir.resolve("catalog.yaml"), """
        sources:
          - name: dup_test
            path: "*.csv"
            format: csv
            channel: review_site
            mapping: {id: id, event_ts: at, text: text}
        """);
    String out = dir.resolve("out").toString();
    JobContext ctx = new JobContext(SparkTestSession.get(), out, Months.parse("2026-10"), io.grapevine.SparkTestSession.config());
    StageRun run = IngestJob.run(ctx, SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration()),
        Privacy.withKey("k"), io.grapevine.core.MonthRange.upTo("2026-10"));

    List<Row> kept = ctx.tables().read(Table.FEEDBACK)
        .select(col("text"), col("ingest_file"), col("ingest_row")).orderBy("text").collectAsList();
    assertThat(kept).extracting(r -> r.getString(0)).containsExactly("a first", "b first", "unique");
    assertThat(kept.get(0).getString(1)).endsWith("a.csv");
    assertThat(kept.get(0).getLong(2)).isEqualTo(2L);
    assertThat(kept.get(1).getLong(2)).isEqualTo(3L);

    @SuppressWarnings("unchecked")
    Map<String, Object> counts = (Map<String, Object>) ((Map<String, Object>) run.details.get("sources")).get("dup_test");
    assertThat(counts).containsEntry("read", 7L).containsEntry("accepted", 3L).containsEntry("duplicates", 3L)
        .containsEntry("quarantined", 1L).containsEntry("written_accepted", 3L).containsEntry("written_quarantined", 1L);
    List<Row> q = ctx.tables().read(Table.QUARANTINE).collectAsList();
    assertThat(q).hasSize(1);
    assertThat(q.get(0).<String>getAs("reason")).isEqualTo("bad_timestamp");
    assertThat(q.get(0).<Long>getAs("ingest_row")).isEqualTo(5L);
    assertThat(q.get(0).<String>getAs("raw_record")).isEqualTo("d1,yesterday,bad time with a duplicated id");
  }

  @Test
  void aFileIsRankedByItsPathHoweverAReaderSpellsIt() {
    // As Hadoop lists them (decoded), and as Spark's file metadata names them (percent-encoded).
    IngestJob.FileRank rank = new IngestJob.FileRank(List.of("file:/data/b c.csv", "file:/data/a.csv"));
    assertThat(rank.call("file:/data/a.csv")).isEqualTo(0L);
    assertThat(rank.call("file:///data/a.csv")).isEqualTo(0L);
    assertThat(rank.call("file:///data/b%20c.csv")).isEqualTo(1L);
    assertThat(rank.call("file:/data/b c.csv")).isEqualTo(1L);
  }
}
