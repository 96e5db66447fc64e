package io.grapevine.enrich;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import io.grapevine.core.FeedbackSchema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Conversation threads (a customer's message and the company's answers, as in a support account's
 * tweets): each customer message gets the company's first answer to it as {@code response_ts} and
 * {@code response_text}, unless the export already gave them. Company messages are replies, not
 * feedback, so they leave the feedback here; {@link Result} counts them and how many were linked.
 */
public final class Threads {
  private static final String REPLY_ID = "_reply_to";
  private static final String REPLY_TS = "_reply_ts";
  private static final String REPLY_TEXT = "_reply_text";

  private Threads() {}

  /** Customer feedback with replies attached, and the company messages that were set aside. */
  public record Result(Dataset<Row> customer, Dataset<Row> company) {}

  public static Result link(Dataset<Row> feedback) {
    Column fromCompany = coalesce(col(FeedbackSchema.FROM_COMPANY), org.apache.spark.sql.functions.lit(false));
    Dataset<Row> company = feedback.where(fromCompany);
    Dataset<Row> customer = feedback.where(fromCompany.unary_$bang());

    Dataset<Row> firstReply = company.where(col(FeedbackSchema.IN_REPLY_TO).isNotNull())
        .groupBy(col(FeedbackSchema.IN_REPLY_TO).as(REPLY_ID))
        .agg(min(col(FeedbackSchema.EVENT_TS)).as(REPLY_TS),
            min_by(col(FeedbackSchema.TEXT), struct(col(FeedbackSchema.EVENT_TS), col(FeedbackSchema.FEEDBACK_ID)))
                .as(REPLY_TEXT));

    Dataset<Row> linked = customer
        .join(firstReply, customer.col(FeedbackSchema.FEEDBACK_ID).equalTo(firstReply.col(REPLY_ID)), "left")
        .withColumn(FeedbackSchema.RESPONSE_TS, coalesce(col(FeedbackSchema.RESPONSE_TS), col(REPLY_TS)))
        .withColumn(FeedbackSchema.RESPONSE_TEXT, coalesce(col(FeedbackSchema.RESPONSE_TEXT), col(REPLY_TEXT)))
        .drop(REPLY_ID, REPLY_TS, REPLY_TEXT);
    return new Result(linked, company);
  }
}
