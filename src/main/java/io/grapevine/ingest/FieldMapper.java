package io.grapevine.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.to_utc_timestamp;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.AccountSchema;
import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Languages;
import io.grapevine.core.Sentiment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Maps an export's raw rows to Grapevine's records and checks them. The checks are declared (a
 * reason code, a failing condition, a message with the offending value) and evaluated in one pass;
 * a row that fails any of them carries the first failure's reason and message instead of being
 * dropped. Pure: Dataset in, Dataset out.
 */
public final class FieldMapper {
  /** Reason code of the first failed check, null for a good row. */
  public static final String REASON = "_gv_reason";
  public static final String MESSAGE = "_gv_message";

  public static final String IMPLAUSIBLE = "implausible_timestamp";
  public static final String NO_CONTENT = "no_content";

  /** Default time formats, tried in order, when a source declares none. */
  static final List<String> DEFAULT_TIME_FORMATS = List.of(
      "yyyy-MM-dd'T'HH:mm:ss[.SSSSSS][.SSS]XXX",
      "yyyy-MM-dd'T'HH:mm:ss[.SSSSSS][.SSS]",
      "yyyy-MM-dd HH:mm:ss[.SSS]",
      "yyyy-MM-dd");

  /** Marks a row a {@code where:} condition leaves out: not quarantined, counted as filtered. */
  public static final String FILTERED = "filtered";
  /** Targets whose values make a row usable feedback; a row with none is quarantined as no_content. */
  static final List<Target> CONTENT = List.of(Target.TEXT, Target.RATING, Target.NPS, Target.EFFORT,
      Target.TOLD_COUNT, Target.SENTIMENT_LABEL);

  private final SourceSpec spec;
  private final Privacy privacy;
  private final java.time.Instant earliest;
  private final java.time.Instant latest;
  /** Field key -> how it is read, in mapping order (targets, then attributes). */
  private final Map<String, Target.Type> fields = new LinkedHashMap<>();
  private final Map<String, String> sql = new LinkedHashMap<>();

  public FieldMapper(SourceSpec spec, Privacy privacy) {
    this(spec, privacy, new Expectations().merged(null), java.time.Instant.now());
  }

  /**
   * {@code expectations} give the plausible time range (with {@code runStart}); the other
   * expectations are judged on the counts, after the scan.
   */
  public FieldMapper(SourceSpec spec, Privacy privacy, Expectations expectations, java.time.Instant runStart) {
    this.spec = spec;
    this.privacy = privacy;
    this.earliest = expectations.earliest();
    this.latest = expectations.latest(runStart);
    sql.putAll(expressions(spec));
    sql.keySet().stream().filter(key -> Target.byKey(key) != null)
        .forEach(key -> fields.put(key, Target.byKey(key).type()));
    spec.numericAttributes.forEach(a -> fields.put(a, Target.Type.DOUBLE));
    spec.categoricalAttributes.forEach(a -> fields.put(a, Target.Type.STRING));
  }

  /**
   * The SQL expression each mapped field (targets, then attributes) is computed with. A title is
   * no field of its own: it opens the text ("Stopped charging. After two weeks the battery...").
   */
  public static Map<String, String> expressions(SourceSpec spec) {
    Map<String, String> sql = new LinkedHashMap<>();
    spec.mapping.forEach((key, expression) -> {
      if (key.equals(Target.TITLE.key())) {
        String title = "nullif(trim(CAST((" + expression + ") AS STRING)), '')";
        String text = spec.mapping.get(Target.TEXT.key());
        String body = text == null ? null : "nullif(CAST((" + text + ") AS STRING), '')";
        sql.put(Target.TEXT.key(), body == null ? title
            : "coalesce(concat(" + title + ", '. ', " + body + "), " + title + ", " + body + ")");
      } else if (!(key.equals(Target.TEXT.key()) && spec.mapping.containsKey(Target.TITLE.key()))) {
        sql.put(key, expression);
      }
    });
    spec.numericAttributes.forEach(a -> sql.put(a, SourceCatalog.quoteIdentifier(a)));
    spec.categoricalAttributes.forEach(a -> sql.put(a, SourceCatalog.quoteIdentifier(a)));
    return sql;
  }

  /** The answers on a scale: a text there that says there is none is no answer. */
  private static final java.util.Set<String> SCORES = java.util.Set.of(Target.RATING.key(), Target.NPS.key(),
      Target.EFFORT.key());
  private static final String SAYS_NONE = "^(no|not|none|without)\\b\\D*$";

  private static String in(String key) {
    return "_in_" + key;
  }

  private static String value(String key) {
    return "_v_" + key;
  }

