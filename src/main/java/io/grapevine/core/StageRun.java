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
 * stage-specific details. Written last, when the stage's outputs are complete, to
 * {@link Layout#manifest(String, String)} (the latest run's) and to the run's own copy; the run
 * manifest of a month gathers them.
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

  /** The detail of a stage run-all did not run: why. */
  public static final String SKIPPED = "skipped";

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

  /**
   * Stamps the elapsed time and stores the record, each copy in one step: the run's own, then the
   * latest. A manifest therefore means that the stage's outputs are complete.
   */
  public StageRun finish(Storage storage) {
    seconds = Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
    String key = storage.readTextIfExists(storage.layout().pseudonymKey());
    if (key != null) {
      try {
        details.put("pseudonym_key", JSON.readTree(key));
      } catch (JsonProcessingException e) {
        details.put("pseudonym_key", "unreadable " + storage.layout().pseudonymKey());
      }
    }
    Faults.point(stage + ".manifest");
    String json = toJson();
    storage.writeText(storage.layout().manifest(reportMonth, stage, runId), json);
    storage.writeText(storage.layout().manifest(reportMonth, stage), json);
    return this;
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads every stage record of a month, in the order the pipeline runs them: the latest, or with
   * {@code runId} those that run wrote.
   */
  public static List<StageRun> readAll(Storage storage, String reportMonth, List<String> stageOrder,
      String runId) {
    List<StageRun> runs = new java.util.ArrayList<>();
    for (String s : stageOrder) {
      String path = runId == null ? storage.layout().manifest(reportMonth, s)
          : storage.layout().manifest(reportMonth, s, runId);
      String json = storage.readTextIfExists(path);
      if (json != null) {
        try {
          runs.add(JSON.readValue(json, StageRun.class));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("Unreadable manifest " + path, e);
        }
      }
    }
    return runs;
  }
}
