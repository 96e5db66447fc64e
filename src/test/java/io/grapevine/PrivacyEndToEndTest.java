package io.grapevine;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.Months;
import io.grapevine.core.Table;
import io.grapevine.enrich.EnrichJob;
import io.grapevine.ingest.IngestJob;
import io.grapevine.ingest.Privacy;
import io.grapevine.ingest.SourceCatalog;
import io.grapevine.metrics.MetricsJob;
import io.grapevine.report.ReportJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Personal data planted in every text column (the text, the company's reply, the subject) of every
 * export format (CSV, JSON lines, a JSON array, XML, an Excel workbook), in accepted rows and in a rejected one: an
 * e-mail address, a phone number, a card number, an IBAN, the customer's name and identifier, another
 * person's handle mentioned (X's and Reddit's), a name after a salutation in the reply, and another id
 * of the author's in a field no mapping reads (the source lists it in {@code personal_fields}), and the
 * reviewer's nickname in an undeclared one. After ingest, enrich, metrics and the report, none of it is
 * in any table, manifest or report file.
 */
class PrivacyEndToEndTest {
  @TempDir
  static Path dir;
  private static Path out;

  /** What must not come out, and what each becomes. */
  static final List<String> PLANTED = List.of("jane.planted@example.org", "7946 0958", "4111 1111 1111 1111",
      "GB82 WEST 1234 5698 7654 32", "Quarrington", "Henrietta", "Fitzwilliam", "cust-HQ-778899", "bystander_77",
      "lurker-redditor", "t2_planted9", "Bartholomew_Zed");

  private static String text(int i) {
    return "Order " + i + ": Henrietta Quarrington here, write to jane.planted@example.org or call +44 20 7946 0958; "
        + "my card 4111 1111 1111 1111 and IBAN GB82 WEST 1234 5698 7654 32 were charged twice, as @bystander_77 "
        + "and u/lurker-redditor saw";
  }

  private static final String REPLY = "Dear Ms Fitzwilliam,\\nsorry. Henrietta, we refunded card 4111-1111-1111-1111.";
  private static final String SUBJECT = "Refund for Henrietta Quarrington (jane.planted@example.org)";

  @BeforeAll
  static void runWithPlantedData() throws Exception {
    StringBuilder csv = new StringBuilder("id,customer,name,when,text,reply,subject,author_ref,reviewerNickname\n");
    StringBuilder jsonl = new StringBuilder();
    StringBuilder json = new StringBuilder("[");
    StringBuilder xml = new StringBuilder("<export>\n");
    for (int i = 1; i <= 4; i++) {
      String when = i == 4 ? "not a time" : "2026-10-0" + i + "T10:00:00Z";
      csv.append(i).append(",cust-HQ-778899,Henrietta Quarrington,").append(when).append(",\"").append(text(i))
          .append("\",\"").append(REPLY.replace("\\n", "\n")).append("\",\"").append(SUBJECT).append("\",t2_planted9,Bartholomew_Zed\n");
      String object = String.format("{\"id\":\"%d\",\"customer\":\"cust-HQ-778899\",\"name\":\"Henrietta Quarrington\","
          + "\"when\":\"%s\",\"text\":\"%s\",\"reply\":\"%s\",\"subject\":\"%s\",\"author_ref\":\"t2_planted9\","
          + "\"reviewerNickname\":\"Bartholomew_Zed\"}", i, when,
          text(i), REPLY, SUBJECT);
      jsonl.append(object).append('\n');
      json.append(i == 1 ? "" : ",").append(object);
      xml.append(String.format("<row><id>%d</id><customer>cust-HQ-778899</customer><name>Henrietta Quarrington</name>"
          + "<when>%s</when><text>%s</text><reply>%s</reply><subject>%s</subject><author_ref>t2_planted9</author_ref>"
          + "<reviewerNickname>Bartholomew_Zed</reviewerNickname></row>\n",
          i, when, text(i),
          REPLY.replace("\\n", "&#10;"), SUBJECT));
    }
    Files.writeString(dir.resolve("planted.csv"), csv);
    Files.writeString(dir.resolve("planted.jsonl"), jsonl);
    Files.writeString(dir.resolve("planted.json"), json.append("]"));
    Files.writeString(dir.resolve("planted.xml"), xml.append("</export>\n"));
    try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
        java.io.OutputStream xlsx = Files.newOutputStream(dir.resolve("planted.xlsx"))) {
      var sheet = wb.createSheet("Export");
      String[] header = {"id", "customer", "name", "when", "text", "reply", "subject", "author_ref", "reviewerNickname"};
      for (int i = 0; i <= 4; i++) {
        String[] cells = i == 0 ? header : new String[] {String.valueOf(i), "cust-HQ-778899", "Henrietta Quarrington",
            i == 4 ? "not a time" : "2026-10-0" + i + "T10:00:00Z", text(i), REPLY.replace("\\n", "\n"), SUBJECT,
            "t2_planted9", "Bartholomew_Zed"};
        var row = sheet.createRow(i);
        for (int c = 0; c < cells.length; c++) {
          row.createCell(c).setCellValue(cells[c]);
        }
      }
      wb.write(xlsx);
    }
    StringBuilder catalog = new StringBuilder("sources:\n");
    for (String[] f : List.of(new String[] {"csv", "csv"}, new String[] {"jsonl", "jsonl"},
        new String[] {"json", "json"}, new String[] {"xml", "xml"}, new String[] {"xlsx", "auto"})) {
      catalog.append("  - name: planted_").append(f[0]).append("\n    path: planted.").append(f[0])
          .append("\n    format: ").append(f[1]).append("\n    channel: review_site\n")
          .append(f[1].equals("xml") ? "    options: {row_tag: row}\n" : "")
          .append("    expectations: {max_quarantined_share: {error: 0.9}}\n")
          // Another id of the author's, in no mapped field: only the quarantined raw record holds it. The
          // reviewer's nickname is in no mapped field either, and not declared: its name gives it away.
          .append("    personal_fields: [author_ref]\n")
          .append("    mapping: {id: id, customer: customer, customer_name: name, event_ts: when, text: text, ")
          .append("response_text: reply, subject: subject}\n");
    }
    Files.writeString(dir.resolve("catalog.yaml"), catalog);
    out = dir.resolve("out");
    JobContext ctx = new JobContext(SparkTestSession.get(), out.toString(), Months.parse("2026-10"),
        SparkTestSession.config());
    IngestJob.run(ctx, SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration()),
        Privacy.withKey("k"), MonthRange.upTo("2026-10"));
    EnrichJob.run(ctx, "2026-10");
    MetricsJob.run(ctx, "2026-10");
    ReportJob.run(ctx);
  }

  @Test
  void theRowsWereReadAndTheirTextKept() {
    assertThat(SparkTestSession.table(out, Table.FEEDBACK).count()).isEqualTo(15);
    assertThat(SparkTestSession.table(out, Table.QUARANTINE).count()).isEqualTo(5);
    Row one = SparkTestSession.table(out, Table.FEEDBACK).where("source = 'planted_csv' AND ingest_row = 2").first();
    assertThat(one.<String>getAs("text")).isEqualTo("Order 1: [name] here, write to [email] or call [phone]; "
        + "my card [card] and IBAN [iban] were charged twice, as @[user] and u/[user] saw");
    assertThat(one.<String>getAs("response_text")).isEqualTo("Dear Ms [name],\nsorry. [name], we refunded card [card].");
    assertThat(one.<String>getAs("subject")).isEqualTo("Refund for [name] ([email])");
    Row sheet = SparkTestSession.table(out, Table.FEEDBACK).where("source = 'planted_xlsx' AND ingest_row = 2").first();
    assertThat(sheet.<String>getAs("response_text")).isEqualTo(one.getAs("response_text"));
    assertThat(sheet.<String>getAs("text")).isEqualTo(one.getAs("text"));
  }

  @Test
  void nothingPlantedIsInAnyTable() {
    for (Table t : Table.values()) {
      if (!Files.isDirectory(out.resolve(t.dirName()).resolve("_delta_log"))) {
        continue;
      }
      var rows = SparkTestSession.table(out, t);
      List<Column> text = new ArrayList<>();
      for (StructField f : rows.schema().fields()) {
        Column c = functions.col("`" + f.name() + "`");
        text.add(f.dataType() instanceof AtomicType ? c.cast("string") : functions.to_json(c));
      }
      Column all = functions.concat_ws("\u0001", text.toArray(Column[]::new));
      // One pass per table: the rows holding each planted value, counted side by side.
      Column[] counts = PLANTED.stream().map(planted -> functions.count(functions.when(all.contains(planted), 1)))
          .toArray(Column[]::new);
      Row found = rows.agg(counts[0], java.util.Arrays.copyOfRange(counts, 1, counts.length)).first();
      for (int i = 0; i < PLANTED.size(); i++) {
        assertThat(found.getLong(i)).as("%s in %s", PLANTED.get(i), t.dirName()).isZero();
      }
    }
  }

  @Test
  void nothingPlantedIsInAnyManifestOrReport() throws Exception {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(out)) {
      files = walk.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/_delta_log/")
          && !p.toString().endsWith(".parquet") && !p.toString().endsWith(".crc")).toList();
    }
    assertThat(files).anyMatch(p -> p.toString().endsWith("report.html"))
        .anyMatch(p -> p.toString().endsWith("ingest.json"));
    for (Path f : files) {
      String content = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8);
      for (String planted : PLANTED) {
        assertThat(content).as("%s in %s", planted, f).doesNotContain(planted);
      }
    }
  }

  @Test
  void theUndeclaredPersonalFieldIsNamedInTheManifest() throws Exception {
    com.fasterxml.jackson.databind.JsonNode sources = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(out.resolve("manifest/2026-10/ingest.json").toFile()).path("details").path("sources");
    for (String format : List.of("csv", "jsonl", "json", "xml", "xlsx")) {
      assertThat(sources.path("planted_" + format).path("personal_fields_found").toString())
          .as(format).isEqualTo("[\"reviewerNickname\"]");
    }
  }
}