  /** Raw rows with every mapped field read as text, typed, and checked. */
  public Dataset<Row> check(Dataset<Row> raw) {
    List<Column> inputs = new ArrayList<>(List.of(col("*")));
    sql.forEach((key, expression) -> {
      Column text = nullTokens(expr(expression).cast(DataTypes.StringType));
      if (SCORES.contains(key)) {
        // A review page's "No Rating Available", a survey's "Not answered": no score, not a bad one.
        text = when(lower(trim(text)).rlike(SAYS_NONE), lit(null)).otherwise(text);
      }
      inputs.add(text.as(in(key)));
    });
    if (spec.where != null) {
      inputs.add(functions.coalesce(expr(spec.where).cast(DataTypes.BooleanType), lit(false)).as(KEEP));
    }
    Dataset<Row> read = raw.select(inputs.toArray(Column[]::new));
    Column repaired = lit(false);
    if (spec.options.repairMojibake) {
      org.apache.spark.sql.expressions.UserDefinedFunction repair =
          functions.udf(new Mojibake.Repair(), DataTypes.StringType);
      for (Target t : List.of(Target.TEXT, Target.RESPONSE_TEXT, Target.SUBJECT, Target.CUSTOMER_NAME)) {
        if (fields.containsKey(t.key())) {
          read = read.withColumn("_gv_was_" + t.key(), col(in(t.key())))
              .withColumn(in(t.key()), repair.apply(col(in(t.key()))));
          repaired = repaired.or(functions.coalesce(col(in(t.key())).notEqual(col("_gv_was_" + t.key())), lit(false)));
        }
      }
    }
    read = read.withColumn(REPAIRED, repaired);
    if (spec.options.stripHtml) {
      org.apache.spark.sql.expressions.UserDefinedFunction plain = functions.udf(new HtmlText.Plain(), DataTypes.StringType);
      for (Target t : List.of(Target.TEXT, Target.RESPONSE_TEXT)) {
        if (fields.containsKey(t.key())) {
          read = read.withColumn(in(t.key()), plain.apply(col(in(t.key()))));
        }
      }
    }

    List<Column> typed = new ArrayList<>(List.of(col("*")));
    fields.forEach((key, type) -> typed.add(typed(col(in(key)), type).as(value(key))));
    // The first field holding a NUL byte, searched once per row: the checks below only read it.
    // (contains scans bytes; instr steps through characters and cost a quarter of ingest.)
    Column nul = lit(null).cast(DataTypes.StringType);
    List<String> keys = new ArrayList<>(fields.keySet());
    for (int i = keys.size() - 1; i >= 0; i--) {
      nul = when(col(in(keys.get(i))).contains("\u0000"), lit(keys.get(i))).otherwise(nul);
    }
    typed.add(nul.as(NUL_FIELD));
    Dataset<Row> withValues = read.select(typed.toArray(Column[]::new));

    // The reason is decided for every row; the message only for the rows that have one, so a
    // good row pays for each check once.
    List<Check> checks = checks();
    Column reason = lit(null).cast(DataTypes.StringType);
    Column message = lit(null).cast(DataTypes.StringType);
    for (int i = checks.size() - 1; i >= 0; i--) {
      Check c = checks.get(i);
      reason = when(c.fails, lit(c.reason)).otherwise(reason);
      message = when(c.fails, c.message).otherwise(message);
    }
    return withValues.withColumn(REASON, DECIDED_HERE.apply(reason))
        .withColumn(MESSAGE, when(col(REASON).isNotNull(), message))
        .drop(NUL_FIELD);
  }

  /**
   * The reason as it is, marked nondeterministic so that Spark decides it in this projection, once
   * per row. Otherwise the optimizer pushes each later filter on the reason (accepted rows, the
   * quarantine) down to the scan with every check inlined into one predicate, too large for
   * whole-stage code generation; the fallback re-parsed each field once per check and doubled the
   * whole ingest stage's CPU (docs/benchmarks.md).
   */
  private static final org.apache.spark.sql.expressions.UserDefinedFunction DECIDED_HERE = functions.udf(
      (org.apache.spark.sql.api.java.UDF1<String, String>) reason -> reason, DataTypes.StringType)
      .asNondeterministic();

  private static final String NUL_FIELD = "_gv_nul_field";

  private record Check(String reason, Column fails, Column message) {}

  private static final String KEEP = "_gv_keep";
  private static final String BAD_ENCODING = "bad_encoding: ";
  private static final String MALFORMED = "malformed_record: ";

