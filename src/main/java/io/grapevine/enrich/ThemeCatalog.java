package io.grapevine.enrich;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.JobContext;
import io.grapevine.core.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code themes} table: per run month, every theme with its name, top words, texts and a few
 * representative quotes (the texts are masked at ingest). The next run reads it back so that a
 * re-learned theme keeps its id.
 */
public final class ThemeCatalog {
  public static final String THEME_ID = "theme_id";
  public static final String NAME = "name";
  /** Praise or complaint about nothing in particular: not ranked as a thing to fix ({@link Themes.Theme#general()}). */
  public static final String GENERAL = "general";
  /** Quotes per theme: texts that lean on it most, short enough to read (40 to 280 characters first). */
  public static final int QUOTES = 3;

  static final StructType SCHEMA = new StructType()
      .add(THEME_ID, DataTypes.StringType, false)
      .add(NAME, DataTypes.StringType, false)
      .add("pinned", DataTypes.BooleanType, false)
      .add(GENERAL, DataTypes.BooleanType, false)
      .add("top_words", DataTypes.createArrayType(DataTypes.StringType), false)
      .add("quotes", DataTypes.createArrayType(DataTypes.StringType), false)
      .add("negative_quotes", DataTypes.createArrayType(DataTypes.StringType), false)
      .add("texts", DataTypes.LongType, false)
      .add("share", DataTypes.DoubleType, true)
      .add("main_language", DataTypes.StringType, true)
      .add(FeedbackSchema.RUN_ID, DataTypes.StringType, false)
      .add(FeedbackSchema.REPORT_MONTH, DataTypes.StringType, false);

  private ThemeCatalog() {}

  /** The table's rows of the latest run month at or before the context's; null when there are none. */
  public static Dataset<Row> latest(JobContext ctx) {
    return ctx.tables().latestAtOrBefore(Table.THEMES, ctx.monthLabel());
  }

  /** The themes of the latest run month at or before this one; empty when there are none. */
  public static List<Themes.Theme> previous(JobContext ctx) {
    Dataset<Row> latest = latest(ctx);
    if (latest == null) {
      return List.of();
    }
    List<Themes.Theme> themes = new ArrayList<>();
    for (Row r : withGeneral(latest).select(THEME_ID, NAME, "top_words", "pinned", GENERAL).collectAsList()) {
      themes.add(new Themes.Theme(r.getString(0), r.getString(1), r.getList(2), r.getBoolean(3), r.getBoolean(4)));
    }
    return themes;
  }

  /** The general themes' ids of the latest run month at or before the context's. */
  public static java.util.Set<String> general(JobContext ctx) {
    java.util.Set<String> general = new java.util.HashSet<>();
    previous(ctx).stream().filter(Themes.Theme::general).forEach(t -> general.add(t.id()));
    return general;
  }

  /** Tables written before themes were marked general have no such column: none of their themes is. */
  private static Dataset<Row> withGeneral(Dataset<Row> themes) {
    return List.of(themes.columns()).contains(GENERAL) ? themes : themes.withColumn(GENERAL, lit(false));
  }

  /**
   * Up to {@link #QUOTES} texts per theme: distinct texts (the same words said many times are one
   * quote), readable ones first (40 to 280 characters), then the closest to the theme's centre.
   */
  private static Map<String, List<String>> quotes(Dataset<Row> themed) {
    Dataset<Row> candidates = themed.groupBy(col(Themes.THEME), col(FeedbackSchema.TEXT))
        .agg(max(Themes.THEME_WEIGHT).as("w"), min(FeedbackSchema.FEEDBACK_ID).as("id"), count(lit(1)).as("n"));
    Dataset<Row> ranked = candidates
        .withColumn("readable", when(length(col(FeedbackSchema.TEXT)).between(40, 280), 1).otherwise(0))
        .withColumn("rank", row_number().over(Window.partitionBy(Themes.THEME)
            .orderBy(col("readable").desc(), col("w").desc(), col("n").desc(), col("id"))))
        .where(col("rank").leq(QUOTES)).orderBy(Themes.THEME, "rank");
    Map<String, List<String>> quoted = new HashMap<>();
    for (Row r : ranked.select(Themes.THEME, FeedbackSchema.TEXT).collectAsList()) {
      quoted.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r.getString(1));
    }
    return quoted;
  }

  /** The table's rows for the run month, described from the written {@code feedback_enriched} rows. */
  public static Dataset<Row> describe(Dataset<Row> enriched, Themes.Model model, String runId, String month) {
    Dataset<Row> themed = enriched.where(col(Themes.THEME).isNotNull());
    Map<String, Long> texts = new HashMap<>();
    Map<String, String> language = new HashMap<>();
    long all = 0;
    Map<String, Long> best = new HashMap<>();
    for (Row r : themed.groupBy(Themes.THEME, FeedbackSchema.LANGUAGE).count().collectAsList()) {
      texts.merge(r.getString(0), r.getLong(2), Long::sum);
      all += r.getLong(2);
      if (!r.isNullAt(1) && r.getLong(2) > best.getOrDefault(r.getString(0), 0L)) {
        best.put(r.getString(0), r.getLong(2));
        language.put(r.getString(0), r.getString(1));
      }
    }
    Map<String, List<String>> quoted = quotes(themed);
    Map<String, List<String>> negative = quotes(themed.where(
        col(FeedbackSchema.SENTIMENT_LABEL).equalTo(io.grapevine.core.Sentiment.NEGATIVE)));
    List<Row> rows = new ArrayList<>();
    for (Themes.Theme t : model.themes()) {
      long n = texts.getOrDefault(t.id(), 0L);
      rows.add(RowFactory.create(t.id(), t.name(), t.pinned(), t.general(), t.topWords(),
          quoted.getOrDefault(t.id(), List.of()), negative.getOrDefault(t.id(), List.of()), n, all == 0 ? null : (double) n / all, language.get(t.id()),
          runId, month));
    }
    return enriched.sparkSession().createDataFrame(rows, SCHEMA);
  }
}
