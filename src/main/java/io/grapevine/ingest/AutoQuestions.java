package io.grapevine.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;

/**
 * {@code questions: auto} on a survey source: the answers its mapping leaves out are found among the
 * export's columns that nothing maps, by the question's words and the answers in the export's first
 * rows. A survey's columns are its questions, and they differ from one survey to the next, so a preset
 * cannot name them:
 * <ul>
 *   <li>nps: a question that says recommend (in the languages Grapevine reads), NPS or promoter, or
 *       whose column has a Qualtrics {@code _NPS_GROUP} beside it, answered with whole numbers 0 to 10;
 *       "how likely" alone only with answers above 5 and no other intent (buying, renewing) named;</li>
 *   <li>told_count: "how many people have you told", answered with whole numbers from 0;</li>
 *   <li>effort: a question that says easy, effort or difficult, answered on a 1-5, 1-7 or 1-10 scale
 *       (easy at the high end when it asks how easy, at the low end when it asks how much effort);</li>
 *   <li>rating: a question that says satisfied, rate or stars, answered on a 1-5 or 1-10 scale (0 at
 *       its low end when an answer is 0);</li>
 *   <li>text: every open question, its answers mostly several distinct words; several are joined in
 *       the export's order (a reason for the score, then anything else).</li>
 * </ul>
 * An answer may carry its label ({@code 10 - Extremely likely}): its number is read. At least
 * {@link #FIT} of a column's answers must fit. Columns whose names say they identify a person or hold
 * a time (in a name of a few words: {@code Email Address}, not "How much time did it take?") are never
 * questions. A question's words are its column's name, and its wording where the export gives that in
 * another header row (Qualtrics' second). Each decision, with what it rests on, goes to the ingest manifest
 * ({@code sources.<name>.auto.questions}); a mapping the catalog gives, or removes with null, stands.
 */
final class AutoQuestions {
  static final int SAMPLE_ROWS = 2_000;
  /** The share of a column's answers that must fit a question's scale. */
  static final double FIT = 0.9;
  /** An open question's answers: at least this share distinct, and this many words on average. */
  static final double OPEN_DISTINCT = 0.5;
  static final double OPEN_WORDS = 2.5;
  /** At most this many open questions are joined into the text. */
  static final int MAX_OPEN = 5;

  /** Word starts that make a question NPS's (recommend in English, French, Spanish, Portuguese, German, Italian, Dutch, Russian). */
  private static final List<String> NPS_STARTS = List.of("recommend", "recommand", "recomend", "empfehl",
      "weiterempf", "raccomand", "consiglier", "aanbevel", "aanraden", "рекоменд", "порекоменд", "nps", "promoter");
  private static final List<String> TOLD_STARTS = List.of("told", "erzählt", "raconté", "contado", "рассказ");
  private static final List<String> EASY_STARTS = List.of("easy", "easi", "einfach", "facile", "fácil", "facil",
      "легк", "просто");
  private static final List<String> HARD_STARTS = List.of("effort", "difficult", "hard", "aufwand", "schwierig",
      "difícil", "усили", "сложн");
  private static final List<String> RATING_STARTS = List.of("satisf", "csat", "rate", "rating", "star", "zufried",
      "bewert", "note", "valor", "calific", "avali", "доволь", "удовлетвор", "оцен");
  /** What a "how likely" question may ask instead of recommending: buying, renewing, coming back. */
  private static final List<String> OTHER_INTENTS = List.of("buy", "purchas", "renew", "return", "continu", "visit",
      "order", "again", "cancel", "switch", "leav", "stay", "upgrad", "subscri", "use");

  /**
   * Words of a column's name that say it is not a question: who answered (the words that keep a column
   * out of the churn model's attributes), when (the words of a time), and a survey tool's own columns.
   */
  private static final Set<String> NOT_A_QUESTION = java.util.stream.Stream.of(AutoAttributes.IDENTIFYING,
      IngestJob.TIME_WORDS, IngestJob.OTHER_TIME_WORDS, Set.of("phone", "url", "link", "agent", "browser", "device",
          "platform", "referer", "referrer", "collector", "token", "hidden", "tag", "status", "progress", "duration",
          "finished", "language", "channel", "distribution", "recipient", "reference", "started", "ipaddress"))
      .flatMap(Set::stream).collect(java.util.stream.Collectors.toUnmodifiableSet());
  /** A column's name of at most this many words is a label ("Date of visit"), not a question's wording. */
  private static final int MAX_LABEL_WORDS = 4;
  /** A whole number, alone or before its label ({@code 10 - Extremely likely}, {@code 4 (Satisfied)}). */
  private static final Pattern NUMBER = Pattern.compile("^\\s*(\\d{1,3})(?:[.,]0+)?\\s*(?:$|[-–—:(=]\\s*\\S.*)");
  private static final Pattern LABELLED = Pattern.compile("^\\s*\\d{1,3}\\s*[-–—:(=]");

