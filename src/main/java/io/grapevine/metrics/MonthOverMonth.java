package io.grapevine.metrics;

import static io.grapevine.metrics.Proportions.twoProportionPValue;
import static org.apache.spark.sql.functions.add_months;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

import io.grapevine.core.FeedbackSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Change against the previous month for a table's headline rates: for each rate, the previous
 * month's value for the same keys, the change, a two-proportion test of it and a flag when the
 * p-value is below 1 - confidence. Rows whose previous month is absent get nulls, never zeros.
 */
public final class MonthOverMonth {
  /** A rate of a monthly table: {@code successes / trials}, both count columns of the table. */
  public record Rate(String name, String successes, String trials) {}

  private static final String NEXT = "_mom_next_month";

  private MonthOverMonth() {}

  public static Dataset<Row> add(Dataset<Row> monthly, List<String> keys, List<Rate> rates, double confidence) {
    List<Column> previous = new ArrayList<>();
    previous.add(date_format(add_months(to_date(concat(col(FeedbackSchema.REPORT_MONTH), lit("-01"))), 1),
        "yyyy-MM").as(NEXT));
    for (String k : keys) {
      previous.add(col(k).as("_mom_" + k));
    }
    for (Rate r : rates) {
      previous.add(col(r.successes()).as("_mom_s_" + r.name()));
      previous.add(col(r.trials()).as("_mom_t_" + r.name()));
    }
    Dataset<Row> before = monthly.select(previous.toArray(Column[]::new));
    Column on = monthly.col(FeedbackSchema.REPORT_MONTH).equalTo(before.col(NEXT));
    for (String k : keys) {
      on = on.and(monthly.col(k).eqNullSafe(before.col("_mom_" + k)));
    }
    Dataset<Row> joined = monthly.join(before, on, "left");
    List<Column> out = new ArrayList<>();
    for (String c : monthly.columns()) {
      if (!c.equals(FeedbackSchema.REPORT_MONTH)) {
        out.add(monthly.col(c));
      }
    }
    for (Rate r : rates) {
      Column s0 = col("_mom_s_" + r.name());
      Column t0 = col("_mom_t_" + r.name());
      Column before0 = Proportions.rate(s0, t0);
      Column now = Proportions.rate(monthly.col(r.successes()), monthly.col(r.trials()));
      Column p = twoProportionPValue(monthly.col(r.successes()), monthly.col(r.trials()), s0, t0);
      out.add(before0.as(r.name() + "_previous"));
      out.add(now.minus(before0).as(r.name() + "_change"));
      out.add(p.as(r.name() + "_change_p_value"));
      out.add(p.lt(1 - confidence).as(r.name() + "_change_significant"));
    }
    out.add(monthly.col(FeedbackSchema.REPORT_MONTH));
    return joined.select(out.toArray(Column[]::new));
  }
}
