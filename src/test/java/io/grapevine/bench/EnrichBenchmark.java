package io.grapevine.bench;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.JobContext;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Tables;
import io.grapevine.core.Table;
import io.grapevine.enrich.EnrichJob;
import io.grapevine.core.Languages;
import io.grapevine.enrich.SentimentModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Enrich's text steps on generated texts (default 1M; nine in ten English, one in ten Russian, 5 to
 * 30 words): sentiment scoring alone (tokenizing, stop words, word pairs, TF-IDF, logistic
 * regression), language detection alone, both together, and then the whole enrich stage on the same
 * texts as feedback (one in five labelled, so it trains its models too). Each text step runs three
 * times on texts cached in memory; the median is reported, as documents per second per core (wall
 * time times the cores Spark used) and per CPU second of the process. Started by
 * {@code jobs/bench-enrich [DOCS]}.
 */
public final class EnrichBenchmark {
  private static final int RUNS = 3;
  private static final String MONTH = "2026-10";
  private static final String[][] EN = {
    {"terrible", "rude", "late", "broken", "refund", "worst", "cancelled", "waited", "lost", "never",
        "charged", "twice", "nobody", "answered", "awful", "delay"},
    {"arrived", "usual", "average", "okay", "ordered", "expected", "normal", "fine", "standard", "asked"},
    {"great", "friendly", "quick", "helpful", "love", "recommend", "thanks", "excellent", "smooth", "best"}};
  private static final String[] EN_FILLER = {"the", "a", "flight", "order", "staff", "app", "room", "my",
      "was", "and", "with", "hotel", "support", "agent", "delivery", "it", "to", "for", "this", "again"};
  private static final String[][] RU = {
    {"ужасно", "грубый", "опоздание", "сломан", "возврат", "худший", "отменили", "ждали", "потеряли"},
    {"обычно", "нормально", "средне", "заказал", "пришел", "стандартный"},
    {"отлично", "вежливый", "быстро", "вкусно", "рекомендую", "спасибо", "лучший", "уютно"}};
  private static final String[] RU_FILLER = {"в", "и", "заказ", "ресторан", "персонал", "был", "очень",
      "мы", "на", "сервис", "доставка", "номер"};

  private EnrichBenchmark() {}

  public static void main(String[] args) throws Exception {
    long docs = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 1_000_000L;
    Path work = Paths.get(args.length > 1 ? args[1] : "target/bench/enrich-" + docs).toAbsolutePath();
    int cores = Runtime.getRuntime().availableProcessors();
    SparkSession spark = Bench.session("grapevine bench-enrich", cores);
    Bench.delete(work);
    GrapevineConfig config = GrapevineConfig.defaults();

    Dataset<Row> texts = texts(spark, docs).repartition(cores * 4).cache();
    System.out.printf("generated %,d texts (%,.0f characters on average)%n", texts.count(),
        texts.agg(org.apache.spark.sql.functions.avg(length(col(FeedbackSchema.TEXT)))).first().getDouble(0));

    long t0 = System.nanoTime();
    Dataset<Row> english = texts.where(col(FeedbackSchema.LANGUAGE).equalTo("en"));
    Dataset<Row> training = english.where(abs(hash(col(FeedbackSchema.FEEDBACK_ID))).mod(10).lt(2));
    SentimentModel.Trained trained = SentimentModel.train(training, "en", config.enrich.sentimentModel);
    PipelineModel model = trained.model();
    System.out.printf("trained the English model on %,d texts in %.1f s (held-out accuracy %.3f, macro-F1 %.3f)%n",
        trained.evaluation().trainTexts, Bench.seconds(t0), trained.evaluation().accuracy,
        trained.evaluation().macroF1);

    Dataset<Row> unlabelled = texts.drop(FeedbackSchema.LANGUAGE);
    report("sentiment scoring", docs, cores, () -> SentimentModel.score(model, "en", texts)
        .agg(sum(col(FeedbackSchema.SENTIMENT))).first());
    report("language detection", docs, cores, () -> Languages.apply(
        unlabelled.withColumn(FeedbackSchema.LANGUAGE, lit(null).cast("string")))
        .agg(sum(length(col(FeedbackSchema.LANGUAGE)))).first());
    // Both: the language column is summed too, or Spark would prune its detection away.
    report("both", docs, cores, () -> SentimentModel.score(model, "en", Languages.apply(
        unlabelled.withColumn(FeedbackSchema.LANGUAGE, lit(null).cast("string"))))
        .agg(sum(col(FeedbackSchema.SENTIMENT)), sum(length(col(FeedbackSchema.LANGUAGE)))).first());

    // The whole stage: the texts as one month of feedback, one in five labelled by its source.
    new JobContext(spark, work.resolve("out").toString(), Months.parse(MONTH), config).tables()
        .replaceMonths(Table.FEEDBACK, asFeedback(texts), Tables.Scope.all());
    texts.unpersist();
    long cpu0 = Bench.processCpuNanos();
    long s0 = System.nanoTime();
    StageRun stage = EnrichJob.run(new JobContext(spark, work.resolve("out").toString(), Months.parse(MONTH),
        config), MONTH);
    double wall = Bench.seconds(s0);
    double cpu = (Bench.processCpuNanos() - cpu0) / 1e9;
    System.out.printf("whole enrich stage: %,d rows in %.1f s wall, %.1f CPU s: %,.0f rows/s per core, "
            + "%,.0f per CPU second (threads linked, language, rules, two models trained and used, "
            + "lexicon, reply signals, Parquet written and read back)%n",
        stage.rowsOut, wall, cpu, stage.rowsOut / wall / cores, stage.rowsOut / cpu);
    System.out.println("sentiment models: " + StageRun.JSON.writeValueAsString(stage.details.get("sentiment_models")));
    System.out.printf("machine: %d cores (%s), Java %s, max heap %,d MB%n", cores,
        System.getProperty("os.arch"), System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    spark.stop();
  }

  private static void report(String what, long docs, int cores, Supplier<Object> run) {
    run.get(); // warm-up: code generation, the detector's profiles
    List<double[]> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      long cpu0 = Bench.processCpuNanos();
      long t0 = System.nanoTime();
      run.get();
      runs.add(new double[] {Bench.seconds(t0), (Bench.processCpuNanos() - cpu0) / 1e9});
    }
    List<Double> walls = new ArrayList<>(runs.stream().map(r -> r[0]).toList());
    Collections.sort(walls);
    double wall = walls.get(RUNS / 2);
    double cpu = runs.stream().filter(r -> r[0] == wall).findFirst().orElseThrow()[1];
    System.out.printf("%-20s %,d docs: median %.2f s wall (runs %s), %.1f CPU s: %,.0f docs/s per core, "
        + "%,.0f docs per CPU second%n", what, docs, wall, walls, cpu, docs / wall / cores, docs / cpu);
  }

