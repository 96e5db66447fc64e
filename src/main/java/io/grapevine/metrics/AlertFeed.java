package io.grapevine.metrics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Table;
import io.grapevine.core.Tables;
import io.grapevine.enrich.ThemeCatalog;
import io.grapevine.enrich.Themes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * The alerts a ticketing or chat tool takes: the {@code alerts} rows whose period starts on or after a
 * day, newest first, each with its theme's name and the text of its most widely heard negative
 * feedback (masked at ingest). One JSON object per line; field names are the table's columns plus
 * {@code theme_name} and {@code example} (docs/tables.md#alerts).
 */
public final class AlertFeed {
  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private AlertFeed() {}

  public static List<Map<String, Object>> since(Tables tables, LocalDate since) {
    if (!tables.exists(Table.ALERTS)) {
      return List.of();
    }
    Dataset<Row> alerts = tables.read(Table.ALERTS).where(col("period_start").geq(lit(java.sql.Date.valueOf(since))));
    if (tables.exists(Table.THEMES)) {
      Dataset<Row> names = tables.read(Table.THEMES)
          .select(col(ThemeCatalog.THEME_ID), col(ThemeCatalog.NAME).as("theme_name"), col(FeedbackSchema.REPORT_MONTH).as("_m"))
          .withColumn("_latest", functions.max("_m").over(org.apache.spark.sql.expressions.Window.partitionBy(ThemeCatalog.THEME_ID)))
          .where(col("_m").equalTo(col("_latest"))).drop("_m", "_latest");
      alerts = alerts.join(functions.broadcast(names), alerts.col(Themes.THEME).equalTo(names.col(ThemeCatalog.THEME_ID)), "left")
          .drop(ThemeCatalog.THEME_ID);
    } else {
      alerts = alerts.withColumn("theme_name", lit(null).cast("string"));
    }
    // The examples are a few rows of the months the alerts are in: read those partitions only.
    String fromMonth = since.toString().substring(0, 7);
    Dataset<Row> texts = tables.read(Table.FEEDBACK_ENRICHED, fromMonth, "9999-12")
        .select(col(FeedbackSchema.FEEDBACK_ID).as("_id"), col(FeedbackSchema.TEXT).as("example"));
    alerts = alerts.withColumn("_first", element_at(col("feedback_ids"), 1));
    alerts = alerts.join(texts, alerts.col("_first").equalTo(texts.col("_id")), "left").drop("_first", "_id");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : alerts.orderBy(col("period_start").desc(), col("period"), col(FeedbackSchema.CHANNEL),
        col(Themes.THEME).asc_nulls_first()).collectAsList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String f : r.schema().fieldNames()) {
        Object v = r.getAs(f);
        if (v instanceof scala.collection.Seq<?> seq) {
          v = new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(seq));
        } else if (v instanceof java.sql.Date d) {
          v = d.toString();
        }
        m.put(f, v);
      }
      out.add(m);
    }
    return out;
  }

  /** One alert as a line a person reads. */
  public static String line(Map<String, Object> a) {
    String theme = a.get("theme") != null ? "theme " + a.get("theme")
        + (a.get("theme_name") == null ? "" : " (" + a.get("theme_name") + ")")
        : a.get("subject") != null ? "subject " + a.get("subject") : "all themes";
    return String.format("%s %-4s %-14s %s: %d negative (expected %.1f), p = %.1e  %s", a.get("period_start"),
        a.get("period"), a.get(FeedbackSchema.CHANNEL), theme, ((Number) a.get("negative")).longValue(),
        ((Number) a.get("expected_negative")).doubleValue(), ((Number) a.get("p_value_volume")).doubleValue(),
        a.get("example") == null ? "" : "\"" + abbreviate(String.valueOf(a.get("example"))) + "\"");
  }

  public static String json(Map<String, Object> a) {
    try {
      return JSON.writeValueAsString(a);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String text) {
    String one = text.replaceAll("\\s+", " ").trim();
    return one.length() <= 80 ? one : one.substring(0, 77) + "...";
  }
}
