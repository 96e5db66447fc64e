package io.grapevine.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.FeedbackSchema;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ThreadsTest {
  private static Timestamp at(String hhmm) {
    return Timestamp.valueOf("2026-10-05 " + hhmm + ":00");
  }

  @Test
  void eachCustomerMessageGetsTheCompanysFirstAnswer() {
    StructType schema = new StructType()
        .add(FeedbackSchema.FEEDBACK_ID, DataTypes.StringType)
        .add(FeedbackSchema.EVENT_TS, DataTypes.TimestampType)
        .add(FeedbackSchema.TEXT, DataTypes.StringType)
        .add(FeedbackSchema.IN_REPLY_TO, DataTypes.StringType)
        .add(FeedbackSchema.FROM_COMPANY, DataTypes.BooleanType)
        .add(FeedbackSchema.RESPONSE_TS, DataTypes.TimestampType)
        .add(FeedbackSchema.RESPONSE_TEXT, DataTypes.StringType);
    List<Row> rows = Arrays.asList(
        RowFactory.create("c1", at("10:00"), "my order never came", null, false, null, null),
        RowFactory.create("r2", at("10:45"), "Sorry! Please DM us.", "c1", true, null, null),
        RowFactory.create("r1", at("10:20"), "Which order is it?", "c1", true, null, null),
        RowFactory.create("c2", at("11:00"), "order 123, still nothing", "r1", false, null, null),
        RowFactory.create("c3", at("12:00"), "asked by e-mail", null, null, at("12:30"), "answered by e-mail"),
        RowFactory.create("r3", at("12:40"), "Also here to help", "c3", true, null, null),
        RowFactory.create("r9", at("13:00"), "Happy Halloween!", null, true, null, null));
    Threads.Result out = Threads.link(SparkTestSession.get().createDataFrame(rows, schema));

    List<Row> customer = out.customer().orderBy(FeedbackSchema.FEEDBACK_ID).collectAsList();
    assertThat(customer).extracting(r -> r.<String>getAs(FeedbackSchema.FEEDBACK_ID)).containsExactly("c1", "c2", "c3");
    Row c1 = customer.get(0);
    assertThat(c1.<Timestamp>getAs(FeedbackSchema.RESPONSE_TS)).isEqualTo(at("10:20"));
    assertThat(c1.<String>getAs(FeedbackSchema.RESPONSE_TEXT)).isEqualTo("Which order is it?");
    // Nobody answered c2 yet.
    assertThat(customer.get(1).<Timestamp>getAs(FeedbackSchema.RESPONSE_TS)).isNull();
    // A reply the export already gave is kept.
    assertThat(customer.get(2).<String>getAs(FeedbackSchema.RESPONSE_TEXT)).isEqualTo("answered by e-mail");
    Dataset<Row> company = out.company();
    assertThat(company.count()).isEqualTo(4);
  }
}