  private List<Check> checks() {
    List<Check> checks = new ArrayList<>();
    if (spec.where != null) {
      checks.add(new Check(FILTERED, functions.not(col(KEEP)), lit("left out by the source's where: condition")));
    }
    Column error = col(RawColumns.ERROR);
    checks.add(new Check("bad_encoding", error.startsWith(BAD_ENCODING),
        functions.substring(error, BAD_ENCODING.length() + 1, 100_000)));
    checks.add(new Check("malformed_record", error.isNotNull(),
        when(error.startsWith(MALFORMED), functions.substring(error, MALFORMED.length() + 1, 100_000))
            .otherwise(format_string("the record could not be split into fields: %s", error))));
    for (Target t : Target.required(spec.kind)) {
      checks.add(new Check("missing_" + t.key(), col(in(t.key())).isNull(),
          lit(String.format("%s is empty; it is required (mapped from %s)", t.key(), sql.get(t.key())))));
    }
    if (fields.containsKey(Target.ID.key())) {
      checks.add(new Check("missing_id", col(in(Target.ID.key())).isNull(),
          lit(String.format("the export's id (%s) is empty", sql.get(Target.ID.key())))));
    }
    // A NUL byte in any value: BI tools and many readers cut text there.
    checks.add(new Check("bad_characters", col(NUL_FIELD).isNotNull(),
        format_string("%s holds a NUL byte (0x00), which is not text", col(NUL_FIELD))));
    fields.forEach((key, type) -> {
      if (type == Target.Type.STRING || type == Target.Type.IDENTIFIER || type == Target.Type.LANGUAGE) {
        return;
      }
      String expected = switch (type) {
        case TIMESTAMP -> "a time in one of the formats " + timeFormats();
        case BOOLEAN -> "yes/no, true/false or 1/0";
        case INT, LONG -> "a whole number";
        default -> "a number";
      };
      String reason = type == Target.Type.TIMESTAMP ? "bad_timestamp"
          : type == Target.Type.BOOLEAN ? "bad_boolean" : "bad_number";
      checks.add(new Check(reason, col(in(key)).isNotNull().and(col(value(key)).isNull()),
          format_string("%s: cannot read '%s' as %s", lit(key), col(in(key)), lit(expected))));
    });
    if (spec.kind == SourceSpec.Kind.FEEDBACK) {
      for (Target t : List.of(Target.EVENT_TS, Target.EXPERIENCE_TS, Target.RESPONSE_TS, Target.RESOLVED_TS)) {
        if (fields.containsKey(t.key())) {
          Column ts = col(value(t.key()));
          checks.add(new Check(IMPLAUSIBLE, ts.lt(lit(java.sql.Timestamp.from(earliest)))
              .or(ts.gt(lit(java.sql.Timestamp.from(latest)))),
              format_string("%s %s is outside the plausible range %s..%s (expectations.not_before, "
                  + "not_after_days): a placeholder date?", lit(t.key()), date_format(ts, "yyyy-MM-dd HH:mm:ss"),
                  lit(earliest.toString().substring(0, 10)), lit(latest.toString().substring(0, 10)))));
        }
      }
    }
    if (fields.containsKey(Target.RATING.key())) {
      Column r = col(value(Target.RATING.key()));
      checks.add(new Check("rating_out_of_range",
          r.lt(spec.ratingMin).or(r.gt(spec.ratingMax)),
          format_string("rating %s is outside the declared scale %s..%s", r,
              lit(trimNumber(spec.ratingMin)), lit(trimNumber(spec.ratingMax)))));
    }
    if (fields.containsKey(Target.EFFORT.key())) {
      Column e = col(value(Target.EFFORT.key()));
      checks.add(new Check("effort_out_of_range",
          e.lt(spec.effortMin).or(e.gt(spec.effortMax)),
          format_string("effort %s is outside the declared scale %s..%s", e,
              lit(trimNumber(spec.effortMin)), lit(trimNumber(spec.effortMax)))));
    }
    if (fields.containsKey(Target.NPS.key())) {
      Column n = col(value(Target.NPS.key()));
      checks.add(new Check("nps_out_of_range", n.lt(0).or(n.gt(10)),
          format_string("nps %s is outside 0..10", n)));
    }
    for (Target count : List.of(Target.TOLD_COUNT, Target.REACH)) {
      if (fields.containsKey(count.key())) {
        Column v = col(value(count.key()));
        checks.add(new Check("negative_count", v.lt(0),
            format_string("%s %s is negative", lit(count.key()), v)));
      }
    }
    if (fields.containsKey(Target.SENTIMENT_LABEL.key())) {
      Column in = col(in(Target.SENTIMENT_LABEL.key()));
      checks.add(new Check("bad_label", in.isNotNull().and(label(in).isNull()),
          format_string("sentiment label '%s' is not negative, neutral or positive", in)));
    }
    if (spec.kind == SourceSpec.Kind.FEEDBACK) {
      Column none = lit(true);
      List<String> mapped = new ArrayList<>();
      for (Target t : CONTENT) {
        if (fields.containsKey(t.key())) {
          none = none.and(col(value(t.key())).isNull());
          mapped.add(t.key());
        }
      }
      checks.add(new Check(NO_CONTENT, none, lit(mapped.isEmpty()
          ? "the source maps none of text, rating, nps, effort, told_count, sentiment_label"
          : "no usable content: " + String.join(", ", mapped) + " are all empty")));
    }
    return checks;
  }

  /** An effort answer as ease in 0..1, 1 at the easy end of the declared scale. */
  private Column ease(Column effort) {
    Column up = effort.minus(spec.effortMin).divide(spec.effortMax - spec.effortMin);
    return spec.effortEasyHigh ? up : lit(1.0).minus(up);
  }

