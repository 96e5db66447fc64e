package io.grapevine.core;

import java.util.List;

/** Stage names as they appear in manifests, in the order the pipeline runs them. */
public final class Stages {
  public static final String INGEST = "ingest";
  public static final String ENRICH = "enrich";
  public static final String METRICS = "metrics";
  public static final String TRAIN_CHURN = "train-churn";
  public static final String SCORE_CHURN = "score-churn";
  public static final String REPORT = "report";

  public static final List<String> ORDER =
      List.of(INGEST, ENRICH, METRICS, TRAIN_CHURN, SCORE_CHURN, REPORT);

  private Stages() {}
}
