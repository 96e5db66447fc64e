package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;

import io.grapevine.core.UserInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * {@code timestamp_formats: auto} and {@code rating_scale: auto}: decided from the first
 * {@link #SAMPLE_ROWS} rows of a source's export, for exports whose vendor nobody knows. The time
 * format is the candidate that reads the most of the sample's event times (month-first before
 * day-first when both read them all, which the decision then says); the rating scale runs from 1
 * (0 when the sample holds a 0) to 5, 10 or 100, the smallest that holds the sample's highest
 * rating. With either, a text column chosen by name from a list of alternatives that holds no words
 * gives way to the next alternative that does, and a sentiment label chosen so is kept only when its
 * values are sentiment words. Each decision, and what it rests on, goes to the ingest
 * manifest ({@code sources.<name>.auto}).
 */
final class AutoFormats {
  static final int SAMPLE_ROWS = 2_000;
  /** The share of the sample's event times the chosen format must read; below it the catalog is refused. */
  static final double MIN_READ_SHARE = 0.5;
  /** The share of the sample's rows an id chosen from alternatives must hold, and of those be distinct. */
  static final double ID_SHARE = 0.95;

  /** Candidate formats, in order of preference when two read as many: each a list tried in order. */
  static final List<List<String>> CANDIDATES = List.of(
      FieldMapper.DEFAULT_TIME_FORMATS,
      List.of("yyyy-MM-dd HH:mm:ss[.SSS] Z", "yyyy-MM-dd HH:mm[:ss] XXX"),
      List.of("yyyy/M/d H:mm[:ss]", "yyyy/M/d h:mm[:ss] a", "yyyy/M/d"),
      List.of("M/d/yyyy H:mm[:ss]", "M/d/yyyy h:mm[:ss] a", "M/d/yyyy"),
      List.of("d/M/yyyy H:mm[:ss]", "d/M/yyyy"),
      List.of("M/d/yy H:mm[:ss]", "M/d/yy"),
      List.of("d/M/yy H:mm[:ss]", "d/M/yy"),
      List.of("d.M.yyyy H:mm[:ss]", "d.M.yyyy"),
      List.of("d.M.yy H:mm[:ss]", "d.M.yy"),
      List.of("d-M-yyyy H:mm[:ss]", "d-M-yyyy"),
      // Two-digit years with dashes, day first (Comcast's complaints on Kaggle: 22-04-15).
      List.of("d-M-yy H:mm[:ss]", "d-M-yy"),
      List.of("MMM d, yyyy h:mm[:ss] a", "MMMM d, yyyy h:mm[:ss] a", "MMM d, yyyy H:mm[:ss]", "MMMM d, yyyy H:mm[:ss]",
          "MMMM d, yyyy", "MMM d, yyyy", "MMMM d yyyy", "MMM d yyyy"),
      List.of("d MMM yyyy H:mm[:ss]", "d MMMM yyyy H:mm[:ss]", "d MMMM yyyy", "d MMM yyyy", "d-MMM-yyyy", "d-MMM-yy",
          "dd-MMM-yy"),
      // Twitter's API (created_at: Wed Oct 10 20:19:24 +0000 2018), e-mail and RSS (RFC 1123), and
      // Amazon's review datasets (reviewTime: 09 13, 2009).
      List.of("EEE MMM d HH:mm:ss Z yyyy", "EEE, d MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm:ss z"),
      List.of("M d, yyyy"),
      // A month alone (Disneyland's reviews: Year_Month 2019-4): its first day.
      List.of("yyyy-M", "yyyy/M", "MMM yyyy", "MMMM yyyy", "M/yyyy"),
      // Digits alone: 20260625 (a compact date), before epoch seconds (ten digits: 1790928900).
      List.of("yyyyMMdd HHmmss", "yyyyMMdd'T'HHmmss", "yyyyMMdd"),
      List.of("epoch_seconds"),
      List.of("epoch_millis"));