  /** Accepted-or-not rows in the canonical feedback shape, plus reason and message. */
  public Dataset<Row> toFeedback(Dataset<Row> checked, String runId) {
    List<Column> out = new ArrayList<>();
    Column label = fields.containsKey(Target.SENTIMENT_LABEL.key())
        ? label(col(in(Target.SENTIMENT_LABEL.key()))) : lit(null).cast(DataTypes.StringType);
    Column rating = field(Target.RATING);
    Column eventTs = field(Target.EVENT_TS);
    for (String name : FeedbackSchema.SCHEMA.fieldNames()) {
      Column c = switch (name) {
        case FeedbackSchema.FEEDBACK_ID -> feedbackId();
        case FeedbackSchema.IN_REPLY_TO -> fields.containsKey(Target.IN_REPLY_TO.key())
            ? when(field(Target.IN_REPLY_TO).isNotNull(), hashedId(field(Target.IN_REPLY_TO))) : lit(null);
        case FeedbackSchema.SOURCE -> lit(spec.name);
        case FeedbackSchema.CHANNEL -> lit(spec.channel);
        case FeedbackSchema.CUSTOMER_KEY -> privacy.pseudonym(field(Target.CUSTOMER));
        case FeedbackSchema.RATING_MIN -> when(rating.isNotNull(), lit(spec.ratingMin));
        case FeedbackSchema.RATING_MAX -> when(rating.isNotNull(), lit(spec.ratingMax));
        case FeedbackSchema.SCORE -> spec.ratingMin == null ? lit(null)
            : rating.minus(spec.ratingMin).divide(spec.ratingMax - spec.ratingMin);
        case FeedbackSchema.EFFORT_EASE -> spec.effortMin == null ? lit(null).cast(DataTypes.DoubleType)
            : ease(field(Target.EFFORT));
        case FeedbackSchema.EFFORT_TOP_TWO -> spec.effortMin == null ? lit(null).cast(DataTypes.BooleanType)
            // The two easiest points of a scale of (max - min + 1) points.
            : ease(field(Target.EFFORT)).geq(1 - 1 / (spec.effortMax - spec.effortMin) - 1e-9);
        // Salutations are masked in what the company wrote: a reply, or its message in a conversation.
        case FeedbackSchema.TEXT -> Privacy.mask(field(Target.TEXT), customerName(), field(Target.FROM_COMPANY), spec.publicHandles);
        case FeedbackSchema.RESPONSE_TEXT -> Privacy.mask(field(Target.RESPONSE_TEXT), customerName(), lit(true), spec.publicHandles);
        // A subject that is a number alone is an id (a shop's product 7001234567), not a phone or a card.
        case FeedbackSchema.SUBJECT -> when(trim(field(Target.SUBJECT)).rlike("^[0-9]{1,24}$"),
            trim(field(Target.SUBJECT))).otherwise(Privacy.mask(field(Target.SUBJECT), customerName(), lit(false), spec.publicHandles));
        case FeedbackSchema.SENTIMENT_LABEL -> label;
        // Declared languages are a prior for detection, here where the catalog is known; a mapped
        // language wins, and a source that declares none is detected by enrich.
        case FeedbackSchema.LANGUAGE -> {
          Column mapped = fields.containsKey(Target.LANGUAGE.key()) ? field(Target.LANGUAGE)
              : lit(null).cast(DataTypes.StringType);
          yield spec.languages.isEmpty() ? mapped
              : coalesce(mapped, Languages.detect(field(Target.TEXT), spec.languages));
        }
        case FeedbackSchema.SENTIMENT -> when(label.equalTo(Sentiment.NEGATIVE), -1.0)
            .when(label.equalTo(Sentiment.NEUTRAL), 0.0).when(label.equalTo(Sentiment.POSITIVE), 1.0);
        case FeedbackSchema.SENTIMENT_BASIS -> when(label.isNotNull(), lit(Sentiment.BASIS_LABEL));
        case FeedbackSchema.INGEST_FILE -> col(RawColumns.FILE);
        case FeedbackSchema.INGEST_ROW -> col(RawColumns.LINE);
        case FeedbackSchema.RUN_ID -> lit(runId);
        default -> {
          Target t = targetFor(name);
          yield t == null ? lit(null) : field(t);
        }
      };
      out.add(c.cast(FeedbackSchema.typeOf(name)).as(name));
    }
    // An implausible time says nothing about the month: such a row is the run month's reject.
    out.add(when(col(REASON).equalTo(IMPLAUSIBLE), lit(null).cast(DataTypes.StringType))
        .otherwise(date_format(eventTs, "yyyy-MM")).as(FeedbackSchema.REPORT_MONTH));
    out.add(col(REASON));
    out.add(col(MESSAGE));
    // The raw record only where it is needed, in the quarantine: masked, the customer pseudonymized.
    out.add(when(col(REASON).isNotNull(), privacy.maskRaw(col(RawColumns.RAW), rawField(Target.CUSTOMER),
        customerName(), personalFields(checked.schema()), spec.publicHandles)).as(RawColumns.RAW));
    // The export's own id, for naming the likely cause when ids repeat.
    out.add((fields.containsKey(Target.ID.key()) ? col(in(Target.ID.key())) : lit(null).cast(DataTypes.StringType))
        .as(EXPORT_ID));
    out.add(col(REPAIRED));
    return checked.select(out.toArray(Column[]::new));
  }

  /** Whether mojibake was undone in one of the row's texts (options.repair_mojibake). */
  public static final String REPAIRED = "_gv_repaired";

  /** The export's own id as text, beside the hashed feedback_id. */
  public static final String EXPORT_ID = "_gv_export_id";