  private AutoQuestions() {}

  /** The columns a question may be in: plain columns nothing maps, whose names may be a question's. */
  static List<String> candidates(SourceSpec spec, List<String> columns) {
    Set<String> used = new HashSet<>(spec.mappedColumns.values());
    List<String> found = new ArrayList<>();
    for (String c : columns) {
      if (c.startsWith("_gv_") || used.contains(c) || mentioned(spec, c)) {
        continue;
      }
      List<String> w = IngestJob.words(c);
      if (w.size() <= MAX_LABEL_WORDS && w.stream().anyMatch(NOT_A_QUESTION::contains)) {
        continue;
      }
      found.add(c);
    }
    return found;
  }

  private static boolean mentioned(SourceSpec spec, String column) {
    String lower = column.toLowerCase(Locale.ROOT);
    for (String sql : spec.mapping.values()) {
      String s = sql.toLowerCase(Locale.ROOT);
      if (s.contains("`" + lower + "`") || s.matches("(?s).*\\b" + Pattern.quote(lower) + "\\b.*")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Maps the questions {@code spec} leaves out to the {@code columns} of {@code sample} (the export's
   * first rows, those columns in that order, as strings); returns what was decided, for the manifest.
   */
  static String choose(SourceSpec spec, List<String> columns, List<Row> sample) {
    return choose(spec, columns, sample, Map.of());
  }

  /**
   * As {@link #choose(SourceSpec, List, List)}, where {@code wordings} holds the question a column
   * asks when the export gives it apart from the column's name (Qualtrics' Q1, Q2...).
   */
  static String choose(SourceSpec spec, List<String> columns, List<Row> sample, Map<String, String> wordings) {
    List<String> decided = new ArrayList<>();
    List<String> open = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Set<String> otherColumns = new HashSet<>(columns);
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i);
      Answers a = Answers.of(sample, i);
      if (a.values == 0) {
        continue;
      }
      List<String> w = new ArrayList<>(IngestJob.words(column));
      String wording = wordings.get(column);
      if (wording != null) {
        w.addAll(IngestJob.words(wording));
      }
      String named = "'" + column + "'" + (wording == null ? ""
          : " \"" + (wording.length() > 60 ? wording.substring(0, 57) + "..." : wording) + "\"");
      if (IngestJob.open(spec, Target.NPS) && (says(w, NPS_STARTS) || likelyOnElevenPoints(w, a)
          || otherColumns.contains(column + "_NPS_GROUP")) && a.fits(0, 10)) {
        map(spec, Target.NPS, column, a);
        decided.add(String.format(Locale.ROOT, "nps: %s (%s)", named, a.describe()));
      } else if (IngestJob.open(spec, Target.TOLD_COUNT) && (says(w, TOLD_STARTS) || w.contains("tell") && w.contains("many"))
          && a.fits(0, 999)) {
        map(spec, Target.TOLD_COUNT, column, a);
        decided.add(String.format(Locale.ROOT, "told_count: %s (%s)", named, a.describe()));
      } else if (IngestJob.open(spec, Target.EFFORT) && spec.effortMin == null && (says(w, EASY_STARTS) || says(w, HARD_STARTS))
          && a.fits(1, 10) && a.max > 2) {
        map(spec, Target.EFFORT, column, a);
        spec.effortMin = 1.0;
        spec.effortMax = a.max <= 5 ? 5.0 : a.max <= 7 ? 7.0 : 10.0;
        spec.effortEasyHigh = says(w, EASY_STARTS);
        decided.add(String.format(Locale.ROOT, "effort: %s (%s; scale 1-%s, easy %s)", named, a.describe(),
            FieldMapper.trimNumber(spec.effortMax), spec.effortEasyHigh ? "high" : "low"));
      } else if (IngestJob.open(spec, Target.RATING) && spec.ratingMin == null && says(w, RATING_STARTS) && a.fits(0, 10)
          && a.max > 1) {
        map(spec, Target.RATING, column, a);
        spec.ratingMin = a.min == 0 ? 0.0 : 1.0;
        spec.ratingMax = a.max <= 5 ? 5.0 : 10.0;
        decided.add(String.format(Locale.ROOT, "rating: %s (%s; scale %s-%s)", named, a.describe(),
            FieldMapper.trimNumber(spec.ratingMin), FieldMapper.trimNumber(spec.ratingMax)));
      } else if (IngestJob.open(spec, Target.TEXT) && a.isOpen() && open.size() < MAX_OPEN) {
        open.add(column);
      } else if (a.isOpen()) {
        notes.add(named + " (open answers: " + (IngestJob.open(spec, Target.TEXT) ? "beyond the first " + MAX_OPEN
            : "the text is mapped") + ")");
      } else {
        notes.add(named + " (" + a.why() + ")");
      }
    }
    if (!open.isEmpty()) {
      if (open.size() == 1) {
        spec.mapping.put(Target.TEXT.key(), SourceCatalog.quoteIdentifier(open.get(0)));
        spec.mappedColumns.put(Target.TEXT.key(), open.get(0));
      } else {
        // Each answer trimmed, empty ones left out: "Fast delivery. Nothing else".
        List<String> parts = new ArrayList<>();
        for (String c : open) {
          parts.add("nullif(trim(" + SourceCatalog.quoteIdentifier(c) + "), '')");
        }
        spec.mapping.put(Target.TEXT.key(), "nullif(concat_ws('. ', " + String.join(", ", parts) + "), '')");
      }
      decided.add("text: '" + String.join("' + '", open) + "' (open answers)");
    }
    if (!notes.isEmpty()) {
      decided.add("left as they are: " + String.join(", ", notes));
    }
    if (decided.isEmpty()) {
      List<String> shown = columns.subList(0, Math.min(columns.size(), 8)).stream().map(c -> "'" + c + "'").toList();
      return "none recognised among the unmapped columns " + (columns.isEmpty() ? "(there are none)"
          : String.join(", ", shown) + (columns.size() > shown.size() ? " and " + (columns.size() - shown.size())
              + " more" : ""));
    }
    return String.join("; ", decided);
  }

  /**
   * "How likely are you to..." without recommend: NPS's wording only on NPS's scale, answers above 5
   * among them ("How likely are you to buy again?" on 1 to 5 is not NPS), and no other intent named.
   */
  private static boolean likelyOnElevenPoints(List<String> words, Answers a) {
    return words.contains("likely") && a.max > 5 && !says(words, OTHER_INTENTS);
  }

  private static boolean says(List<String> words, List<String> starts) {
    for (String w : words) {
      for (String s : starts) {
        if (w.startsWith(s)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void map(SourceSpec spec, Target target, String column, Answers a) {
    String q = SourceCatalog.quoteIdentifier(column);
    if (a.labelled) {
      spec.mapping.put(target.key(), "nullif(regexp_extract(" + q + ", '^\\\\s*(\\\\d{1,3})', 1), '')");
    } else {
      spec.mapping.put(target.key(), q);
      spec.mappedColumns.put(target.key(), column);
    }
  }

  /** What a column's answers in the sample look like. */
  private static final class Answers {
    long values;
    long numbers;
    long distinct;
    double min = Double.NaN;
    double max = Double.NaN;
    boolean labelled;
    long letters;
    long words;

    static Answers of(List<Row> sample, int i) {
      Answers a = new Answers();
      Map<String, Boolean> seen = new LinkedHashMap<>();
      for (Row r : sample) {
        String v = r.isNullAt(i) ? null : r.get(i).toString().trim();
        if (v == null || v.isEmpty()) {
          continue;
        }
        a.values++;
        seen.put(v, true);
        Matcher m = NUMBER.matcher(v);
        if (m.matches()) {
          double n = Double.parseDouble(m.group(1));
          a.numbers++;
          a.min = Double.isNaN(a.min) ? n : Math.min(a.min, n);
          a.max = Double.isNaN(a.max) ? n : Math.max(a.max, n);
          a.labelled |= LABELLED.matcher(v).find();
        }
        if (v.codePoints().anyMatch(Character::isLetter)) {
          a.letters++;
        }
        a.words += v.split("\\s+").length;
      }
      a.distinct = seen.size();
      return a;
    }

    /** At least {@link #FIT} of the answers are whole numbers from {@code low} to {@code high}. */
    boolean fits(double low, double high) {
      return numbers >= FIT * values && min >= low && max <= high;
    }

    /** Mostly distinct answers of several words: an open question's. */
    boolean isOpen() {
      return letters * 2 >= values && numbers * 2 < values && distinct >= OPEN_DISTINCT * values
          && (double) words / values >= OPEN_WORDS;
    }

    /** Why a column is none of the questions. */
    String why() {
      if (numbers >= FIT * values) {
        return String.format(Locale.ROOT, "numbers from %s to %s; by its words, none of the questions left to find",
            FieldMapper.trimNumber(min), FieldMapper.trimNumber(max));
      }
      if (distinct < OPEN_DISTINCT * values) {
        return String.format(Locale.ROOT, "%,d distinct answers in %,d: a choice", distinct, values);
      }
      return String.format(Locale.ROOT, "%.1f words per answer: too short for an open answer", (double) words / values);
    }

    String describe() {
      return String.format(Locale.ROOT, "%,d answers from %s to %s%s", values, FieldMapper.trimNumber(min),
          FieldMapper.trimNumber(max), labelled ? ", with labels" : "");
    }
  }
}
