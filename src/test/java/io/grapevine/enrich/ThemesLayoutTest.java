package io.grapevine.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.GrapevineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The same texts give the same themes however the run's rows are laid out: in one partition or
 * shuffled over many. k-means has many optima of nearly equal cost on short texts, so a fit that
 * depended on the rows' order or on which task finished first would name other themes on another
 * machine, or in the next run of the same month.
 */
class ThemesLayoutTest {
  private static final String[][] TOPICS = {
      {"delivery", "parcel", "courier", "late", "tracking", "arrived"},
      {"refund", "charge", "money", "card", "billing", "invoice"},
      {"app", "update", "crash", "login", "password", "screen"},
      {"staff", "store", "friendly", "queue", "manager", "rude"}};
  private static final String[] COMMON = {"really", "today", "again", "please", "service", "customer", "week"};

  private static Dataset<Row> texts() {
    Random random = new Random(5);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      String[] topic = TOPICS[random.nextInt(TOPICS.length)];
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 4 + random.nextInt(5); w++) {
        String[] from = random.nextDouble() < 0.7 ? topic : random.nextDouble() < 0.5 ? COMMON : TOPICS[random.nextInt(4)];
        text.append(from[random.nextInt(from.length)]).append(' ');
      }
      rows.add(RowFactory.create("id-" + Integer.toHexString(random.nextInt()), text.toString().trim(),
          random.nextInt(3) == 0 ? "negative" : null, "en"));
    }
    StructType schema = new StructType().add(FeedbackSchema.FEEDBACK_ID, DataTypes.StringType)
        .add(FeedbackSchema.TEXT, DataTypes.StringType).add(FeedbackSchema.SENTIMENT_LABEL, DataTypes.StringType)
        .add(FeedbackSchema.LANGUAGE, DataTypes.StringType);
    return SparkTestSession.get().createDataFrame(rows, schema);
  }

  @Test
  void theSameTextsGiveTheSameThemesInAnyLayout() {
    GrapevineConfig.Themes cfg = SparkTestSession.config().enrich.themes;
    cfg.k = 4;
    cfg.minDocFreq = 2;
    Dataset<Row> texts = texts();
    Themes.Model one = Themes.fit(texts.coalesce(1).cache(), cfg, Map.of(), List.of());
    Themes.Model many = Themes.fit(texts.repartition(7, org.apache.spark.sql.functions.rand(3)).cache(), cfg,
        Map.of(), List.of());
    assertThat(one.centres()).isNotNull();
    assertThat(many.themes()).isEqualTo(one.themes());
    assertThat(many.centres()).isDeepEqualTo(one.centres());
    // Four planted topics, four themes, each named by its own topic's words.
    assertThat(one.themes()).hasSize(4);
    for (String[] topic : TOPICS) {
      assertThat(one.themes()).anySatisfy(t -> assertThat(t.topWords().subList(0, 3)).isSubsetOf(List.of(topic)));
    }
  }
}