  private static final java.util.regex.Pattern LETTER = java.util.regex.Pattern.compile("\\p{L}");
  private static final java.util.Set<String> LABEL_WORDS = java.util.Set.of("positive", "negative", "neutral", "pos",
      "neg", "neu");

  private AutoFormats() {}

  /** The export's first rows, as collected: the columns the decisions look at. */
  private record Sample(List<Row> rows, org.apache.spark.sql.types.StructType schema, List<String> nulls) {
    /** A column's values that are there, as text: not the export's words for none (pandas' nan). */
    List<String> strings(String column) {
      int i = schema.fieldIndex(column);
      return rows.stream().filter(r -> !r.isNullAt(i)).map(r -> r.get(i).toString())
          .filter(v -> !nulls.contains(v.trim())).toList();
    }

    /** A column's numbers that are there. */
    double[] numbers(String column) {
      int i = schema.fieldIndex(column);
      return rows.stream().filter(r -> !r.isNullAt(i)).mapToDouble(r -> ((Number) r.get(i)).doubleValue()).toArray();
    }
  }

  /**
   * Decides what {@code spec} leaves to the export, from {@code rows} (the export's rows, already
   * read lazily): sets the spec's formats or scale and returns the decisions for the manifest.
   */
  static Map<String, String> decide(SourceSpec spec, Dataset<Row> rows) {
    Map<String, String> decisions = new LinkedHashMap<>();
    boolean formats = spec.timestampFormatsAuto && spec.mapping.containsKey(Target.EVENT_TS.key());
    boolean scale = spec.ratingScaleAuto && spec.mapping.containsKey(Target.RATING.key());
    List<String> texts = laterAlternatives(spec, Target.TEXT, rows);
    List<String> times = formats ? laterAlternatives(spec, Target.EVENT_TS, rows) : List.of();
    // A label chosen by name from alternatives is kept only when its values are Grapevine's words for them.
    String label = spec.alternatives.containsKey(Target.SENTIMENT_LABEL.key())
        ? spec.mappedColumns.get(Target.SENTIMENT_LABEL.key()) : null;
    // So is a person's name: one that is the same on every row names a place or a product (Outscraper's `name`).
    String name = spec.alternatives.containsKey(Target.CUSTOMER_NAME.key())
        ? spec.mappedColumns.get(Target.CUSTOMER_NAME.key()) : null;
    List<SourceSpec.Alternative> idAlternatives = spec.alternatives.get(Target.ID.key());
    List<String> ids = idAlternatives != null && idAlternatives.get(idAlternatives.size() - 1).none()
        ? laterAlternatives(spec, Target.ID, rows) : List.of();
    if (!formats && !scale && texts.size() < 2 && label == null && name == null && ids.isEmpty()) {
      return decisions;
    }
    List<Column> picked = new ArrayList<>();
    if (formats) {
      picked.add(expr(spec.mapping.get(Target.EVENT_TS.key())).as("t"));
      for (int i = 1; i < times.size(); i++) {
        picked.add(col(SourceCatalog.quoteIdentifier(times.get(i))).as("t" + i));
      }
    }
    if (scale) {
      picked.add(FieldMapper.rating(expr(spec.mapping.get(Target.RATING.key())).cast(DataTypes.StringType)).as("r"));
    }
    for (int i = 0; i < texts.size(); i++) {
      picked.add(col(SourceCatalog.quoteIdentifier(texts.get(i))).cast(DataTypes.StringType).as("x" + i));
    }
    if (label != null) {
      picked.add(col(SourceCatalog.quoteIdentifier(label)).cast(DataTypes.StringType).as("l"));
    }
    if (name != null) {
      picked.add(col(SourceCatalog.quoteIdentifier(name)).cast(DataTypes.StringType).as("n"));
    }
    for (int i = 0; i < ids.size(); i++) {
      picked.add(col(SourceCatalog.quoteIdentifier(ids.get(i))).cast(DataTypes.StringType).as("i" + i));
    }
    // Records the reader could not take apart (quarantined as such) say nothing about the columns.
    Dataset<Row> readable = List.of(rows.columns()).contains(RawColumns.ERROR)
        ? rows.where(col(RawColumns.ERROR).isNull()) : rows;
    Dataset<Row> head = readable.select(picked.toArray(Column[]::new)).limit(SAMPLE_ROWS);
    // Read once. The decisions below look at the rows in memory, in Java; only the time formats, which
    // are Spark's own parsing, go back to Spark (one query per column tried).
    Sample sample = new Sample(head.collectAsList(), head.schema(), spec.options.nullValues);
    if (texts.size() >= 2) {
      chooseText(spec, texts, sample, decisions);
    }
    if (label != null) {
      checkLabel(spec, label, sample, decisions);
    }
    if (name != null) {
      checkName(spec, name, sample, decisions);
    }
    if (!ids.isEmpty()) {
      chooseId(spec, ids, sample, decisions);
    }
    if (formats) {
      chooseTimes(spec, times, rows.sparkSession().createDataFrame(sample.rows, sample.schema), decisions);
    }
    if (scale) {
      try {
        decisions.put("rating_scale", chooseScale(spec, sample));
      } catch (UserInputException e) {
        // A column chosen by name from a list that may end in none: votes or points, not a rating.
        List<SourceSpec.Alternative> listed = spec.alternatives.get(Target.RATING.key());
        String chosen = spec.mappedColumns.get(Target.RATING.key());
        if (listed == null || chosen == null || !listed.get(listed.size() - 1).none()) {
          throw e;
        }
        spec.mapping.remove(Target.RATING.key());
        spec.mappedColumns.remove(Target.RATING.key());
        spec.chosenMapping.put(Target.RATING.key(), null);
        double[] r = sample.numbers("r");
        decisions.put("rating", String.format(Locale.ROOT, "none: '%s' runs from %s to %s in the first rows, no 1-5, "
            + "1-10 or 0-100 scale: votes or points, not a rating (map it with a rating_scale if it is one)", chosen,
            FieldMapper.trimNumber(java.util.Arrays.stream(r).min().orElse(0)),
            FieldMapper.trimNumber(java.util.Arrays.stream(r).max().orElse(0))));
      }
    }
    return decisions;
  }

