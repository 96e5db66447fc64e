package io.grapevine.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.grapevine.SparkTestSession;
import io.grapevine.core.JobContext;
import io.grapevine.core.MonthRange;
import io.grapevine.core.Months;
import io.grapevine.core.StageRun;
import io.grapevine.core.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A survey export read by its preset alone: the questions, which differ from one survey to the next,
 * are found by {@code questions: auto}. The files are in the shapes the vendors export (column names
 * and header rows as their documentation and public exports show them; answers made up): Google
 * Forms' responses sheet, SurveyMonkey's "Export all responses" (two header rows, an NPS answer with
 * its label, a star rating, an "Other (please specify)"), Qualtrics' three header rows (Q1 with
 * Q1_NPS_GROUP beside it, Q2 open), and Typeform's download with a French NPS question, a CES
 * question and a word-of-mouth count.
 */
class SurveyQuestionsTest {
  @TempDir
  static Path dir;
  private static StageRun run;
  private static Dataset<Row> feedback;

  @BeforeAll
  static void ingest() throws Exception {
    Files.writeString(dir.resolve("forms.csv"), """
        Timestamp,Email Address,How likely are you to recommend Acme to a friend or colleague?,\
        What is the main reason for your score?,Which product do you use?
        10/2/2026 9:14:03,ann@example.com,9,Fast delivery and friendly staff,Router
        10/3/2026 17:40:51,bob@example.com,3,"The app keeps crashing, support never answered",Modem
        10/5/2026 8:02:11,cy@example.com,10,Love it,Router
        10/9/2026 12:30:00,dan@example.com,6,Price went up again,Router
        10/11/2026 19:45:09,eve@example.com,0,"Worst service ever, cancelling",Modem
        """);
    Files.writeString(dir.resolve("monkey.csv"), """
        Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,\
        How likely are you to recommend Acme to a friend?,Please rate our app,What is the main reason for your score?,\
        Which plan are you on?,
        ,,,,,,,,,Response,Response,Open-Ended Response,Response,Other (please specify)
        11800000001,400001,10/02/2026 09:12:03 AM,10/02/2026 09:14:40 AM,198.51.100.7,ann@example.org,Ann,Lee,,\
        10 - Extremely likely,5,"Quick and kind, Ann Lee here",Basic,
        11800000002,400001,10/03/2026 10:00:00 AM,10/03/2026 10:05:00 AM,198.51.100.8,bo@example.org,Bo,Ek,,\
        2,1,Billing errors every month,Premium,
        11800000003,400001,10/04/2026 11:00:00 AM,10/04/2026 11:02:00 AM,198.51.100.9,cy@example.org,Cy,Fo,,\
        0 - Not at all likely,2,Nobody answers the phone,Basic,"Family plan, discontinued"
        """);
    // A form that does not collect e-mail addresses, Google Forms' default: no Email Address column.
    Files.writeString(dir.resolve("forms-anonymous.csv"), """
        Timestamp,How likely are you to recommend Acme to a friend or colleague?,What is the main reason for your score?
        10/4/2026 10:00:00,8,Good value
        10/6/2026 11:30:00,2,Nobody calls back
        """);
    String[] qualtricsNames = ("StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,RecordedDate,"
        + "ResponseId,RecipientLastName,RecipientFirstName,RecipientEmail,ExternalReference,LocationLatitude,"
        + "LocationLongitude,DistributionChannel,UserLanguage,Q1,Q1_NPS_GROUP,Q2,Q3,Q4").split(",");
    StringBuilder qualtrics = new StringBuilder(String.join(",", qualricsRow(qualtricsNames, false))).append('\n');
    qualtrics.append(String.join(",", qualricsRow(qualtricsNames, true))).append('\n');
    qualtrics.append(Arrays.stream(qualtricsNames).map(n -> "\"{\"\"ImportId\"\":\"\"" + n + "\"\"}\"")
        .reduce((a, b) -> a + "," + b).orElseThrow()).append('\n');
    qualtrics.append("2026-10-02 09:10:00,2026-10-02 09:14:03,IP Address,192.0.2.1,100,243,True,2026-10-02 09:14:04,"
        + "R_1a2b3c,Lee,Ann,ann@example.org,,51.5,-0.12,anonymous,EN,9,3,Friendly people and fair prices,4,5\n");
    qualtrics.append("2026-10-03 17:38:00,2026-10-03 17:40:51,IP Address,192.0.2.2,100,171,True,2026-10-03 17:40:52,"
        + "R_4d5e6f,Ek,Bo,bo@example.org,,51.5,-0.12,anonymous,EN,4,1,The website is slow and confusing. Bo Ek,2,1\n");
    Files.writeString(dir.resolve("qualtrics.csv"), qualtrics.toString());
    Files.writeString(dir.resolve("typeform.csv"), """
        #,Quelle est la probabilité que vous recommandiez notre boutique à un ami ?,How easy was it to get help?,\
        How many people have you told about us?,Anything else?,Start Date (UTC),Submit Date (UTC),Network ID
        a1b2c3,8,6,2,Nothing really to add,2026-10-02 09:10:00,2026-10-02 09:14:03,n1
        d4e5f6,2,1,5,Your billing is a mess,2026-10-03 17:38:00,2026-10-03 17:40:51,n2
        g7h8i9,10,7,0,,2026-10-05 08:00:00,2026-10-05 08:02:11,n3
        """);
    Files.writeString(dir.resolve("catalog.yaml"), """
        sources:
          forms: {preset: google_forms_csv, path: forms.csv}
          forms_anonymous: {preset: google_forms_csv, path: forms-anonymous.csv}
          monkey: {preset: surveymonkey_csv, path: monkey.csv}
          qualtrics: {preset: qualtrics_csv, path: qualtrics.csv}
          typeform: {preset: typeform_csv, path: typeform.csv}
          # What the catalog says stands: its own text column, and no NPS at all.
          typeform_mapped:
            preset: typeform_csv
            path: typeform.csv
            mapping: {text: "How easy was it to get help?", nps: null}
        """);
    run = IngestJob.run(new JobContext(SparkTestSession.get(), dir.resolve("out").toString(),
        Months.parse("2026-10"), SparkTestSession.config()),
        SourceCatalog.load(dir.resolve("catalog.yaml").toString(), new Configuration()), Privacy.withKey("k"),
        MonthRange.upTo("2026-10"));
    feedback = SparkTestSession.table(dir.resolve("out"), Table.FEEDBACK).cache();
  }

