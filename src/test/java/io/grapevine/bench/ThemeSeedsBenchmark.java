package io.grapevine.bench;

import static org.apache.spark.sql.functions.col;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.Months;
import io.grapevine.core.Table;
import io.grapevine.enrich.EnrichJob;
import io.grapevine.enrich.Themes;
import io.grapevine.enrich.Threads;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How much the learned themes depend on k-means' seed, on a real export: one source of
 * jobs/shared-datasets-catalog.yaml is ingested once, then themes are fitted from several seeds (the
 * other settings as configured). Per seed it prints the themes' top words and, when the source maps a
 * {@code subject} that people gave (the airline tweets' negativereason), the normalized mutual
 * information of themes and subjects; last, the least, mean and greatest of those.
 */
public final class ThemeSeedsBenchmark {
  private ThemeSeedsBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    String source = args[1];
    String subject = args[2].isEmpty() ? null : args[2];
    int seeds = Integer.parseInt(args[3]);
    Path work = Path.of(args[4]);
    SparkSession spark = Bench.session("grapevine-bench-themes", Runtime.getRuntime().availableProcessors());
    GrapevineConfig config = GrapevineConfig.defaults();
    config.ingest.allowedRoots.add(root.resolve("../shared/datasets").normalize().toString());
    SourceCatalog catalog = SourceCatalog.load(root.resolve("jobs/shared-datasets-catalog.yaml").toString(),
        new Configuration()).only(source);
    if (subject != null) {
      catalog.sources().get(0).mapping.put("subject", subject);
    }
    Bench.delete(work);
    JobContext ctx = new JobContext(spark, work.toString(), Months.parse("2026-10"), config);
    IngestJob.run(ctx, catalog, Privacy.withKey("bench-key"), MonthRange.upTo("2026-10"));
    Dataset<Row> rows = EnrichJob.ruled(Threads.link(ctx.tables().read(Table.FEEDBACK)),
        4 * spark.sparkContext().defaultParallelism()).cache();
    System.out.printf("machine: %s, %d cores; source %s, %d rows%n", Bench.cpuName(),
        Runtime.getRuntime().availableProcessors(), source, rows.count());
    List<Double> scores = new ArrayList<>();
    for (int s = 0; s < seeds; s++) {
      GrapevineConfig.Themes cfg = GrapevineConfig.defaults().enrich.themes;
      cfg.seed = 7 + 1000L * s;
      long start = System.nanoTime();
      Themes.Model model = Themes.fit(rows, cfg, Map.of(), List.of());
      double seconds = Bench.seconds(start);
      String nmi = "";
      if (subject != null) {
        double score = io.grapevine.Agreement.nmi(Themes.assign(model, rows).where(col(Themes.THEME).isNotNull()
            .and(col(FeedbackSchema.SUBJECT).isNotNull())).groupBy(Themes.THEME, FeedbackSchema.SUBJECT).count()
            .collectAsList());
        scores.add(score);
        nmi = String.format("  nmi %.3f", score);
      }
      System.out.printf("seed %d: fitted in %.1f s%s%n", cfg.seed, seconds, nmi);
      for (Themes.Theme t : model.themes()) {
        System.out.println("  " + t.id() + (t.general() ? " general " : "         ") + t.topWords());
      }
    }
    if (!scores.isEmpty()) {
      System.out.printf("nmi least %.3f mean %.3f greatest %.3f over %d seeds%n",
          scores.stream().mapToDouble(d -> d).min().orElse(0), scores.stream().mapToDouble(d -> d).average().orElse(0),
          scores.stream().mapToDouble(d -> d).max().orElse(0), scores.size());
    }
    spark.stop();
  }
}