  /** Account rows: id, pseudonymized contact, dates and the declared attributes. */
  public Dataset<Row> toAccounts(Dataset<Row> checked, String runId, String runMonth) {
    List<Column> out = new ArrayList<>();
    out.add(field(Target.ACCOUNT_ID).as(AccountSchema.ACCOUNT_ID));
    out.add(privacy.pseudonym(field(Target.CUSTOMER)).as(AccountSchema.CUSTOMER_KEY));
    out.add(field(Target.SIGNUP_TS).cast(DataTypes.TimestampType).as(AccountSchema.SIGNUP_TS));
    out.add(field(Target.CHURN_TS).cast(DataTypes.TimestampType).as(AccountSchema.CHURN_TS));
    out.add(field(Target.CHURNED).cast(DataTypes.BooleanType).as(AccountSchema.CHURNED));
    out.add(field(Target.VALUE).cast(DataTypes.DoubleType).divide(lit(spec.valuePeriodMonths))
        .as(AccountSchema.VALUE_PER_MONTH));
    for (String a : spec.numericAttributes) {
      out.add(col(value(a)).as(AccountSchema.attributeColumn(a)));
    }
    for (String a : spec.categoricalAttributes) {
      out.add(col(value(a)).as(AccountSchema.attributeColumn(a)));
    }
    out.add(lit(spec.name).as(FeedbackSchema.SOURCE));
    out.add(col(RawColumns.FILE).as(FeedbackSchema.INGEST_FILE));
    out.add(col(RawColumns.LINE).as(FeedbackSchema.INGEST_ROW));
    out.add(lit(runId).as(FeedbackSchema.RUN_ID));
    out.add(lit(runMonth).as(FeedbackSchema.REPORT_MONTH));
    out.add(col(REASON));
    out.add(col(MESSAGE));
    // The raw record only where it is needed, in the quarantine: masked, the customer pseudonymized.
    out.add(when(col(REASON).isNotNull(), privacy.maskRaw(col(RawColumns.RAW), rawField(Target.CUSTOMER),
        lit(null).cast(DataTypes.StringType), personalFields(checked.schema()), spec.publicHandles)).as(RawColumns.RAW));
    return checked.select(out.toArray(Column[]::new));
  }

  private Column field(Target t) {
    return fields.containsKey(t.key()) ? col(value(t.key())) : lit(null);
  }

  /** A field as the export wrote it (text), or null when unmapped. */
  private Column rawField(Target t) {
    return fields.containsKey(t.key()) ? col(in(t.key())) : lit(null).cast(DataTypes.StringType);
  }

  /**
   * The values of the source's {@code personal_fields} that the export has and that hold one value
   * (not a document or a list), and of the fields found to be a person's, as text; an empty array when
   * there are none.
   */
  private Column personalFields(org.apache.spark.sql.types.StructType schema) {
    List<Column> present = new ArrayList<>();
    // The declared ones, and those whose names say they are a person's (PersonalFields), which the
    // manifest lists.
    List<String> read = new ArrayList<>(spec.mapping.values());
    read.addAll(spec.chosenMapping.values());
    read.addAll(spec.numericAttributes);
    read.addAll(spec.categoricalAttributes);
    java.util.LinkedHashSet<String> paths = new java.util.LinkedHashSet<>(spec.personalFields);
    for (String found : PersonalFields.find(schema, read)) {
      if (paths.add(found) && !spec.personalFieldsFound.contains(found)) {
        spec.personalFieldsFound.add(found);
      }
    }
    for (String path : paths) {
      org.apache.spark.sql.types.DataType type = DocumentExportReader.typeAt(schema, path);
      if (type != null && !(type instanceof org.apache.spark.sql.types.StructType)
          && !(type instanceof org.apache.spark.sql.types.ArrayType) && !(type instanceof org.apache.spark.sql.types.MapType)) {
        present.add(col(java.util.Arrays.stream(path.split("\\.")).map(SourceCatalog::quoteIdentifier)
            .collect(java.util.stream.Collectors.joining("."))).cast(DataTypes.StringType));
      }
    }
    return org.apache.spark.sql.functions.array(present.toArray(Column[]::new)).cast("array<string>");
  }

  /** The customer's name, masked wherever it recurs in the row; null when the source maps none. */
  private Column customerName() {
    return rawField(Target.CUSTOMER_NAME);
  }

  private static Target targetFor(String column) {
    for (Target t : Target.values()) {
      if (column.equals(t.column())) {
        return t;
      }
    }
    return null;
  }

  /** Stable id: hash of the source's name and the export's id, or of the whole record without one. */
  private Column feedbackId() {
    Column identity = fields.containsKey(Target.ID.key())
        ? field(Target.ID)
        : trim(col(RawColumns.RAW));
    return hashedId(identity);
  }

  /** The {@code feedback_id} of an export id of this source. */
  private Column hashedId(Column exportId) {
    return substring(sha2(concat_ws("\u0001", lit(spec.name), exportId), 256), 1, 32);
  }

  private Column nullTokens(Column c) {
    return when(trim(c).isin(spec.options.nullValues.toArray()).or(trim(c).equalTo("")), lit(null))
        .otherwise(c);
  }

  private Column typed(Column text, Target.Type type) {
    return switch (type) {
      case LANGUAGE -> Languages.code(text);
      case STRING -> text;
      // One export's 10952.0 (pandas, a column with a gap) is another's 10952: the same account.
      case IDENTIFIER -> when(text.endsWith(".0").and(text.rlike("^[0-9]+[.]0$")),
          functions.regexp_replace(text, "[.]0$", "")).otherwise(text);
      case TIMESTAMP -> parseTime(text, timeFormats(), spec.timezone);
      case DOUBLE -> trim(text).try_cast(DataTypes.DoubleType);
      case RATING -> rating(text);
      case INT -> whole(text, DataTypes.IntegerType);
      case LONG -> whole(text, DataTypes.LongType);
      case BOOLEAN -> {
        Column v = lower(trim(text));
        yield when(v.isin("true", "yes", "y", "1", "t"), lit(true))
            .when(v.isin("false", "no", "n", "0", "f"), lit(false));
      }
    };
  }