  /** Qualtrics' first header row names the columns; its second holds the question texts. */
  private static List<String> qualricsRow(String[] names, boolean questions) {
    List<String> row = new ArrayList<>();
    for (String n : names) {
      row.add(!questions ? n : switch (n) {
        case "Q1" -> "How likely are you to recommend us?";
        case "Q1_NPS_GROUP" -> "How likely are you to recommend us? - Group";
        case "Q2" -> "Why did you give that score?";
        case "Q3" -> "\"Overall, how satisfied are you with our service?\"";
        case "Q4" -> "How likely are you to buy from us again?";
        default -> n;
      });
    }
    return row;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> source(String name) {
    return (Map<String, Object>) ((Map<String, Object>) run.details.get("sources")).get(name);
  }

  @SuppressWarnings("unchecked")
  private static String decided(String name) {
    return ((Map<String, String>) source(name).get("auto")).get("questions");
  }

  private static List<Row> rows(String source) {
    return feedback.where(col("source").equalTo(source)).orderBy("event_ts").collectAsList();
  }

  @Test
  void everySurveyIsReadWholeByItsPresetAlone() {
    for (String s : List.of("forms", "forms_anonymous", "monkey", "qualtrics", "typeform", "typeform_mapped")) {
      assertThat(source(s).get("quarantined")).as(s).isEqualTo(0L);
      assertThat(source(s).get("accepted")).as(s).isEqualTo((long) rows(s).size());
    }
    assertThat(rows("forms")).hasSize(5);
    assertThat(rows("forms_anonymous")).extracting(r -> r.getAs("nps"), r -> r.getAs("text"), r -> r.getAs("customer_key"))
        .containsExactly(tuple(8, "Good value", null), tuple(2, "Nobody calls back", null));
    assertThat(rows("monkey")).hasSize(3);
    assertThat(rows("qualtrics")).hasSize(2);
    assertThat(rows("typeform")).hasSize(3);
  }

  @Test
  void theRecommendQuestionIsNpsInAnyWordingOrLanguage() {
    assertThat(rows("forms").stream().map(r -> r.getAs("nps"))).containsExactly(9, 3, 10, 6, 0);
    // "10 - Extremely likely": the label is dropped, the number kept.
    assertThat(rows("monkey").stream().map(r -> r.getAs("nps"))).containsExactly(10, 2, 0);
    assertThat(decided("monkey")).contains("with labels");
    // Qualtrics names it Q1; its NPS_GROUP column beside it says what it is. The group itself is no NPS.
    assertThat(rows("qualtrics").stream().map(r -> r.getAs("nps"))).containsExactly(9, 4);
    assertThat(decided("qualtrics")).startsWith("nps: 'Q1'");
    assertThat(rows("typeform").stream().map(r -> r.getAs("nps"))).containsExactly(8, 2, 10);
  }

  @Test
  void openAnswersAreTheTextAndChoicesAreNot() {
    assertThat(rows("forms").get(1).<String>getAs("text")).isEqualTo("The app keeps crashing, support never answered");
    assertThat(decided("forms")).contains("'Which product do you use?' (2 distinct answers in 5: a choice)");
    // The reason, then what "Other" says; the respondent's name masked where the answer repeats it.
    List<Row> monkey = rows("monkey");
    assertThat(monkey.get(0).<String>getAs("text")).isEqualTo("Quick and kind, [name] here");
    assertThat(monkey.get(2).<String>getAs("text")).isEqualTo("Nobody answers the phone. Family plan, discontinued");
    assertThat(rows("qualtrics").get(1).<String>getAs("text")).startsWith("The website is slow and confusing");
    // A respondent who left the open question empty still counts, by their scores.
    assertThat(rows("typeform").get(2).<String>getAs("text")).isNull();
  }

  @Test
  void aRatingAnEffortAndAWordOfMouthCountAreFoundByTheirQuestions() {
    assertThat(rows("monkey").stream().map(r -> r.getAs("rating"))).containsExactly(5.0, 1.0, 2.0);
    assertThat(decided("monkey")).contains("scale 1-5");
    List<Row> typeform = rows("typeform");
    assertThat(typeform.stream().map(r -> r.getAs("told_count"))).containsExactly(2, 5, 0);
    // "How easy": 7 of 7 is the easiest.
    assertThat(typeform.stream().map(r -> r.<Double>getAs("effort_ease"))).containsExactly(5 / 6.0, 0.0, 1.0);
    assertThat(decided("typeform")).contains("scale 1-7, easy high");
  }

  @Test
  void qualtricsQuestionsAreFoundByTheWordingInItsSecondHeaderRow() {
    // Q3 says nothing by its name; its wording ("how satisfied") makes it the rating.
    assertThat(rows("qualtrics").stream().map(r -> r.getAs("rating"))).containsExactly(4.0, 2.0);
    assertThat(decided("qualtrics")).contains("rating: 'Q3' \"Overall, how satisfied are you with our service?\"")
        .contains("'Q4' \"How likely are you to buy from us again?\" (numbers from 1 to 5");
    // The recipient's name, from the contact list, is masked where an answer repeats it.
    assertThat(rows("qualtrics").get(1).<String>getAs("text")).isEqualTo("The website is slow and confusing. [name]");
  }

  @Test
  void howLikelyIsNpsOnlyOnItsScaleAndWithoutAnotherIntent() {
    SourceSpec spec = new SourceSpec();
    spec.name = "s";
    List<String> columns = List.of("How likely are you to buy from us again?", "How likely are you to renew?",
        "How likely are you to tell a friend about us?");
    List<Row> sample = List.of(RowFactory.create("5", "9", "10"), RowFactory.create("2", "3", "0"),
        RowFactory.create("4", "8", "7"));
    String decision = AutoQuestions.choose(spec, columns, sample);
    assertThat(spec.mapping.get("nps")).isEqualTo("`How likely are you to tell a friend about us?`");
    assertThat(decision).startsWith("nps: 'How likely are you to tell a friend about us?'");
  }

  @Test
  void whatTheCatalogMapsOrRemovesStands() {
    List<Row> mapped = rows("typeform_mapped");
    assertThat(mapped.stream().map(r -> r.getAs("nps"))).containsOnlyNulls();
    assertThat(mapped.get(0).<String>getAs("text")).isEqualTo("6");
    assertThat(decided("typeform_mapped")).doesNotContain("nps:").doesNotContain("text:");
  }

  @Test
  void whoAnsweredAndWhenAreNeverQuestions() {
    SourceSpec spec = new SourceSpec();
    spec.name = "s";
    List<String> columns = List.of("Respondent ID", "Email Address", "Submitted At", "Your name",
        "How likely are you to recommend us?", "Comments");
    assertThat(AutoQuestions.candidates(spec, columns)).containsExactly("How likely are you to recommend us?",
        "Comments");
    List<Row> sample = List.of(RowFactory.create("11", "Too slow, and nobody called back"),
        RowFactory.create("7", "Fine by me overall"));
    // 11 is no NPS answer: the question is left, with nothing found to say so.
    String decision = AutoQuestions.choose(spec, List.of("How likely are you to recommend us?", "Comments"), sample);
    assertThat(spec.mapping).doesNotContainKey("nps");
    assertThat(spec.mapping.get("text")).isEqualTo("`Comments`");
    assertThat(decision).isEqualTo("text: 'Comments' (open answers); left as they are: 'How likely are you to "
        + "recommend us?' (numbers from 7 to 11; by its words, none of the questions left to find)");
  }

  @Test
  void aSurveyWhoseQuestionsAreNotFoundSaysWhichColumnsWereLookedAt() {
    SourceSpec spec = new SourceSpec();
    spec.name = "s";
    spec.questionsAuto = true;
    spec.autoDecisions.put("questions", AutoQuestions.choose(spec, List.of("Score", "Remarks"),
        List.of(RowFactory.create("9", "ok"), RowFactory.create("3", "bad"))));
    assertThat(IngestJob.noContentHint(spec)).isEqualTo("the source maps none of text, rating, nps, effort, "
        + "told_count, sentiment_label; questions auto: left as they are: 'Score' (numbers from 3 to 9; by its words, "
        + "none of the questions left to find), 'Remarks' (1.0 words per answer: too short for an open answer); map "
        + "the survey's, such as mapping: {nps: <column>, text: <column>}");
    spec.mapping.put("text", "`Remarks`");
    assertThat(IngestJob.noContentHint(spec)).isEqualTo("no text in those rows: is it mapped to the right column?");
  }
}
