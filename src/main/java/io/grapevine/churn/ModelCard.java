package io.grapevine.churn;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.grapevine.core.StageRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a saved churn model is: its data window, features, held-out metrics and tier thresholds. */
public final class ModelCard {
  /** The card's file name in a model version's folder. */
  public static final String FILE = "model_card.json";
  public String modelVersion;
  /** {@code snapshots} or {@code tabular}. */
  public String mode;
  public String algorithm;
  public String reportMonth;
  public String runId;
  public String trainedAt;
  public double trainingSeconds;
  public int horizonDays;
  public List<String> trainSnapshots = new ArrayList<>();
  public List<String> testSnapshots = new ArrayList<>();
  public long trainRows;
  public long validationRows;
  public long testRows;
  public List<String> numericFeatures = new ArrayList<>();
  public List<String> categoricalFeatures = new ArrayList<>();
  /** Features left out, with why: constant, or a suspected leak (its single-feature ROC AUC). */
  public Map<String, String> droppedFeatures = new LinkedHashMap<>();
  /** Single-feature ROC AUC (or 1 - AUC, whichever is larger) of each numeric candidate, on training rows. */
  public Map<String, Double> singleFeatureAuc = new LinkedHashMap<>();
  public double regParam;
  /** Validation ROC AUC of each candidate learner; the best was kept. */
  public Map<String, Double> validationAuc = new LinkedHashMap<>();
  public String calibration = "Platt scaling on validation accounts";
  /** Test metrics of the calibrated model. */
  public Map<String, Double> testMetrics = new LinkedHashMap<>();
  public List<Map<String, Double>> calibrationTable = new ArrayList<>();
  /** The same metrics for a model on account attributes alone, to show what feedback adds. */
  public Map<String, Double> attributesOnlyTestMetrics = new LinkedHashMap<>();
  public Map<String, Double> tiers = new LinkedHashMap<>();
  /**
   * The lifetime model (Weibull AFT), when one was fitted: where the time starts ({@code snapshot} or
   * {@code signup}), its features, the Weibull sigma, and its test ROC AUC for churn within the horizon.
   */
  public String survivalOrigin;
  public String survivalTenureColumn;
  public List<String> survivalNumericFeatures = new ArrayList<>();
  public List<String> survivalCategoricalFeatures = new ArrayList<>();
  public Double survivalSigma;
  public Double survivalTestRocAuc;
  public int survivalMaxMonths;
  /** Why there is no survival view, when there is none. */
  public String survivalNote;

  public String toJson() {
    try {
      return StageRun.JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ModelCard fromJson(String json) {
    try {
      return StageRun.JSON.readValue(json, ModelCard.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable model card: " + e.getMessage(), e);
    }
  }
}