  /** Generated texts: id, text, language, and the mood the words were drawn for as a label. */
  static Dataset<Row> texts(SparkSession spark, long docs) {
    Column id = col("id");
    Column russian = abs(hash(id, lit(1))).mod(10).equalTo(0);
    Column mood = abs(hash(id, lit(2))).mod(3).cast("int");
    Column words = abs(hash(id, lit(3))).mod(26).plus(5).cast("int");
    return spark.range(docs).select(id, russian.as("ru"), mood.as("mood"), words.as("n"))
        .select(concat(lit("g"), id.cast("string")).as(FeedbackSchema.FEEDBACK_ID),
            expr("concat_ws(' ', transform(sequence(1, n), i -> "
                + "CASE WHEN abs(hash(id, i, 4)) % 2 = 0 "
                + "THEN element_at(element_at(IF(ru, " + lists(RU) + ", " + lists(EN) + "), mood + 1), "
                + "  cast(abs(hash(id, i, 5)) % size(element_at(IF(ru, " + lists(RU) + ", " + lists(EN)
                + "), mood + 1)) + 1 AS INT)) "
                + "ELSE element_at(IF(ru, " + list(RU_FILLER) + ", " + list(EN_FILLER) + "), "
                + "  cast(abs(hash(id, i, 6)) % size(IF(ru, " + list(RU_FILLER) + ", " + list(EN_FILLER)
                + ")) + 1 AS INT)) END))").as(FeedbackSchema.TEXT),
            when(russian, lit("ru")).otherwise(lit("en")).as(FeedbackSchema.LANGUAGE),
            element_at(array(lit("negative"), lit("neutral"), lit("positive")), mood.plus(1))
                .as(FeedbackSchema.SENTIMENT_LABEL));
  }

  private static String list(String[] words) {
    return "array('" + String.join("', '", words) + "')";
  }

  private static String lists(String[][] pools) {
    List<String> each = new ArrayList<>();
    for (String[] p : pools) {
      each.add(list(p));
    }
    return "array(" + String.join(", ", each) + ")";
  }

  /** The texts as canonical feedback of one month; one in five keeps its label, as a source's. */
  static Dataset<Row> asFeedback(Dataset<Row> texts) {
    Column labelled = abs(hash(col(FeedbackSchema.FEEDBACK_ID), lit(9))).mod(5).equalTo(0);
    List<Column> out = new ArrayList<>();
    for (String name : FeedbackSchema.SCHEMA.fieldNames()) {
      Column c = switch (name) {
        case FeedbackSchema.FEEDBACK_ID, FeedbackSchema.TEXT -> col(name);
        case FeedbackSchema.SOURCE -> lit("generated");
        case FeedbackSchema.CHANNEL -> lit("social_media");
        case FeedbackSchema.EVENT_TS -> timestamp_seconds(lit(1_790_000_000L).plus(abs(hash(col(FeedbackSchema.FEEDBACK_ID))).mod(2_000_000)));
        case FeedbackSchema.SENTIMENT_LABEL -> when(labelled, col(FeedbackSchema.SENTIMENT_LABEL));
        case FeedbackSchema.SENTIMENT_BASIS -> when(labelled, lit("label"));
        case FeedbackSchema.INGEST_FILE -> lit("generated");
        case FeedbackSchema.INGEST_ROW -> lit(0L);
        case FeedbackSchema.RUN_ID -> lit("bench");
        default -> lit(null);
      };
      out.add(c.cast(FeedbackSchema.typeOf(name)).as(name));
    }
    out.add(lit(MONTH).as(FeedbackSchema.REPORT_MONTH));
    return texts.select(out.toArray(Column[]::new));
  }
}
