package io.grapevine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A report's title lines above a CSV's header are found; a file whose first line is its header is left alone. */
class TitleLinesTest {
  private static SourceSpec sniff(String text, boolean anyDelimiter) {
    SourceSpec spec = new SourceSpec();
    spec.name = "s";
    spec.format = ExportFormat.CSV;
    ExportReader.sniffTitleLines(spec, text, anyDelimiter);
    return spec;
  }

  @Test
  void titleLinesAboveTheHeaderAreSkipped() {
    SourceSpec report = sniff("Customer feedback report\nGenerated 2026-11-01 by Acme BI\n\nReview ID,Date,Rating,Comment\n"
        + "1,2026-10-01,4,Good\n2,2026-10-02,1,\"Slow, rude\"\n", true);
    assertThat(report.options.skipLines).isEqualTo(3);
    assertThat(report.autoDecisions.get("skip_lines")).isEqualTo("3: the lines above the header ('Customer feedback "
        + "report', 'Generated 2026-11-01 by Acme BI') are a title, not records");
    // What unzip printed above CFPB's header when a download was piped into a file.
    assertThat(sniff("Archive:  /Users/x/Downloads/complaints.csv.zip\n  inflating: complaints.csv\n"
        + "Date received,Product,Issue,Complaint ID\n2020-03-18,\"Credit reporting, repair\",Wrong info,3564436\n", true)
        .options.skipLines).isEqualTo(2);
    // A title with a comma in it, above a header of four: still a title. And semicolons.
    assertThat(sniff("Reviews, October\nid,when,rating,text\n1,2026-10-01,4,ok\n", true).options.skipLines).isEqualTo(1);
    assertThat(sniff("Export du 01/11/2026\nid;date;note;texte\n1;2026-10-01;4;bien\n", true).options.skipLines)
        .isEqualTo(1);
  }

  @Test
  void aFileWhoseFirstLineIsItsHeaderIsLeftAsItIs() {
    assertThat(sniff("id,when,text\n1,2026-10-01,ok\n", true).options.skipLines).isZero();
    // Records with a trailing comma more than the header: the header is still the header.
    assertThat(sniff("id,when,rating,text,lang\n1,2026-10-01,4,ok,en,\n2,2026-10-02,5,fine,en,\n", true)
        .options.skipLines).isZero();
    // A header of one column, and a record whose quoted text runs over lines.
    assertThat(sniff("text\nGood\nBad\n", true).options.skipLines).isZero();
    assertThat(sniff("id,text\n1,\"line one\nline two, three\"\n2,ok\n", true).options.skipLines).isZero();
    assertThat(sniff("only one line, no records", true).autoDecisions).isEmpty();
    // A header, then a broken record, then records whose texts hold semicolons: the commas decide.
    assertThat(sniff("id,when,text\n1,2026-10-01,ok,extra,fields\n2,2026-10-02,\"a; b\"\n3,2026-10-03,\"c; d\"\n"
        + "4,2026-10-04,e\n", true).options.skipLines).isZero();
    // A semicolon file whose records hold commas (decimal commas, texts): its header is its first line.
    assertThat(sniff("Nr;Datum;Score;Opmerking\r\n1;2026-10-02;4,5;\"Snel; prima\"\r\n2;2026-10-03;2;Te laat, en "
        + "beschadigd\r\n", true).options.skipLines).isZero();
    assertThat(sniff("Nr;Datum;Opmerking\n1;2026-10-04;Très bien, café à 9h\n2;2026-10-05;Geen reactie, één ster\n",
        true).options.skipLines).isZero();
  }
}
