package io.grapevine.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a source must look like once read, declared as data in the manner of Deequ's checks: the
 * share of its rows quarantined, removed as duplicates, without usable content, how many distinct
 * ids it has against its rows, and the time range its events may fall in. Each bound has a warning
 * level (reported in the manifest and on stderr) and an error level: a source that breaches one
 * writes nothing, and the job fails after the other sources with one line per breach saying which
 * source, which expectation, the figure, and the likely cause. The defaults (config
 * {@code ingest.expectations}) protect a user who declares none; a catalog entry's
 * {@code expectations:} overrides them key by key. All figures come from the counts the ingest
 * scan already makes.
 */
public final class Expectations implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A warning and an error threshold; either may be absent. */
  public static final class Bound implements Serializable {
    private static final long serialVersionUID = 1L;
    public Double warn;
    public Double error;

    Bound merged(Bound over) {
      Bound b = new Bound();
      b.warn = over != null && over.warn != null ? over.warn : warn;
      b.error = over != null && over.error != null ? over.error : error;
      return b;
    }
  }

  public Bound maxQuarantinedShare;
  public Bound maxDuplicateShare;
  public Bound minDistinctIdShare;
  public Bound maxNoContentShare;
  /** Events before this day (UTC) are quarantined as {@code implausible_timestamp}. */
  public String notBefore;
  /** Events more than this many days after the run's start are quarantined likewise. */
  public Integer notAfterDays;

  /** This set with {@code over}'s keys on top (over may be null). */
  public Expectations merged(Expectations over) {
    Expectations e = new Expectations();
    e.maxQuarantinedShare = bound(maxQuarantinedShare).merged(over == null ? null : over.maxQuarantinedShare);
    e.maxDuplicateShare = bound(maxDuplicateShare).merged(over == null ? null : over.maxDuplicateShare);
    e.minDistinctIdShare = bound(minDistinctIdShare).merged(over == null ? null : over.minDistinctIdShare);
    e.maxNoContentShare = bound(maxNoContentShare).merged(over == null ? null : over.maxNoContentShare);
    e.notBefore = over != null && over.notBefore != null ? over.notBefore : notBefore;
    e.notAfterDays = over != null && over.notAfterDays != null ? over.notAfterDays : notAfterDays;
    return e;
  }

  private static Bound bound(Bound b) {
    return b == null ? new Bound() : b;
  }

  /** The earliest plausible event time. */
  public Instant earliest() {
    return LocalDate.parse(notBefore == null ? "2000-01-01" : notBefore).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The latest plausible event time for a run started at {@code runStart}. */
  public Instant latest(Instant runStart) {
    return runStart.plusSeconds(86_400L * (notAfterDays == null ? 1 : notAfterDays));
  }

  /** Checks a source's keys; problems for the catalog's one error. */
  static List<String> validate(Expectations e, String where) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Bound> b : Map.of("max_quarantined_share", bound(e.maxQuarantinedShare),
        "max_duplicate_share", bound(e.maxDuplicateShare), "min_distinct_id_share", bound(e.minDistinctIdShare),
        "max_no_content_share", bound(e.maxNoContentShare)).entrySet()) {
      for (Double v : new Double[] {b.getValue().warn, b.getValue().error}) {
        if (v != null && (v < 0 || v > 1)) {
          problems.add(String.format("%s: expectations.%s must be shares between 0 and 1, not %s", where, b.getKey(), v));
        }
      }
    }
    if (e.notBefore != null) {
      try {
        LocalDate.parse(e.notBefore);
      } catch (RuntimeException x) {
        problems.add(where + ": expectations.not_before must be a day as YYYY-MM-DD, not '" + e.notBefore + "'");
      }
    }
    if (e.notAfterDays != null && e.notAfterDays < 0) {
      problems.add(where + ": expectations.not_after_days must be 0 or more");
    }
    return problems;
  }

  /** One expectation's figure and outcome for one source, as the manifest records it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"source", "expectation", "figure", "rows", "of", "warn", "error", "outcome", "message"})
  public static final class Result {
    public String source;
    public String expectation;
    public double figure;
    public long rows;
    public long of;
    public Double warn;
    public Double error;
    /** {@code ok}, {@code warning} or {@code failed}. */
    public String outcome;
    public String message;

    boolean failed() {
      return "failed".equals(outcome);
    }
  }

  /** What the likely cause of a breach is, from what the scan saw. */
  record Evidence(Map<String, Long> quarantinedByReason, long noContent, String idMapping,
      Supplier<List<String>> frequentIds, Map<String, String> reasonHints) {}

  /**
   * Every expectation of one source from its counts: {@code considered} rows (in the months
   * ingested, not filtered), of which {@code quarantined}, {@code duplicates} and {@code noContent};
   * {@code distinctIds} among the {@code withId} rows that carried a valid id.
   */
  static List<Result> evaluate(String source, Expectations e, long considered, long quarantined, long duplicates,
      long withId, long distinctIds, Evidence evidence) {
    List<Result> results = new ArrayList<>();
    results.add(upper(source, "max_quarantined_share", e.maxQuarantinedShare, quarantined, considered,
        () -> quarantineCause(quarantined, considered, evidence)));
    String ids = evidence.idMapping() == null ? ""
        : String.format("; the id (%s) has %,d distinct values in %,d rows: is it an id?", evidence.idMapping(),
            distinctIds, withId);
    results.add(upper(source, "max_duplicate_share", e.maxDuplicateShare, duplicates, withId,
        () -> String.format("%,d of %,d rows repeat an id already seen", duplicates, withId) + ids + idCause(evidence)));
    if (evidence.idMapping() != null) {
      results.add(lower(source, "min_distinct_id_share", e.minDistinctIdShare, distinctIds, withId,
          () -> ids.substring(2) + idCause(evidence)));
    }
    results.add(upper(source, "max_no_content_share", e.maxNoContentShare, evidence.noContent(), considered,
        () -> String.format("%,d of %,d rows have no text, rating, NPS, effort, told count or label: %s",
            evidence.noContent(), considered, evidence.reasonHints().getOrDefault(FieldMapper.NO_CONTENT,
                "is the text mapped to the right column?"))));
    return results;
  }

  private static String quarantineCause(long quarantined, long considered, Evidence evidence) {
    StringBuilder b = new StringBuilder(String.format("%,d of %,d rows quarantined", quarantined, considered));
    List<Map.Entry<String, Long>> top = evidence.quarantinedByReason().entrySet().stream()
        .sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(3).toList();
    if (!top.isEmpty()) {
      b.append(", mostly ");
      for (int i = 0; i < top.size(); i++) {
        String reason = top.get(i).getKey();
        b.append(i == 0 ? "" : ", ").append(reason).append(String.format(" (%,d)", top.get(i).getValue()));
        String hint = evidence.reasonHints().get(reason);
        if (i == 0 && hint != null) {
          b.append(": ").append(hint);
        }
      }
    }
    return b.toString();
  }

  /** The id's likely problem: values that look like a spreadsheet's scientific notation. */
  private static String idCause(Evidence evidence) {
    if (evidence.idMapping() == null) {
      return ": no id is mapped, so these rows repeat another row of the export whole";
    }
    List<String> ids = evidence.frequentIds().get();
    if (ids == null || ids.isEmpty()) {
      return "";
    }
    String shown = String.join(", ", ids);
    boolean scientific = ids.stream().anyMatch(v -> v != null
        && v.trim().matches("[-+]?\\d(\\.\\d+)?[eE][-+]?\\d+"));
    return scientific
        ? " Its values look like a spreadsheet's scientific notation (" + shown + "): export the column as text"
        : " The most repeated: " + shown;
  }

  /** A share that must stay below its bounds; {@code what} (which may run a query) only for a breach. */
  private static Result upper(String source, String name, Bound bound, long n, long of, Supplier<String> what) {
    Result r = base(source, name, bound, n, of);
    double share = r.figure;
    r.outcome = bound.error != null && share > bound.error ? "failed"
        : bound.warn != null && share > bound.warn ? "warning" : "ok";
    if (!r.outcome.equals("ok")) {
      r.message = String.format(Locale.ROOT, "Source '%s': expectation %s %s at %s (%s above %s): %s", source, name,
          r.outcome.equals("failed") ? "failed" : "warns", pct(share), r.outcome.equals("failed") ? "error" : "warning",
          pct(r.outcome.equals("failed") ? bound.error : bound.warn), what.get());
    }
    return r;
  }

  private static Result lower(String source, String name, Bound bound, long n, long of, Supplier<String> what) {
    Result r = base(source, name, bound, n, of);
    double share = of == 0 ? 1 : r.figure;
    r.figure = share;
    r.outcome = bound.error != null && share < bound.error ? "failed"
        : bound.warn != null && share < bound.warn ? "warning" : "ok";
    if (!r.outcome.equals("ok")) {
      r.message = String.format(Locale.ROOT, "Source '%s': expectation %s %s at %s (%s below %s): %s", source, name,
          r.outcome.equals("failed") ? "failed" : "warns", pct(share), r.outcome.equals("failed") ? "error" : "warning",
          pct(r.outcome.equals("failed") ? bound.error : bound.warn), what.get());
    }
    return r;
  }

  private static Result base(String source, String name, Bound bound, long n, long of) {
    Result r = new Result();
    r.source = source;
    r.expectation = name;
    r.rows = n;
    r.of = of;
    r.figure = of == 0 ? 0 : (double) n / of;
    r.warn = bound.warn;
    r.error = bound.error;
    return r;
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, share == 0 || share == 1 ? "%.0f%%"
        : share > 0.999 || share < 0.001 ? "%.2f%%" : "%.1f%%", share * 100);
  }
}
