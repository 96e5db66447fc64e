package io.grapevine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attributes: auto} and the {@code crm_accounts} preset: a churn export onboarded with nothing
 * but its path. The bank file below has the columns of the widely used "Churn_Modelling.csv" (a bank's
 * 10,000 customers, Kaggle's "Bank Customer Churn" dataset): RowNumber, CustomerId, Surname,
 * CreditScore, Geography, Gender, Age, Tenure, Balance, NumOfProducts, HasCrCard, IsActiveMember,
 * EstimatedSalary, Exited; its values are generated.
 */
class AutoAttributesTest {
  @TempDir
  Path dir;

  @Test
  void eachColumnIsTypedOrLeftOutWithItsReason() {
    List<String> ids = new ArrayList<>();
    List<String> scores = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(String.valueOf(15_600_000 + i * 7));
      scores.add(String.valueOf(600 + i % 9));
    }
    assertThat(AutoAttributes.leftOut("credit_score", scores)).isEqualTo("numeric");
    assertThat(AutoAttributes.leftOut("balance", List.of("0", "125510.82", "0", "83807.86"))).isEqualTo("numeric");
    assertThat(AutoAttributes.leftOut("tenure_months", ids)).contains("identifier");
    assertThat(AutoAttributes.leftOut("surname", List.of("Hargrave", "Hill", "Hill"))).contains("personal");
    assertThat(AutoAttributes.leftOut("customer_id", scores)).contains("identifier");
    assertThat(AutoAttributes.leftOut("churn_reason", List.of("Moved", "Price", "Moved", "Price"))).contains("outcome");
    assertThat(AutoAttributes.leftOut("geography", List.of("France", "Spain", "France", "Germany", "France", "Spain")))
        .isNull();
    assertThat(AutoAttributes.leftOut("opened", List.of("2024-01-05", "2024-02-05", "2024-01-05"))).isEqualTo("dates");
    assertThat(AutoAttributes.leftOut("country", List.of("US", "US"))).isEqualTo("one value only");
    assertThat(AutoAttributes.leftOut("notes", List.of("called twice", "wants a discount", "moving abroad")))
        .startsWith("free text");
  }

  @SuppressWarnings("unchecked")
  @Test
  void aBankChurnExportIsOnboardedByPresetAlone() throws Exception {
    Random rnd = new Random(5);
    String[] surnames = {"Hargrave", "Onio", "Boni", "Mitchell", "Chu", "Bartlett", "Obinna", "Bearce"};
    StringBuilder csv = new StringBuilder("RowNumber,CustomerId,Surname,CreditScore,Geography,Gender,Age,Tenure,"
        + "Balance,NumOfProducts,HasCrCard,IsActiveMember,EstimatedSalary,Exited\n");
    int exited = 0;
    for (int i = 1; i <= 400; i++) {
      boolean left = rnd.nextDouble() < 0.2;
      exited += left ? 1 : 0;
      csv.append(i).append(',').append(15_634_602 + i * 13).append(',').append(surnames[i % surnames.length])
          .append(i).append(',').append(350 + rnd.nextInt(500)).append(',')
          .append(new String[] {"France", "Spain", "Germany"}[rnd.nextInt(3)]).append(',')
          .append(rnd.nextBoolean() ? "Female" : "Male").append(',').append(18 + rnd.nextInt(60)).append(',')
          .append(rnd.nextInt(11)).append(',').append(rnd.nextInt(3) == 0 ? "0" : String.format("%.2f", 50_000 + rnd.nextDouble() * 150_000))
          .append(',').append(1 + rnd.nextInt(4)).append(',').append(rnd.nextInt(2)).append(',').append(rnd.nextInt(2))
          .append(',').append(String.format("%.2f", 10_000 + rnd.nextDouble() * 190_000)).append(',')
          .append(left ? 1 : 0).append('\n');
    }
    Files.writeString(dir.resolve("Churn_Modelling.csv"), csv);
    Files.writeString(dir.resolve("catalog.yaml"), """
        sources:
          - name: bank
            preset: crm_accounts
            path: Churn_Modelling.csv
        """);
    Path out = dir.resolve("out");
    StageRun run = ingest(dir.resolve("catalog.yaml"), out);

    Dataset<Row> accounts = SparkTestSession.table(out, Table.ACCOUNTS);
    assertThat(accounts.count()).isEqualTo(400);
    assertThat(accounts.where("churned").count()).isEqualTo(exited);
    assertThat(accounts.columns()).contains("credit_score", "geography", "gender", "age", "tenure", "balance",
        "num_of_products", "has_cr_card", "is_active_member", "estimated_salary")
        .doesNotContain("surname", "row_number", "customer_id", "exited");
    assertThat(accounts.schema().apply("balance").dataType().typeName()).isEqualTo("double");
    assertThat(accounts.schema().apply("geography").dataType().typeName()).isEqualTo("string");
    // No surname reached the table, in any column.
    assertThat(accounts.toJSON().collectAsList()).noneMatch(r -> r.contains("Hargrave") || r.contains("Bearce"));
    Map<String, Object> bank = ((Map<String, Map<String, Object>>) (Map<?, ?>) run.details.get("sources")).get("bank");
    Map<String, String> choices = (Map<String, String>) bank.get("attributes");
    assertThat(choices).containsEntry("CustomerId", "mapped to account_id").containsEntry("Exited", "mapped to churned")
        .containsEntry("Geography", "categorical").containsEntry("Balance", "numeric");
    assertThat(choices.get("Surname")).startsWith("left out: its name says");
    assertThat(choices.get("RowNumber")).startsWith("left out");
  }

  @Test
  void theRealTelcoExportIsOnboardedByPresetAlone() throws Exception {
    Path telco = SparkTestSession.sharedDataset("telco-customer-churn-ibm");
    Assumptions.assumeTrue(telco != null, "../shared/datasets is absent (a user's clone): the Telco test is skipped");
    Files.writeString(dir.resolve("catalog.yaml"), """
        sources:
          - name: telco
            preset: crm_accounts
            path: %s/Telco-Customer-Churn.csv
        """.formatted(telco));
    Path out = dir.resolve("out");
    ingest(dir.resolve("catalog.yaml"), out);
    Dataset<Row> accounts = SparkTestSession.table(out, Table.ACCOUNTS);
    // The published figures of IBM's sample: 7,043 customers, 1,869 of whom left.
    assertThat(accounts.count()).isEqualTo(7_043);
    assertThat(accounts.where("churned").count()).isEqualTo(1_869);
    assertThat(accounts.columns()).contains("contract", "tenure", "monthly_charges", "total_charges",
        "payment_method", "internet_service", "senior_citizen").doesNotContain("customer_id", "churn");
    assertThat(accounts.schema().apply("total_charges").dataType().typeName()).isEqualTo("double");
    assertThat(accounts.agg(org.apache.spark.sql.functions.avg("value_per_month")).first().getDouble(0))
        .isCloseTo(64.76, org.assertj.core.data.Offset.offset(0.01));
  }

  private StageRun ingest(Path catalog, Path out) throws Exception {
    return IngestJob.run(new JobContext(SparkTestSession.get(), out.toString(), Months.parse("2026-10"),
        SparkTestSession.config()), SourceCatalog.load(catalog.toString(), new Configuration()),
        Privacy.withKey("k"), MonthRange.upTo("2026-10"));
  }
}
