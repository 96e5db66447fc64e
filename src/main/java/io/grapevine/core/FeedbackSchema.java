package io.grapevine.core;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical feedback record (DESIGN.md): one row per piece of feedback, whatever its source.
 * Column names live here and nowhere else; stages refer to these constants.
 */
public final class FeedbackSchema {
  public static final String FEEDBACK_ID = "feedback_id";
  public static final String SOURCE = "source";
  public static final String CHANNEL = "channel";
  public static final String CUSTOMER_KEY = "customer_key";
  public static final String ACCOUNT_ID = "account_id";
  public static final String SUBJECT = "subject";
  public static final String EVENT_TS = "event_ts";
  public static final String EXPERIENCE_TS = "experience_ts";
  public static final String RATING = "rating";
  public static final String RATING_MIN = "rating_min";
  public static final String RATING_MAX = "rating_max";
  public static final String SCORE = "score";
  public static final String NPS = "nps";
  /** Customer effort answer (CES), raw, on the source's declared effort scale. */
  public static final String EFFORT = "effort";
  /** The effort answer as ease, 0..1: 1 is the easiest point of the scale whatever its direction. */
  public static final String EFFORT_EASE = "effort_ease";
  /** Whether the effort answer is one of the two easiest points of its scale (CES top-two-box). */
  public static final String EFFORT_TOP_TWO = "effort_top_two";
  public static final String TEXT = "text";
  public static final String LANGUAGE = "language";
  public static final String SENTIMENT = "sentiment";
  public static final String SENTIMENT_LABEL = "sentiment_label";
  public static final String SENTIMENT_BASIS = "sentiment_basis";
  public static final String REACH = "reach";
  public static final String REACH_BASIS = "reach_basis";
  public static final String TOLD_COUNT = "told_count";
  public static final String IS_COMPLAINT = "is_complaint";
  public static final String RESPONSE_TS = "response_ts";
  public static final String RESPONSE_TEXT = "response_text";
  public static final String RESOLVED = "resolved";
  public static final String RESOLVED_TS = "resolved_ts";
  /** In a conversation: the {@code feedback_id} of the message this one answers. */
  public static final String IN_REPLY_TO = "in_reply_to";
  /** In a conversation: the message was written by the company, not the customer. */
  public static final String FROM_COMPANY = "from_company";
  public static final String INGEST_FILE = "ingest_file";
  public static final String INGEST_ROW = "ingest_row";
  public static final String RUN_ID = "run_id";

  /** Partition column of every monthly table: the UTC month of {@code event_ts}, {@code YYYY-MM}. */
  public static final String REPORT_MONTH = "report_month";

  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            field(FEEDBACK_ID, StringType, false),
            field(SOURCE, StringType, false),
            field(CHANNEL, StringType, false),
            field(CUSTOMER_KEY, StringType, true),
            field(ACCOUNT_ID, StringType, true),
            field(SUBJECT, StringType, true),
            field(EVENT_TS, TimestampType, false),
            field(EXPERIENCE_TS, TimestampType, true),
            field(RATING, DoubleType, true),
            field(RATING_MIN, DoubleType, true),
            field(RATING_MAX, DoubleType, true),
            field(SCORE, DoubleType, true),
            field(NPS, IntegerType, true),
            field(EFFORT, DoubleType, true),
            field(EFFORT_EASE, DoubleType, true),
            field(EFFORT_TOP_TWO, BooleanType, true),
            field(TEXT, StringType, true),
            field(LANGUAGE, StringType, true),
            field(SENTIMENT, DoubleType, true),
            field(SENTIMENT_LABEL, StringType, true),
            field(SENTIMENT_BASIS, StringType, true),
            field(REACH, LongType, true),
            field(REACH_BASIS, StringType, true),
            field(TOLD_COUNT, IntegerType, true),
            field(IS_COMPLAINT, BooleanType, true),
            field(RESPONSE_TS, TimestampType, true),
            field(RESPONSE_TEXT, StringType, true),
            field(RESOLVED, BooleanType, true),
            field(RESOLVED_TS, TimestampType, true),
            field(IN_REPLY_TO, StringType, true),
            field(FROM_COMPANY, BooleanType, true),
            field(INGEST_FILE, StringType, false),
            field(INGEST_ROW, LongType, false),
            field(RUN_ID, StringType, false),
          });

  private FeedbackSchema() {}

  public static DataType typeOf(String column) {
    return SCHEMA.apply(column).dataType();
  }

  /** The canonical columns in schema order followed by {@code report_month}. */
  public static Column[] columnsWithMonth() {
    Column[] cols = Arrays.copyOf(columns(), SCHEMA.fields().length + 1);
    cols[cols.length - 1] = functions.col(REPORT_MONTH);
    return cols;
  }

  public static Column[] columns() {
    return Arrays.stream(SCHEMA.fieldNames()).map(functions::col).toArray(Column[]::new);
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return new StructField(name, type, nullable, org.apache.spark.sql.types.Metadata.empty());
  }
}
