package io.grapevine.metrics;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.grapevine.core.Channel;
import io.grapevine.core.FeedbackSchema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code last_touch_monthly}: how much a journey's final touch moves the customer's overall rating,
 * against the touches before it. A journey is a survey answer with an overall score (NPS / 10, else
 * the rating's score) and the same customer's (account's, else customer key's) other feedback with a
 * sentiment in the {@code windowDays} before it; journeys need at least two such touches. Per report
 * month of the survey, a least-squares fit {@code overall = a + w_last * last + w_other * mean(other
 * touches)} over sentiment in -1..1 gives the two weights, from sums aggregated in Spark.
 */
public final class LastTouch {
  private LastTouch() {}

  public static Dataset<Row> compute(Dataset<Row> enriched, int windowDays) {
    Column customer = coalesce(col(FeedbackSchema.ACCOUNT_ID), col(FeedbackSchema.CUSTOMER_KEY));
    Dataset<Row> overall = enriched
        .where(col(FeedbackSchema.CHANNEL).equalTo(Channel.SURVEY.wireName()).and(customer.isNotNull()))
        .select(col(FeedbackSchema.FEEDBACK_ID).as("journey"), customer.as("o_customer"),
            col(FeedbackSchema.EVENT_TS).as("o_ts"), col(FeedbackSchema.REPORT_MONTH),
            coalesce(col(FeedbackSchema.NPS).divide(10.0), col(FeedbackSchema.SCORE)).as("overall"))
        .where(col("overall").isNotNull());
    Dataset<Row> touches = enriched
        .where(col(FeedbackSchema.CHANNEL).notEqual(Channel.SURVEY.wireName())
            .and(col(FeedbackSchema.SENTIMENT).isNotNull()).and(customer.isNotNull()))
        .select(customer.as("t_customer"), col(FeedbackSchema.EVENT_TS).as("t_ts"),
            col(FeedbackSchema.SENTIMENT).as("t_sentiment"));
    Dataset<Row> journeys = overall.join(touches, col("o_customer").equalTo(col("t_customer"))
            .and(col("t_ts").lt(col("o_ts")))
            .and(col("t_ts").geq(col("o_ts").minus(expr("make_interval(0, 0, 0, " + windowDays + ", 0, 0, 0)")))))
        .groupBy(col("journey"), col(FeedbackSchema.REPORT_MONTH))
        .agg(first(col("overall")).as("y"), count(lit(1)).as("touches"),
            max_by(col("t_sentiment"), col("t_ts")).as("x_last"), sum(col("t_sentiment")).as("touch_sum"))
        .where(col("touches").geq(2))
        .withColumn("x_other", col("touch_sum").minus(col("x_last")).divide(col("touches").minus(1)));
    Dataset<Row> sums = journeys.groupBy(col(FeedbackSchema.REPORT_MONTH)).agg(
        count(lit(1)).as("journeys"), avg("touches").as("touches_mean"),
        avg("y").as("my"), avg("x_last").as("m1"), avg("x_other").as("m2"),
        avg(col("x_last").multiply(col("x_last"))).as("m11"), avg(col("x_other").multiply(col("x_other"))).as("m22"),
        avg(col("x_last").multiply(col("x_other"))).as("m12"), avg(col("x_last").multiply(col("y"))).as("m1y"),
        avg(col("x_other").multiply(col("y"))).as("m2y"),
        avg(when(col("x_last").lt(0), col("y"))).as("overall_after_negative_last"),
        avg(when(col("x_last").gt(0), col("y"))).as("overall_after_positive_last"));
    // Centred second moments; the 2x2 normal equations solved in closed form.
    Column s11 = col("m11").minus(col("m1").multiply(col("m1")));
    Column s22 = col("m22").minus(col("m2").multiply(col("m2")));
    Column s12 = col("m12").minus(col("m1").multiply(col("m2")));
    Column s1y = col("m1y").minus(col("m1").multiply(col("my")));
    Column s2y = col("m2y").minus(col("m2").multiply(col("my")));
    Column det = s11.multiply(s22).minus(s12.multiply(s12));
    Column solvable = col("journeys").geq(3).and(det.gt(1e-12));
    return sums.select(col("journeys"), col("touches_mean"), col("my").as("overall_mean"),
        when(solvable, s22.multiply(s1y).minus(s12.multiply(s2y)).divide(det)).as("last_touch_weight"),
        when(solvable, s11.multiply(s2y).minus(s12.multiply(s1y)).divide(det)).as("other_touches_weight"),
        col("overall_after_negative_last"), col("overall_after_positive_last"),
        col("overall_after_positive_last").minus(col("overall_after_negative_last")).as("last_touch_gap"),
        lit(windowDays).as("window_days"), col(FeedbackSchema.REPORT_MONTH));
  }

  private static Column first(Column c) {
    return org.apache.spark.sql.functions.first(c);
  }
}
