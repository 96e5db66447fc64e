package io.grapevine.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.enrich.ThemeCatalog;
import io.grapevine.enrich.Themes;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.functions;

/**
 * {@code theme_monthly}: per month, channel and theme (each text counted in its main theme): volume,
 * the theme's share of the channel's texts that have one, negativity with its interval (the formulas
 * of {@link ChannelMonthly}), its change against last month with a two-proportion test
 * ({@link MonthOverMonth}), and the negative feedback's reach. The theme's name comes from the
 * {@code themes} table.
 */
public final class ThemeMonthly {
  public static final List<String> KEYS =
      List.of(FeedbackSchema.REPORT_MONTH, FeedbackSchema.CHANNEL, Themes.THEME);
  static final List<MonthOverMonth.Rate> CHANGE_RATES =
      List.of(new MonthOverMonth.Rate("negativity_rate", "negative", "labelled"));

  private ThemeMonthly() {}

  /**
   * @param enriched rows with the columns of {@link ReachEstimate#add}
   * @param themes the {@code themes} table's latest rows (id and name), or null when there is none
   */
  public static Dataset<Row> compute(Dataset<Row> enriched, Dataset<Row> themes, double confidence, int toldMany) {
    Dataset<Row> monthly = ChannelMonthly.compute(enriched.where(col(Themes.THEME).isNotNull()), KEYS, confidence,
        toldMany).select(col(FeedbackSchema.REPORT_MONTH), col(FeedbackSchema.CHANNEL), col(Themes.THEME),
            col("volume"), col("labelled"), col("negative"), col("complaints"), col(ChannelMonthly.LABELLED_SHARE),
            col("negativity_rate"), col("negativity_ci_low"), col("negativity_ci_high"),
            col("reach_observed_negative"), col("reach_estimated_negative"), col("confidence"))
        .withColumn("share_of_channel", col("volume").divide(sum("volume").over(
            Window.partitionBy(FeedbackSchema.REPORT_MONTH, FeedbackSchema.CHANNEL))));
    Dataset<Row> changed = MonthOverMonth.add(monthly, KEYS.subList(1, KEYS.size()), CHANGE_RATES, confidence);
    Dataset<Row> names = themes == null
        ? enriched.sparkSession().emptyDataFrame().withColumn(ThemeCatalog.THEME_ID, functions.lit(null).cast("string"))
            .withColumn("theme_name", functions.lit(null).cast("string"))
        : themes.select(col(ThemeCatalog.THEME_ID), col(ThemeCatalog.NAME).as("theme_name"));
    return changed.join(functions.broadcast(names), changed.col(Themes.THEME).equalTo(names.col(ThemeCatalog.THEME_ID)),
        "left").drop(ThemeCatalog.THEME_ID);
  }
}