  /**
   * The event time from the column chosen by name or, when no known format reads it, from the first
   * later alternative that one does (a {@code date} of "Q3 week 2" beside an ISO {@code timestamp});
   * when none does, the chosen column's error.
   */
  private static void chooseTimes(SourceSpec spec, List<String> times, Dataset<Row> sample, Map<String, String> decisions) {
    UserInputException first = null;
    for (int i = 0; i < Math.max(1, times.size()); i++) {
      String c = i == 0 ? "t" : "t" + i;
      DataType type = sample.schema().apply(c).dataType();
      String note;
      if (type.equals(DataTypes.TimestampType) || type.equals(DataTypes.DateType)
          || type.equals(DataTypes.TimestampNTZType)) {
        note = "none needed: the export holds times, not text";
      } else {
        try {
          note = chooseFormats(spec, sample.select(col(c).cast(DataTypes.StringType).as("t")));
        } catch (UserInputException e) {
          first = first == null ? e : first;
          continue;
        }
      }
      if (i > 0) {
        spec.mapping.put(Target.EVENT_TS.key(), SourceCatalog.quoteIdentifier(times.get(i)));
        spec.mappedColumns.put(Target.EVENT_TS.key(), times.get(i));
        spec.chosenMapping.put(Target.EVENT_TS.key(), times.get(i));
        note = String.format(Locale.ROOT, "'%s': %s; no known format reads %s", times.get(i), note,
            "'" + String.join("', '", times.subList(0, i)) + "'");
      }
      decisions.put("timestamp_formats", note);
      return;
    }
    throw first;
  }

