package io.grapevine.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one stage did for one month: rows in and out, rows quarantined, time taken, and
 * stage-specific details. Stored as {@code manifest/<month>/<stage>.json} under the output location;
 * the run manifest of a month gathers them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"stage", "report_month", "run_id", "started_at", "seconds", "rows_in", "rows_out",
    "rows_quarantined", "details"})
public final class StageRun {
  public static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  public String stage;
  public String reportMonth;
  public String runId;
  public String startedAt;
  public double seconds;
  public long rowsIn;
  public long rowsOut;
  public long rowsQuarantined;
  public Map<String, Object> details = new LinkedHashMap<>();

  private transient long startNanos;

  public static StageRun start(String stage, String reportMonth, String runId) {
    StageRun run = new StageRun();
    run.stage = stage;
    run.reportMonth = reportMonth;
    run.runId = runId;
    run.startedAt = Instant.now().toString();
    run.startNanos = System.nanoTime();
    return run;
  }

  public StageRun detail(String key, Object value) {
    details.put(key, value);
    return this;
  }

  /** Stamps the elapsed time and stores the record under the output location. */
  public StageRun finish(Storage storage) {
    seconds = Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
    storage.writeText(relativePath(reportMonth, stage), toJson());
    return this;
  }

  public static String relativePath(String reportMonth, String stage) {
    return "manifest/" + reportMonth + "/" + stage + ".json";
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads every stage record of a month, in the order the pipeline runs them. */
  public static List<StageRun> readAll(Storage storage, String reportMonth, List<String> stageOrder) {
    return stageOrder.stream()
        .filter(s -> storage.exists(storage.path(relativePath(reportMonth, s))))
        .map(s -> {
          try {
            return JSON.readValue(storage.readText(relativePath(reportMonth, s)), StageRun.class);
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable manifest " + relativePath(reportMonth, s), e);
          }
        })
        .toList();
  }
}