  /** A number, then words and units around it, as rating columns write them (lower case). */
  private static final String RATING_WORDS = "^(?:(?:rated|rating|score|note|bewertet mit|оценка)\\s*:?\\s*)?"
      + "(\\d+(?:[.,]\\d+)?)\\s*(?:(?:/|out of|of|von|sur|su|de|из)\\s*"
      + "\\d+(?:[.,]\\d+)?)?\\s*(?:stars?|sterne|[ée]toiles?|estrellas?|stelle|звезд\\p{L}*|\\*)?$";

  /**
   * A rating as exports write it: a number ({@code 4}, {@code 4.5}, a decimal comma {@code 4,5}), the
   * number with its scale or unit ({@code 4/5}, {@code 4.0 out of 5 stars}, {@code 4 Sterne}), or
   * stars drawn ({@code ★★★★☆}: the black ones). Anything else is no number (quarantined as
   * {@code bad_number}). The plain number is tried first; the rest costs only where it is not one.
   */
  static Column rating(Column text) {
    Column t = trim(text);
    Column drawn = when(t.rlike("^[★☆]+$"),
        functions.length(functions.regexp_replace(t, "[^★]", "")).cast(DataTypes.DoubleType));
    Column worded = functions.nullif(functions.regexp_extract(lower(t), RATING_WORDS, 1), lit(""));
    return coalesce(t.try_cast(DataTypes.DoubleType), drawn,
        functions.regexp_replace(worded, ",", ".").try_cast(DataTypes.DoubleType));
  }

  /** A whole number, also when written as {@code 3.0} or {@code 5.7E+17}. */
  private static Column whole(Column text, DataType type) {
    Column d = trim(text).try_cast(DataTypes.DoubleType);
    return when(d.equalTo(floor(d)), d.try_cast(type));
  }

  private List<String> timeFormats() {
    return spec.timestampFormats.isEmpty() ? DEFAULT_TIME_FORMATS : spec.timestampFormats;
  }

  /**
   * The first of {@code formats} that reads the text; times without an offset are taken in the
   * source's zone and stored as UTC.
   */
  static Column parseTime(Column text, List<String> formats, String zone) {
    // A remark in brackets after the time ("10:00 PDT (edited)") is set aside; a zone in brackets
    // ("10:00 (UTC)") is read as a zone written after the time.
    Column whole = when(functions.rtrim(text).endsWith(")"), trim(functions.regexp_replace(
        functions.regexp_replace(text, "\\s*\\((" + ZONE_NAMES + ")\\)\\s*$", " $1"), "\\s*\\([^()]*\\)\\s*$", "")))
        .otherwise(trim(text));
    // A time that ends in a zone's abbreviation ("8:12 AM PDT", "2026-10-03 08:12:44 UTC") is read
    // without it, as written there, then moved by that zone's offset. Only values that end as an
    // abbreviation does pay for the pattern.
    Column offset = functions.try_element_at(ZONE_OFFSETS, when(endsAsAZone(whole),
        functions.regexp_extract(whole, ZONE_SUFFIX, 1)));
    Column t = when(offset.isNull(), whole).otherwise(functions.regexp_replace(whole, ZONE_SUFFIX, ""));
    return parseLocal(whole, t, coalesce(functions.negate(offset), lit(0)), formats,
        zone.equals("UTC") ? null : when(offset.isNull(), lit(zone)).otherwise(lit("UTC")));
  }

  /**
   * Zones that exports name by abbreviation, with their offsets in seconds: North America's (CST is
   * Central Standard Time, as US tools mean it), Europe's, Australia's and New Zealand's, and a few of
   * Asia's. Ambiguous ones (IST: India, Ireland or Israel) are left out, so such a time is not read.
   */
  private static final Map<String, Integer> ZONE_ABBREVIATIONS = Map.ofEntries(
      Map.entry("UTC", 0), Map.entry("GMT", 0), Map.entry("PST", -8 * 3600), Map.entry("PDT", -7 * 3600),
      Map.entry("MST", -7 * 3600), Map.entry("MDT", -6 * 3600), Map.entry("CST", -6 * 3600),
      Map.entry("CDT", -5 * 3600), Map.entry("EST", -5 * 3600), Map.entry("EDT", -4 * 3600),
      Map.entry("AKST", -9 * 3600), Map.entry("AKDT", -8 * 3600), Map.entry("HST", -10 * 3600),
      Map.entry("AST", -4 * 3600), Map.entry("ADT", -3 * 3600), Map.entry("NST", -12_600), Map.entry("NDT", -9_000),
      Map.entry("WET", 0), Map.entry("WEST", 3600), Map.entry("BST", 3600), Map.entry("CET", 3600),
      Map.entry("CEST", 2 * 3600), Map.entry("EET", 2 * 3600), Map.entry("EEST", 3 * 3600), Map.entry("MSK", 3 * 3600),
      Map.entry("HKT", 8 * 3600), Map.entry("SGT", 8 * 3600), Map.entry("AWST", 8 * 3600), Map.entry("JST", 9 * 3600),
      Map.entry("KST", 9 * 3600), Map.entry("ACST", 34_200), Map.entry("ACDT", 37_800), Map.entry("AEST", 10 * 3600),
      Map.entry("AEDT", 11 * 3600), Map.entry("NZST", 12 * 3600), Map.entry("NZDT", 13 * 3600));
  private static final String ZONE_NAMES = String.join("|", new java.util.TreeSet<>(ZONE_ABBREVIATIONS.keySet()));
  private static final String ZONE_SUFFIX = "\\s+(" + ZONE_NAMES + ")$";
  /**
   * Whether {@code text} ends as one of {@link #ZONE_ABBREVIATIONS} may: in T (most of them), else in
   * the whole abbreviation (UTC, MSK), a cheap test before the pattern.
   */
  private static Column endsAsAZone(Column text) {
    Column ends = text.endsWith("T");
    for (String zone : new java.util.TreeSet<>(ZONE_ABBREVIATIONS.keySet())) {
      if (!zone.endsWith("T")) {
        ends = ends.or(text.endsWith(zone));
      }
    }
    return ends;
  }