  /**
   * The columns a target's alternatives fit, from the one chosen by name on: when a list of
   * alternatives chose it, a later one may have to stand in (a column named {@code feedback} may hold
   * a 1 or 0, not words; a {@code date} may hold what no known format reads).
   */
  private static List<String> laterAlternatives(SourceSpec spec, Target target, Dataset<Row> rows) {
    List<SourceSpec.Alternative> alternatives = spec.alternatives.get(target.key());
    String chosen = spec.mappedColumns.get(target.key());
    List<String> found = new ArrayList<>();
    if (alternatives == null || chosen == null) {
      return found;
    }
    List<String> columns = List.of(rows.columns());
    for (SourceSpec.Alternative a : alternatives) {
      String c = a.column() == null ? null : IngestJob.matchingColumn(a.column(), columns, rows.schema());
      if (c != null && !found.contains(c) && (!found.isEmpty() || c.equals(chosen))) {
        found.add(c);
      }
    }
    return found;
  }

  /**
   * Keeps as the id, of a list of alternatives that ends in null, the first column that holds an id
   * in at least {@link #ID_SHARE} of the sample's rows, that share of them distinct (the default
   * warning levels of the expectations on ids); when none does, no id: each record's content is its
   * identity. A product's id beside its reviews ({@code id} in Datafiniti's exports) or an id column
   * left empty ({@code reviews.id}) would otherwise fail the source on its duplicates or missing ids.
   */
  private static void chooseId(SourceSpec spec, List<String> ids, Sample sample, Map<String, String> decisions) {
    long rows = sample.rows.size();
    List<String> why = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      List<String> present = sample.strings("i" + i).stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
      long values = present.size();
      long distinct = new java.util.HashSet<>(present).size();
      boolean held = values >= ID_SHARE * rows;
      if (rows == 0 || (held && distinct >= ID_SHARE * values)) {
        if (i > 0) {
          spec.mapping.put(Target.ID.key(), SourceCatalog.quoteIdentifier(ids.get(i)));
          spec.mappedColumns.put(Target.ID.key(), ids.get(i));
          spec.chosenMapping.put(Target.ID.key(), ids.get(i));
          decisions.put("id", "'" + ids.get(i) + "': " + String.join("; ", why));
        }
        return;
      }
      why.add(String.format(Locale.ROOT, held ? "'%s' has %,d distinct values in %,d rows"
          : "'%s' is empty in %,d of the first %,d rows", ids.get(i), held ? distinct : rows - values,
          held ? values : rows));
    }
    spec.mapping.remove(Target.ID.key());
    spec.mappedColumns.remove(Target.ID.key());
    spec.chosenMapping.put(Target.ID.key(), null);
    decisions.put("id", "none, each record's content is its id: " + String.join("; ", why));
  }

  /**
   * Keeps as the text the first candidate whose values are mostly words (at least half hold a
   * letter); none when no candidate's are.
   */
  private static void chooseText(SourceSpec spec, List<String> texts, Sample sample, Map<String, String> decisions) {
    long[] counts = new long[2 * texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      List<String> values = sample.strings("x" + i);
      counts[2 * i] = values.stream().filter(v -> LETTER.matcher(v).find()).count();
      counts[2 * i + 1] = values.size();
    }
    for (int i = 0; i < texts.size(); i++) {
      long words = counts[2 * i];
      long values = counts[2 * i + 1];
      if (values > 0 && words * 2 >= values) {
        if (i > 0) {
          spec.mapping.put(Target.TEXT.key(), SourceCatalog.quoteIdentifier(texts.get(i)));
          spec.mappedColumns.put(Target.TEXT.key(), texts.get(i));
          spec.chosenMapping.put(Target.TEXT.key(), texts.get(i));
          decisions.put("text", String.format(Locale.ROOT, "'%s': %s holds no words (%,d of %,d values with a "
              + "letter)", texts.get(i), "'" + String.join("', '", texts.subList(0, i)) + "'", counts[0], counts[1]));
        }
        return;
      }
    }
    spec.mapping.remove(Target.TEXT.key());
    spec.mappedColumns.remove(Target.TEXT.key());
    spec.chosenMapping.put(Target.TEXT.key(), null);
    decisions.put("text", "none: " + "'" + String.join("', '", texts) + "' hold no words");
  }

  /**
   * Keeps a label column chosen by name only when every value of the sample is a sentiment word
   * (positive, negative, neutral, or pos, neg, neu): a {@code label} of 1 and 0 may mean positive and
   * negative, which Grapevine's -1/0/1 reading would take for positive and neutral; a score or a
   * "mixed" would be quarantined row by row.
   */
  private static void checkLabel(SourceSpec spec, String label, Sample sample, Map<String, String> decisions) {
    List<String> given = sample.strings("l").stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    long values = given.size();
    long words = given.stream().filter(v -> LABEL_WORDS.contains(v.toLowerCase(Locale.ROOT))).count();
    if (values > 0 && words == values) {
      return;
    }
    spec.mapping.remove(Target.SENTIMENT_LABEL.key());
    spec.mappedColumns.remove(Target.SENTIMENT_LABEL.key());
    spec.chosenMapping.put(Target.SENTIMENT_LABEL.key(), null);
    decisions.put("sentiment_label", String.format(Locale.ROOT, "none: in '%s', %,d of the first %,d values are "
        + "not positive, negative or neutral; the texts are labelled from their words (map it with an expression "
        + "to use it)", label, values - words, values));
  }

  /** Rows a customer's name chosen by name must fill with one value before it is taken for a place's. */
  static final int SAME_NAME_ROWS = 10;

  /**
   * Leaves out a customer's name chosen by name whose every value in the sample is the same, over at
   * least {@link #SAME_NAME_ROWS} rows: that is the name of the place or product the export is about
   * (Outscraper repeats the place's as {@code name}), and masking it in each text would take the
   * product's words out of the reviews.
   */
  private static void checkName(SourceSpec spec, String name, Sample sample, Map<String, String> decisions) {
    List<String> given = sample.strings("n").stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
    if (given.size() < SAME_NAME_ROWS || new java.util.HashSet<>(given).size() > 1) {
      return;
    }
    spec.mapping.remove(Target.CUSTOMER_NAME.key());
    spec.mappedColumns.remove(Target.CUSTOMER_NAME.key());
    spec.chosenMapping.put(Target.CUSTOMER_NAME.key(), null);
    decisions.put("customer_name", String.format(Locale.ROOT, "none: '%s' holds the same value in all %,d of the "
        + "first rows that have one, a place's or product's name, not its reviewers'", name, given.size()));
  }

  /** Sets the spec's time formats to the candidate that reads the most of {@code sample}'s {@code t}. */
  private static String chooseFormats(SourceSpec spec, Dataset<Row> sample) {
    List<Column> counts = new ArrayList<>();
    counts.add(count(col("t")).as("values"));
    for (int i = 0; i < CANDIDATES.size(); i++) {
      // Only plausible times count: epoch milliseconds read as seconds land tens of thousands of years on.
      Column t = FieldMapper.parseTime(col("t"), CANDIDATES.get(i), "UTC");
      counts.add(count(org.apache.spark.sql.functions.when(t.between(
          java.sql.Timestamp.valueOf("1990-01-01 00:00:00"), java.sql.Timestamp.valueOf("2100-01-01 00:00:00")), 1))
          .as("c" + i));
    }
    Row r = sample.where(col("t").isNotNull().and(org.apache.spark.sql.functions.trim(col("t")).notEqual("")))
        .agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
    long values = r.getLong(0);
    if (values == 0) {
      return "no event time in the first " + SAMPLE_ROWS + " rows: the default formats";
    }
    int best = 0;
    for (int i = 1; i < CANDIDATES.size(); i++) {
      if (r.getLong(1 + i) > r.getLong(1 + best)) {
        best = i;
      }
    }
    long read = r.getLong(1 + best);
    if (read < MIN_READ_SHARE * values) {
      // Times the "ago from" format reads, whatever the day counted from.
      Dataset<Row> relative = sample.where(FieldMapper.ago(col("t"), java.time.LocalDate.of(2000, 1, 1)).isNotNull());
      long told = relative.count();
      if (told >= MIN_READ_SHARE * values) {
        throw new UserInputException(String.format(Locale.ROOT, "source '%s': the event times are told relative to "
            + "the day the export was taken (%,d of the first %,d, such as %s): set timestamp_formats: [\"ago from "
            + "YYYY-MM-DD\"] with that day", spec.name, told, values, String.join(", ", relative.limit(2)
                .collectAsList().stream().map(x -> "'" + x.getString(0) + "'").toList())));
      }
      // Examples of what the best candidate could not read.
      List<String> examples = sample.where(col("t").isNotNull()
              .and(FieldMapper.parseTime(col("t"), CANDIDATES.get(best), "UTC").isNull()))
          .limit(3).collectAsList().stream().map(x -> "'" + x.getString(0) + "'").toList();
      throw new UserInputException(String.format(Locale.ROOT, "source '%s': timestamp_formats auto: no known "
          + "format reads the event times (%s read %,d of %,d, such as %s); set timestamp_formats to their "
          + "pattern, such as [\"dd/MM/yyyy HH:mm\"]", spec.name, String.join(" | ", CANDIDATES.get(best)), read, values,
          String.join(", ", examples)));
    }
    List<String> chosen = new ArrayList<>(CANDIDATES.get(best));
    for (String f : FieldMapper.DEFAULT_TIME_FORMATS) {  // response times are often ISO where event times are not
      if (!chosen.contains(f)) {
        chosen.add(f);
      }
    }
    spec.timestampFormats.clear();
    spec.timestampFormats.addAll(best == 0 ? FieldMapper.DEFAULT_TIME_FORMATS : chosen);
    String note = String.format(Locale.ROOT, "%s (read %,d of the first %,d event times)",
        String.join(" | ", CANDIDATES.get(best)), read, values);
    for (int i = 0; i < CANDIDATES.size(); i++) {
      if (i != best && r.getLong(1 + i) == read && CANDIDATES.get(i).get(0).startsWith("d")
          && CANDIDATES.get(best).get(0).startsWith("M/")) {
        note += "; day-first reads them as well, none has a day above 12: if the export puts the day first, set "
            + "timestamp_formats: [\"" + CANDIDATES.get(i).get(CANDIDATES.get(i).size() - 1) + "\"]";
        break;
      }
    }
    return note;
  }

  /** Sets the spec's rating scale from the highest and lowest rating in {@code sample}'s {@code r}. */
  private static String chooseScale(SourceSpec spec, Sample sample) {
    double[] ratings = sample.numbers("r");
    if (ratings.length == 0) {
      spec.ratingMin = 1.0;
      spec.ratingMax = 5.0;
      return "[1, 5]: no numeric rating in the first " + SAMPLE_ROWS + " rows";
    }
    double low = java.util.Arrays.stream(ratings).min().orElseThrow();
    double high = java.util.Arrays.stream(ratings).max().orElseThrow();
    double max = high <= 5 ? 5 : high <= 10 ? 10 : high <= 100 ? 100 : Double.NaN;
    if (low < 0 || Double.isNaN(max)) {
      throw new UserInputException(String.format(Locale.ROOT, "source '%s': rating_scale auto: ratings run from "
          + "%s to %s (%,d ratings in the first rows), which is no 1-5, 1-10 or 0-100 scale; set rating_scale: [min, max]",
          spec.name, FieldMapper.trimNumber(low), FieldMapper.trimNumber(high), ratings.length));
    }
    spec.ratingMin = low < 1 ? 0.0 : 1.0;
    spec.ratingMax = max;
    return String.format(Locale.ROOT, "[%s, %s] (ratings from %s to %s in %,d of the first rows)",
        FieldMapper.trimNumber(spec.ratingMin), FieldMapper.trimNumber(max), FieldMapper.trimNumber(low), FieldMapper.trimNumber(high), ratings.length);
  }
}
