package io.grapevine.ingest;

import io.grapevine.core.AccountSchema;
import io.grapevine.core.FeedbackSchema;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The fields a catalog mapping may fill, with the type each is read as. */
public enum Target {
  ID(SourceSpec.Kind.FEEDBACK, Type.IDENTIFIER, null),
  CUSTOMER(null, Type.IDENTIFIER, FeedbackSchema.CUSTOMER_KEY),
  ACCOUNT_ID(null, Type.IDENTIFIER, FeedbackSchema.ACCOUNT_ID),
  SUBJECT(SourceSpec.Kind.FEEDBACK, Type.STRING, FeedbackSchema.SUBJECT),
  EVENT_TS(SourceSpec.Kind.FEEDBACK, Type.TIMESTAMP, FeedbackSchema.EVENT_TS),
  EXPERIENCE_TS(SourceSpec.Kind.FEEDBACK, Type.TIMESTAMP, FeedbackSchema.EXPERIENCE_TS),
  RATING(SourceSpec.Kind.FEEDBACK, Type.RATING, FeedbackSchema.RATING),
  NPS(SourceSpec.Kind.FEEDBACK, Type.INT, FeedbackSchema.NPS),
  EFFORT(SourceSpec.Kind.FEEDBACK, Type.DOUBLE, FeedbackSchema.EFFORT),
  TEXT(SourceSpec.Kind.FEEDBACK, Type.STRING, FeedbackSchema.TEXT),
  /** A title or summary the export keeps apart from the text: it opens the text ({@link FieldMapper#expressions}). */
  TITLE(SourceSpec.Kind.FEEDBACK, Type.STRING, null),
  REACH(SourceSpec.Kind.FEEDBACK, Type.LONG, FeedbackSchema.REACH),
  REACH_BASIS(SourceSpec.Kind.FEEDBACK, Type.STRING, FeedbackSchema.REACH_BASIS),
  TOLD_COUNT(SourceSpec.Kind.FEEDBACK, Type.INT, FeedbackSchema.TOLD_COUNT),
  IS_COMPLAINT(SourceSpec.Kind.FEEDBACK, Type.BOOLEAN, FeedbackSchema.IS_COMPLAINT),
  RESPONSE_TS(SourceSpec.Kind.FEEDBACK, Type.TIMESTAMP, FeedbackSchema.RESPONSE_TS),
  RESPONSE_TEXT(SourceSpec.Kind.FEEDBACK, Type.STRING, FeedbackSchema.RESPONSE_TEXT),
  RESOLVED(SourceSpec.Kind.FEEDBACK, Type.BOOLEAN, FeedbackSchema.RESOLVED),
  RESOLVED_TS(SourceSpec.Kind.FEEDBACK, Type.TIMESTAMP, FeedbackSchema.RESOLVED_TS),
  SENTIMENT_LABEL(SourceSpec.Kind.FEEDBACK, Type.STRING, FeedbackSchema.SENTIMENT_LABEL),
  /** The text's language as the export gives it (ISO 639-1, or a tag such as en-US). */
  LANGUAGE(SourceSpec.Kind.FEEDBACK, Type.LANGUAGE, FeedbackSchema.LANGUAGE),
  /** The customer's name: never stored, only masked as [name] wherever it recurs in the row. */
  CUSTOMER_NAME(SourceSpec.Kind.FEEDBACK, Type.STRING, null),
  /** The export's id of the message this one answers; hashed like {@code id}. */
  IN_REPLY_TO(SourceSpec.Kind.FEEDBACK, Type.IDENTIFIER, FeedbackSchema.IN_REPLY_TO),
  FROM_COMPANY(SourceSpec.Kind.FEEDBACK, Type.BOOLEAN, FeedbackSchema.FROM_COMPANY),
  SIGNUP_TS(SourceSpec.Kind.ACCOUNTS, Type.TIMESTAMP, AccountSchema.SIGNUP_TS),
  CHURN_TS(SourceSpec.Kind.ACCOUNTS, Type.TIMESTAMP, AccountSchema.CHURN_TS),
  CHURNED(SourceSpec.Kind.ACCOUNTS, Type.BOOLEAN, AccountSchema.CHURNED),
  /** What the account pays per {@code value_period} (month unless said): revenue at risk weighs churn risk by it. */
  VALUE(SourceSpec.Kind.ACCOUNTS, Type.DOUBLE, AccountSchema.VALUE_PER_MONTH);

  /**
   * How a mapped value is read (RATING: a number as rating columns write it, see FieldMapper.rating;
   * IDENTIFIER: text, a whole number that pandas wrote as a float, 10952.0, as the number it was).
   */
  public enum Type { STRING, IDENTIFIER, TIMESTAMP, DOUBLE, RATING, INT, LONG, BOOLEAN, LANGUAGE }

  private final SourceSpec.Kind only;
  private final Type type;
  private final String column;

  Target(SourceSpec.Kind only, Type type, String column) {
    this.only = only;
    this.type = type;
    this.column = column;
  }

  /** The catalog key: {@code event_ts}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public Type type() {
    return type;
  }

  /** The output column this target fills (null for {@code id}, which becomes a hash). */
  public String column() {
    return column;
  }

  public boolean appliesTo(SourceSpec.Kind kind) {
    return only == null || only == kind;
  }

  /** Targets a source of this kind must map (accounts also need signup_ts or churned). */
  public static List<Target> required(SourceSpec.Kind kind) {
    return kind == SourceSpec.Kind.FEEDBACK ? List.of(EVENT_TS) : List.of(ACCOUNT_ID);
  }

  public static List<String> keys(SourceSpec.Kind kind) {
    return Arrays.stream(values()).filter(t -> t.appliesTo(kind)).map(Target::key).toList();
  }

  public static Target byKey(String key) {
    for (Target t : values()) {
      if (t.key().equals(key)) {
        return t;
      }
    }
    return null;
  }
}