  private static final Column ZONE_OFFSETS = functions.map(ZONE_ABBREVIATIONS.entrySet().stream()
      .flatMap(e -> java.util.stream.Stream.of(lit(e.getKey()), lit(e.getValue()))).toArray(Column[]::new));

  /**
   * {@link #parseTime} of a trimmed text {@code whole}: a format that reads a zone reads it whole; the
   * others read {@code t} (without a zone's abbreviation), in {@code zone} (null: UTC), moved by
   * {@code shift} seconds (the abbreviation's offset, else 0).
   */
  private static Column parseLocal(Column whole, Column t, Column shift, List<String> formats, Column zone) {
    List<Column> tries = new ArrayList<>();
    if (formats.equals(DEFAULT_TIME_FORMATS) && zone == null) {
      // Spark's own reading of ISO 8601 (the session is in UTC) takes what the default formats
      // take, several times faster than a pattern; the patterns follow for anything it refuses.
      // A trailing Z (UTC) is dropped first: Spark looks a zone up with a regular expression per row.
      Column iso = when(t.endsWith("Z"), functions.left(t, functions.length(t).minus(1))).otherwise(t);
      tries.add(functions.timestamp_add("SECOND", shift, when(functions.length(t).geq(10)
          .and(substring(t, 5, 1).equalTo("-")).and(substring(t, 8, 1).equalTo("-")), iso.try_cast(DataTypes.TimestampType))));
    }
    for (String f : formats) {
      if (f.startsWith(AGO_FROM)) {
        tries.add(ago(whole, java.time.LocalDate.parse(f.substring(AGO_FROM.length()).trim())));
        continue;
      }
      tries.add(switch (f) {
        // pandas writes a column of whole numbers with a gap in it as floats: 1791000000.0.
        case "epoch_seconds" -> coalesce(timestamp_seconds(whole.try_cast(DataTypes.LongType)),
            timestamp_seconds(whole.try_cast(DataTypes.createDecimalType(20, 6))));
        case "epoch_millis" -> coalesce(timestamp_millis(whole.try_cast(DataTypes.LongType)),
            timestamp_millis(whole(whole, DataTypes.LongType)));
        default -> {
          // Spark parses no day of the week: a pattern that starts with one ("EEE MMM d HH:mm:ss Z yyyy",
          // Twitter's) reads the rest of the value, the weekday before it set aside.
          String p = withoutWeekday(f);
          boolean zoned = hasOffset(f);
          Column text = zoned ? whole : t;
          Column v = p.equals(f) ? text : functions.regexp_replace(text, "^\\p{L}+\\.?,?\\s+", "");
          Column local = try_to_timestamp(p.contains("MMM") ? monthNamed(v) : v, lit(p));
          yield zoned ? local : functions.timestamp_add("SECOND", shift, zone == null ? local : to_utc_timestamp(local, zone));
        }
      });
    }
    return coalesce(tries.toArray(Column[]::new));
  }

  /**
   * The format of times told relative to the day an export was taken ("3 months ago", "a week ago",
   * "yesterday", as scraped review pages show them): {@code "ago from 2023-06-15"}.
   */
  static final String AGO_FROM = "ago from ";
  /** A time told relative to now, in English; Google Maps adds "Edited" to a review changed since. */
  private static final String AGO = "^(?:edited\\s+)?(a|an|one|\\d+)\\s+(second|minute|hour|day|week|month|year)s?\\s+ago$";

  /**
   * {@code text} ("3 months ago") counted back from the start of {@code from}: seconds to weeks
   * exactly, months and years by the calendar. As precise as the page that showed it ("a year ago" is
   * anything from one year to two).
   */
  static Column ago(Column text, java.time.LocalDate from) {
    Column low = agoInEnglish(text);
    Column count = functions.regexp_extract(low, AGO, 1);
    Column unit = functions.regexp_extract(low, AGO, 2);
    Column n = when(count.isin("a", "an", "one"), lit(1L)).otherwise(count.try_cast(DataTypes.LongType));
    long start = from.atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
    Column seconds = when(unit.equalTo("second"), n).when(unit.equalTo("minute"), n.multiply(60))
        .when(unit.equalTo("hour"), n.multiply(3_600)).when(unit.equalTo("day"), n.multiply(86_400))
        .when(unit.equalTo("week"), n.multiply(604_800));
    Column months = when(unit.equalTo("month"), n).when(unit.equalTo("year"), n.multiply(12));
    return coalesce(
        when(low.equalTo("yesterday"), timestamp_seconds(lit(start - 86_400))),
        when(low.isin("today", "just now"), timestamp_seconds(lit(start))),
        timestamp_seconds(lit(start).minus(seconds)),
        functions.add_months(lit(java.sql.Date.valueOf(from)), functions.negate(months).cast(DataTypes.IntegerType))
            .cast(DataTypes.TimestampType));
  }

