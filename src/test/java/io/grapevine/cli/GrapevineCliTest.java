package io.grapevine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GrapevineCliTest {
  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Grapevine.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void anUnknownSubcommandIsOneLineNamingTheKnownOnes() {
    Result r = run("frobnicate");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).startsWith("grapevine: Unknown subcommand 'frobnicate': expected one of ingest, enrich,");
  }

  @Test
  void aMonthOutOfRangeIsOneLineSayingWhatIsExpected() {
    Result r = run("metrics", "--month", "2026-13", "--out", "/tmp/x");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("Invalid value for option '--month': '2026-13' is not a month: "
        + "expected YYYY-MM with MM from 01 to 12");
    assertThat(r.err()).doesNotContain("Exception");
  }

  @Test
  void aMissingCatalogIsAUserErrorFoundBeforeSparkStarts() {
    Result r = run("ingest", "--month", "2026-10", "--catalog", "/nonexistent/catalog.yaml",
        "--out", "/tmp/x", "--dev-pseudonym-key");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("grapevine ingest: Catalog file /nonexistent/catalog.yaml does not exist");
  }

  @Test
  void sqlCsvNeutralizesCellsASpreadsheetWouldRunUnlessAskedForRaw() {
    String out = io.grapevine.SampleRun.out().toString();
    String query = "SELECT '=HYPERLINK(\"http://x\",\"y\")' AS a, '=cmd|'' /C calc''!A0' AS b, '+1+1' AS c, "
        + "'@SUM(1,1)' AS d, '-0.5' AS e, 'plain' AS f, '\t=1' AS g";
    Result safe = run("sql", "--out", out, query);
    assertThat(safe.code()).as(safe.err()).isZero();
    assertThat(safe.out().lines().skip(1).findFirst().orElseThrow())
        .isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'=cmd|' /C calc'!A0,'+1+1,\"'@SUM(1,1)\",-0.5,plain,'\t=1");
    Result raw = run("sql", "--raw", "--out", out, query);
    assertThat(raw.out().lines().skip(1).findFirst().orElseThrow()).startsWith("\"=HYPERLINK(").contains(",+1+1,");
  }

  @Test
  void historyListsATablesVersionsWithTheirRunsAndMaintainKeepsWhatTheyNeed() {
    String out = io.grapevine.SampleRun.out().toString();
    Result history = run("history", "--out", out, "channel_monthly");
    assertThat(history.code()).as(history.err()).isZero();
    assertThat(history.out().lines().findFirst().orElseThrow()).startsWith("version  time");
    assertThat(history.out()).contains("metrics").contains("WRITE");
    Result unknown = run("history", "--out", out, "no_such_table");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unknown table 'no_such_table': expected one of [feedback, quarantine");
  }

  @Test
  void aMissingRequiredOptionIsNamed() {
    Result r = run("report", "--month", "2026-10");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option: '--out=URI'");
  }

  @Test
  void everySubcommandHasHelp() {
    for (String sub : new String[] {"ingest", "enrich", "metrics", "train-churn", "score-churn",
        "report", "run-all", "generate", "sql", "history", "maintain"}) {
      Result r = run(sub, "--help");
      assertThat(r.code()).as(sub).isZero();
      assertThat(r.out()).as(sub).contains("Usage: grapevine " + sub);
    }
  }
}
