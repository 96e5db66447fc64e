package io.grapevine.core;

/**
 * Every path under an output location, in one place. Tables are Delta tables in a folder each;
 * manifests, model versions, reports and logs are files beside them:
 *
 * <pre>
 * OUT/
 *   feedback/ ... account_risk/        Delta tables, partitioned by report_month
 *   manifest/MONTH/STAGE.json           what the latest run of a stage did (written last)
 *   manifest/MONTH/run_manifest.json    a run-all's stages together
 *   manifest/MONTH/runs/RUN/STAGE.json  every run's own copy (for reports "as of" a run)
 *   models/churn/MONTH/CURRENT          the name of the current version's folder beside it
 *   models/sentiment/MONTH/CURRENT      likewise for the run's text models
 *   reports/MONTH/report.html|pdf, summary.json, actions.csv ...
 *   logs/RUN.log                        Spark's and MLlib's warnings of a run
 *   _grapevine/lease.json               the lease of the run writing here now
 *   _grapevine/pseudonym_key.json       which key made the pseudonyms (development or secret)
 * </pre>
 */
public final class Layout {
  public static final String CURRENT = "CURRENT";
  private final String root;

  public Layout(String root) {
    this.root = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
  }

  public String root() {
    return root;
  }

  /** A path under the root. */
  public String resolve(String relative) {
    return root + "/" + relative;
  }

  public String table(Table table) {
    return resolve(table.dirName());
  }

  /** The record of a stage's latest run for a month. */
  public String manifest(String month, String stage) {
    return resolve("manifest/" + month + "/" + stage + ".json");
  }

  /** A run's own copy of its stage record, kept beside the latest. */
  public String manifest(String month, String stage, String runId) {
    return resolve("manifest/" + month + "/runs/" + runId + "/" + stage + ".json");
  }

  public String runManifest(String month) {
    return resolve("manifest/" + month + "/run_manifest.json");
  }

  public String manifests() {
    return resolve("manifest");
  }

  /** Versioned folder of the churn models trained for a month (see {@link Storage#publishVersion}). */
  public String churnModels(String month) {
    return resolve("models/churn/" + month);
  }

  /** Versioned folder of the text sentiment models an enrich run trained for a month. */
  public String sentimentModels(String month) {
    return resolve("models/sentiment/" + month);
  }

  public String models() {
    return resolve("models");
  }

  /** The folder of a month's report files. */
  public String reports(String month) {
    return resolve("reports/" + month);
  }

  public String report(String month, String file) {
    return reports(month) + "/" + file;
  }

  public String logs() {
    return resolve("logs");
  }

  public String log(String runId) {
    return logs() + "/" + runId + ".log";
  }

  public String lease() {
    return resolve("_grapevine/lease.json");
  }

  /** Which key pseudonymized the output's identifiers: development or secret, and its fingerprint. */
  public String pseudonymKey() {
    return resolve("_grapevine/pseudonym_key.json");
  }
}