  /**
   * A relative time in French, German, Spanish or Dutch as its English form, lower case ("il y a 3
   * mois", "vor einem Jahr", "hace 2 días", "3 maanden geleden", "gestern": "3 mois ago" read as "3 month
   * ago", "1 year ago", ...); English as it is.
   */
  private static Column agoInEnglish(Column text) {
    Column c = lower(trim(text));
    c = functions.regexp_replace(c, "^(?:modifié\\s+)?il y a\\s+(.+)$", "$1 ago");
    c = functions.regexp_replace(c, "^(?:bearbeitet:?\\s+)?vor\\s+(.+)$", "$1 ago");
    c = functions.regexp_replace(c, "^(?:editado\\s+)?hace\\s+(.+)$", "$1 ago");
    c = functions.regexp_replace(c, "^(.+?)\\s+geleden$", "$1 ago");
    c = functions.regexp_replace(c, "^(un|une|ein|eine|einem|einer|einen|uno|una|een)\\s", "1 ");
    for (String[] unit : AGO_UNITS) {
      c = functions.regexp_replace(c, "\\s(" + unit[1] + ")\\s", " " + unit[0] + " ");
    }
    c = functions.regexp_replace(c, "^(hier|gestern|ayer|gisteren)$", "yesterday");
    return functions.regexp_replace(c, "^(aujourd'hui|heute|hoy|vandaag)$", "today");
  }

  /** Each unit of a relative time and its words in French, German, Spanish and Dutch. */
  private static final String[][] AGO_UNITS = {
      {"second", "secondes?|sekunden?|segundos?|seconden?"},
      {"minute", "minuten?|minutos?|minuut"},
      {"hour", "heures?|stunden?|horas?|uur"},
      {"day", "jours?|tage?n?|d[ií]as?|dagen|dag"},
      {"week", "semaines?|wochen?|semanas?|weken"},
      {"month", "mois|monate?n?|mes(?:es)?|maand(?:en)?"},
      {"year", "ans?|années?|jahre?n?|años?|jaar|jaren"}};

  /**
   * A date with its month by name, as review pages write it, made readable by a pattern: without the
   * words before it ("Reviewed Sept. 13, 2023", Amazon's "Reviewed in India on 11 August 2021",
   * "Date of experience: 12 March 2024"), the abbreviation's dot and "Sept" for "Sep", and without an
   * ordinal day's suffix ("19th November 2023").
   */
  static Column monthNamed(Column v) {
    Column c = functions.regexp_replace(v,
        "(?i)^(reviewed|posted|written|published|updated|edited|date of [a-z]+:?)(\\s+in\\s+[^0-9]+?\\s+on)?\\s+", "");
    c = functions.regexp_replace(c, "(?i)\\bsept\\b", "Sep");
    c = functions.regexp_replace(c, "\\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\\.", "$1");
    return functions.regexp_replace(c, "(\\d)(st|nd|rd|th)\\b", "$1");
  }

  /** A time pattern without its leading day of the week ("EEE, d MMM yyyy" is "d MMM yyyy"). */
  static String withoutWeekday(String pattern) {
    return pattern.replaceFirst("^E{1,4}\\.?,?\\s+", "");
  }

  /**
   * The letters of a pattern that Spark cannot parse with once its leading weekday is set aside
   * (a day of the week elsewhere, week-based fields, quarters, {@code u} for the year); empty when it can.
   * Spark 4.1 refuses each of them at run time (INVALID_DATETIME_PATTERN, DATETIME_WEEK_BASED_PATTERN).
   */
  static String unparseableLetters(String pattern) {
    String unquoted = withoutWeekday(pattern).replaceAll("'[^']*'", "");
    StringBuilder found = new StringBuilder();
    for (char c : "EeucwWYFQqAnNp".toCharArray()) {
      if (unquoted.indexOf(c) >= 0) {
        found.append(c);
      }
    }
    return found.toString();
  }

  private static boolean hasOffset(String pattern) {
    String unquoted = pattern.replaceAll("'[^']*'", "");
    return unquoted.matches(".*[XxZOVz].*");
  }

  /** A source's sentiment label in Grapevine's vocabulary, or null when it is not one. */
  static Column label(Column text) {
    Column v = lower(trim(text));
    return when(v.isin("negative", "neg", "-1"), lit(Sentiment.NEGATIVE))
        .when(v.isin("neutral", "neu", "0"), lit(Sentiment.NEUTRAL))
        .when(v.isin("positive", "pos", "1"), lit(Sentiment.POSITIVE));
  }

  /** A number as a catalog writes it: 5, not 5.0. */
  static String trimNumber(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
