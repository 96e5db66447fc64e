package io.grapevine.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Job configuration: the defaults shipped in the jar, then an optional YAML file, then
 * {@code key=value} overrides with dotted keys ({@code churn.horizon_days=60}). Unknown keys are
 * errors, so a typo never silently falls back to a default.
 */
public final class GrapevineConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String DEFAULTS = "/io/grapevine/grapevine-defaults.yaml";

  public Ingest ingest = new Ingest();
  public Enrich enrich = new Enrich();
  public Metrics metrics = new Metrics();
  public Churn churn = new Churn();
  public Report report = new Report();
  public Output output = new Output();

  /** The output location: its lease, and how long history and old versions are kept. */
  public static final class Output implements Serializable {
    private static final long serialVersionUID = 1L;
    public int leaseTtlSeconds;
    public double retainHours;
  }

  public static final class Ingest implements Serializable {
    private static final long serialVersionUID = 1L;
    public String pseudonymKeyEnv;
    /** Folders (or URIs) a catalog's paths may name besides the catalog's own folder. */
    public java.util.List<String> allowedRoots = new java.util.ArrayList<>();
    /** Every source's expectations, unless its catalog entry overrides them. */
    public io.grapevine.ingest.Expectations expectations = new io.grapevine.ingest.Expectations();
  }

  public static final class Enrich implements Serializable {
    private static final long serialVersionUID = 1L;
    public String replySignalsFile;
    public SentimentModel sentimentModel = new SentimentModel();
    public String lexiconFile;
    public Themes themes = new Themes();
  }

  /** What texts are about (enrich.themes): k-means over the run's texts, and themes an analyst pins by seed words. */
  public static final class Themes implements Serializable {
    private static final long serialVersionUID = 1L;
    public boolean enabled;
    /** Themes learned besides the pinned ones. */
    public int k;
    /** The model is fitted on at most this many texts (a seeded random sample); every text is then assigned. */
    public int maxFitTexts;
    public int maxIter;
    /** k-means runs from different seeds; the one with the lowest cost is kept. */
    public int restarts;
    public int vocabSize;
    public int minDocFreq;
    /** A text is listed in every theme whose centre it is this close to (cosine; its main theme always). */
    public double minWeight;
    /** YAML file: theme name -> seed words or phrases; empty: no pinned themes. */
    public String seedsFile;
    /** A re-learned theme keeps an earlier theme's id when their top words overlap this much (Jaccard). */
    public double matchOverlap;
    /** Two learned centres of opposite moods whose topics (their words without the mood words) are this alike (cosine) are one theme. */
    public double mergeSimilarity;
    /** A theme whose centre keeps less than this share of its length without the mood words is general. */
    public double generalShare;
    public long seed;
  }

  public static final class SentimentModel implements Serializable {
    private static final long serialVersionUID = 1L;
    public boolean enabled;
    public int minTrainingTexts;
    /** At most this many labelled texts train a language's model (a seeded sample above it); 0: all. */
    public int maxTrainingTexts;
    public double testShare;
    public double minMacroF1;
    public double regParam;
    public int maxIter;
    public int hashBits;
    public int minDocFreq;
    public long seed;
  }

  public static final class Metrics implements Serializable {
    private static final long serialVersionUID = 1L;
    public double confidence;
    public int toldManyThreshold;
    public ReachEstimate reachEstimate;
    public int lastTouchWindowDays;
    /** Correction of a month's change tests: benjamini_hochberg or none. */
    public String multipleTesting;
    public Alerts alerts = new Alerts();
  }

  /** Spikes of negative feedback by day and week (metrics.alerts; see {@code metrics.Alerts}). */
  public static final class Alerts implements Serializable {
    private static final long serialVersionUID = 1L;
    public int baselineWeeks;
    public double shrinkWeeks;
    public int minBaselineWeeks;
    public double pValue;
    public double minExcess;
    public double minExpected;
    public int minLabelled;
  }

  /** How the audience of feedback without observed reach is estimated (metrics.reach_estimate). */
  public static final class ReachEstimate implements Serializable {
    private static final long serialVersionUID = 1L;
    public String rule;
    public int minAnswers;
    public BySentiment fixed;
  }

  public static final class BySentiment implements Serializable {
    private static final long serialVersionUID = 1L;
    public double negative;
    public double neutral;
    public double positive;
  }

  public static final class Churn implements Serializable {
    private static final long serialVersionUID = 1L;
    public String mode;
    public int horizonDays;
    public int trainingSnapshots;
    public int testSnapshots;
    public double testShare;
    public double validationShare;
    public double regParam;
    public int gbtMaxIter;
    public int gbtMaxDepth;
    public double leakageAuc;
    public java.util.List<String> keepFeatures = new java.util.ArrayList<>();
    public long seed;
    public Tiers tiers = new Tiers();
    public SurvivalView survival = new SurvivalView();
  }

  /** Time to churn: Kaplan-Meier by tier and a lifetime model (docs/churn.md#survival). */
  public static final class SurvivalView implements Serializable {
    private static final long serialVersionUID = 1L;
    public boolean enabled;
    /** Tabular mode: the attribute holding each account's months since signup. */
    public String tenureColumn;
    /** Curves and expected lifetimes reach this many months ahead. */
    public int maxMonths;
  }

  public static final class Tiers implements Serializable {
    private static final long serialVersionUID = 1L;
    public double red;
    public double yellow;
  }

  public static final class Report implements Serializable {
    private static final long serialVersionUID = 1L;
    public int topAccounts;
    /** Themes in the report's "What to fix", by impact. */
    public int topThemes;
    public int quotes;
    /** A complaint still unanswered this long before the month's end goes on the action list. */
    public double responseTargetHours;
    public int trendMonths;
    /** A rate resting on a smaller share of labelled feedback is shown with a warning beside it. */
    public double minLabelledShare;
    public String pdf;
    public String chromium;
  }

  static ObjectMapper yamlMapper() {
    return Yaml.mapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  public static GrapevineConfig defaults() {
    return load(null, List.of());
  }

  /** Loads the defaults, then {@code file} when given, then the overrides, in that order. */
  public static GrapevineConfig load(Path file, List<String> overrides) {
    ObjectMapper mapper = yamlMapper();
    ObjectNode tree;
    try (InputStream in = GrapevineConfig.class.getResourceAsStream(DEFAULTS)) {
      tree = (ObjectNode) mapper.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the built-in defaults " + DEFAULTS, e);
    }
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new UserInputException("Config file " + file + " does not exist");
      }
      try {
        JsonNode user = mapper.readTree(file.toFile());
        if (user != null && !user.isMissingNode() && !user.isNull()) {
          merge(tree, user, file.toString(), "");
        }
      } catch (IOException e) {
        throw Yaml.invalid("Config file " + file, e);
      }
    }
    for (String override : overrides) {
      apply(mapper, tree, override);
    }
    try {
      GrapevineConfig config = mapper.treeToValue(tree, GrapevineConfig.class);
      config.validate();
      return config;
    } catch (UnrecognizedPropertyException e) {
      String key =
          e.getPath().stream().map(r -> r.getFieldName()).collect(Collectors.joining("."));
      throw new UserInputException("Unknown config key '" + key + "'");
    } catch (IOException e) {
      throw new UserInputException("Invalid config: " + e.getMessage().split("\n")[0]);
    }
  }

  private void validate() {
    check(metrics.confidence > 0 && metrics.confidence < 1, "metrics.confidence", metrics.confidence,
        "a level between 0 and 1, such as 0.95");
    check(metrics.toldManyThreshold >= 1, "metrics.told_many_threshold", metrics.toldManyThreshold,
        "a whole number of people, at least 1");
    check(metrics.lastTouchWindowDays >= 1, "metrics.last_touch_window_days", metrics.lastTouchWindowDays,
        "at least 1 day");
    check(List.of("benjamini_hochberg", "none").contains(metrics.multipleTesting), "metrics.multiple_testing",
        metrics.multipleTesting, "benjamini_hochberg or none");
    check(List.of("told_mean", "fixed", "off").contains(metrics.reachEstimate.rule),
        "metrics.reach_estimate.rule", metrics.reachEstimate.rule, "told_mean, fixed or off");
    check(metrics.reachEstimate.minAnswers >= 1, "metrics.reach_estimate.min_answers",
        metrics.reachEstimate.minAnswers, "at least 1");
    check(metrics.reachEstimate.fixed.negative >= 0 && metrics.reachEstimate.fixed.neutral >= 0
        && metrics.reachEstimate.fixed.positive >= 0, "metrics.reach_estimate.fixed",
        metrics.reachEstimate.fixed.negative, "people, 0 or more");
    check(enrich.themes.k >= 2 && enrich.themes.k <= 100, "enrich.themes.k", enrich.themes.k, "2 to 100 themes");
    check(enrich.themes.minWeight > 0 && enrich.themes.minWeight <= 1, "enrich.themes.min_weight",
        enrich.themes.minWeight, "a share between 0 and 1");
    check(enrich.themes.restarts >= 1, "enrich.themes.restarts", enrich.themes.restarts, "at least 1");
    check(enrich.themes.maxFitTexts >= 100, "enrich.themes.max_fit_texts", enrich.themes.maxFitTexts, "at least 100");
    check(metrics.alerts.baselineWeeks >= 1 && metrics.alerts.minBaselineWeeks <= metrics.alerts.baselineWeeks,
        "metrics.alerts.baseline_weeks", metrics.alerts.baselineWeeks, "at least min_baseline_weeks ("
        + metrics.alerts.minBaselineWeeks + ")");
    check(metrics.alerts.pValue > 0 && metrics.alerts.pValue < 1, "metrics.alerts.p_value", metrics.alerts.pValue,
        "a p-value between 0 and 1, such as 0.0001");
    check(metrics.alerts.minExpected > 0, "metrics.alerts.min_expected", metrics.alerts.minExpected, "above 0");
    check(report.minLabelledShare >= 0 && report.minLabelledShare <= 1, "report.min_labelled_share",
        report.minLabelledShare, "a share between 0 and 1");
    check(List.of("auto", "snapshots", "tabular").contains(churn.mode), "churn.mode", churn.mode,
        "auto, snapshots or tabular");
    check(churn.testShare > 0 && churn.testShare < 0.5, "churn.test_share", churn.testShare,
        "a share between 0 and 0.5");
    check(churn.validationShare > 0 && churn.validationShare < 0.5, "churn.validation_share",
        churn.validationShare, "a share between 0 and 0.5");
    check(churn.leakageAuc > 0.5 && churn.leakageAuc <= 1, "churn.leakage_auc", churn.leakageAuc,
        "a ROC AUC between 0.5 and 1");
    check(churn.gbtMaxIter >= 1 && churn.gbtMaxDepth >= 1, "churn.gbt_max_iter", churn.gbtMaxIter,
        "at least 1 iteration of depth at least 1");
    check(churn.survival.maxMonths >= 1 && churn.survival.maxMonths <= 600, "churn.survival.max_months",
        churn.survival.maxMonths, "a number of months between 1 and 600");
    check(churn.horizonDays >= 1, "churn.horizon_days", churn.horizonDays, "at least 1 day");
    check(churn.testSnapshots >= 1 && churn.trainingSnapshots > churn.testSnapshots,
        "churn.training_snapshots", churn.trainingSnapshots,
        "more snapshots than churn.test_snapshots (" + churn.testSnapshots + ")");
    check(churn.tiers.red > churn.tiers.yellow && churn.tiers.yellow > 0 && churn.tiers.red < 1,
        "churn.tiers", churn.tiers.red + "/" + churn.tiers.yellow,
        "0 < yellow < red < 1");
    check(output.leaseTtlSeconds >= 5, "output.lease_ttl_seconds", output.leaseTtlSeconds, "at least 5 seconds");
    check(output.retainHours >= 0, "output.retain_hours", output.retainHours, "0 hours or more");
    check(report.topAccounts >= 0, "report.top_accounts", report.topAccounts, "0 or more");
    check(report.topThemes >= 0, "report.top_themes", report.topThemes, "0 or more");
    check(report.quotes >= 0, "report.quotes", report.quotes, "0 or more");
    check(report.trendMonths >= 1, "report.trend_months", report.trendMonths, "at least 1");
    check(List.of("auto", "off", "required").contains(report.pdf), "report.pdf", report.pdf,
        "auto, off or required");
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new UserInputException(
          String.format("Invalid config %s = %s: expected %s", key, value, expected));
    }
  }

  private static void merge(ObjectNode target, JsonNode source, String origin, String prefix) {
    source.fields().forEachRemaining(e -> {
      JsonNode existing = target.get(e.getKey());
      if (existing == null) {
        throw new UserInputException(
            "Unknown config key '" + prefix + e.getKey() + "' in " + origin);
      }
      if (existing.isObject() && e.getValue().isObject()) {
        merge((ObjectNode) existing, e.getValue(), origin, prefix + e.getKey() + ".");
      } else {
        target.set(e.getKey(), e.getValue());
      }
    });
  }

  private static void apply(ObjectMapper mapper, ObjectNode tree, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new UserInputException(
          "Invalid override '" + override + "': expected key=value, such as churn.horizon_days=60");
    }
    String[] path = override.substring(0, eq).trim().split("\\.");
    ObjectNode node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      JsonNode child = node.get(path[i]);
      if (child == null || !child.isObject()) {
        throw new UserInputException("Unknown config key '" + override.substring(0, eq) + "'");
      }
      node = (ObjectNode) child;
    }
    String leaf = path[path.length - 1];
    if (!node.has(leaf) || node.get(leaf).isObject()) {
      throw new UserInputException("Unknown config key '" + override.substring(0, eq) + "'");
    }
    try {
      node.set(leaf, mapper.readTree(override.substring(eq + 1)));
    } catch (IOException e) {
      throw new UserInputException("Invalid value in override '" + override + "'");
    }
  }
}
