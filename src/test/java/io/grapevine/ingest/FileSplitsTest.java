package io.grapevine.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a file in pieces gives exactly the rows (lines, raw records, fields, errors) of reading
 * it whole, on generated exports full of what makes cutting hard: quoted fields over several
 * lines, doubled quotes, CR LF, bare CR and LF line ends, blank lines, a byte-order mark and
 * multi-byte characters, with pieces of a few hundred bytes so that cuts fall everywhere.
 */
class FileSplitsTest {
  private static final String[] WORDS = {"late", "refund", "\u00e9t\u00e9", "\u043f\u043b\u043e\u0445\u043e",
      "\"quoted\"", "a,b", "ok", "\u2014", "tab\there"};

  private static String csv(long seed, int records, boolean strayQuote) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] ends = {"\n", "\r\n", "\r"};
    StringBuilder b = new StringBuilder("\ufeffjunk line before the header\r\nid,rating,text\r\n");
    for (int i = 0; i < records; i++) {
      String end = ends[r.nextInt(3)];
      StringBuilder text = new StringBuilder();
      for (int w = r.nextInt(1, 12); w > 0; w--) {
        text.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(8) == 0 ? ends[r.nextInt(3)] : " ");
      }
      boolean quoted = r.nextBoolean() || text.toString().matches("(?s).*[,\"\r\n].*");
      String t = quoted ? "\"" + text.toString().replace("\"", "\"\"") + "\"" : text.toString();
      if (strayQuote && i == records / 3) {
        t = "a 12\" screen";  // a quote inside an unquoted field: not RFC 4180
      }
      b.append("r").append(i).append(',').append(r.nextInt(1, 6)).append(',').append(t).append(end);
      if (r.nextInt(20) == 0) {
        b.append(end);  // a blank line
      }
    }
    return b.toString();
  }

  private static SourceSpec spec(Path file, ExportFormat format) {
    SourceSpec spec = new SourceSpec();
    spec.name = "pieces";
    spec.path = file.toString();
    spec.format = format;
    spec.options.skipLines = format == ExportFormat.CSV ? 1 : 0;
    return spec;
  }

  /** Rows read with pieces of about {@code pieceBytes} (0: whole files). */
  private static List<Row> read(Path file, ExportFormat format, long pieceBytes) {
    // A session of its own (same Spark, own settings): tests running beside this one keep theirs.
    SparkSession spark = SparkTestSession.get().newSession();
    if (pieceBytes > 0) {
      spark.conf().set("spark.sql.files.maxPartitionBytes", String.valueOf(pieceBytes));
      spark.conf().set("spark.sql.files.openCostInBytes", "1");
    }
    ExportReader reader = ExportReader.forFormat(format);
    reader.schema(spark, spec(file, format));
    return reader.read(spark, spec(file, format)).orderBy(RawColumns.LINE).collectAsList();
  }

  private static int pieces(Path file, char quote, long pieceBytes) throws Exception {
    TreeMap<String, Long> files = new TreeMap<>();
    files.put(file.toString(), Files.size(file));
    return FileSplits.plan(SparkTestSession.get(), files, pieceBytes, "UTF-8", ',', quote, quote).size();
  }

  @Test
  void aCsvReadInPiecesEqualsItReadWhole(@TempDir Path dir) throws Exception {
    for (long seed = 1; seed <= 2; seed++) {
      Path file = dir.resolve("export-" + seed + ".csv");
      Files.writeString(file, csv(seed, 400, false), StandardCharsets.UTF_8);
      List<Row> whole = read(file, ExportFormat.CSV, 0);
      List<Row> cut = read(file, ExportFormat.CSV, 211 + seed * 37);

      assertThat(pieces(file, '"', 211 + seed * 37)).as("pieces of seed %d", seed).isGreaterThan(40);
      assertThat(whole).hasSize(400);
      assertThat(cut).as("seed %d", seed).containsExactlyElementsOf(whole);
      assertThat(whole.stream().filter(r -> r.getString(2).contains("\n")).count())
          .as("records over several lines").isGreaterThan(50);
    }
  }

  @Test
  void aFileWithAStrayQuoteIsReadWholeAndStillRight(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("stray.csv");
    Files.writeString(file, csv(9, 300, true), StandardCharsets.UTF_8);
    assertThat(pieces(file, '"', 200)).isEqualTo(1);
    assertThat(read(file, ExportFormat.CSV, 200)).containsExactlyElementsOf(read(file, ExportFormat.CSV, 0));
  }

  @Test
  void jsonLinesReadInPiecesEqualThemReadWhole(@TempDir Path dir) throws Exception {
    SplittableRandom r = new SplittableRandom(5);
    String[] ends = {"\n", "\r\n", "\r"};
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      b.append("{\"id\":\"j").append(i).append("\",\"text\":\"")
          .append(WORDS[r.nextInt(WORDS.length)].replace("\"", "\\\"").replace("\t", "\\t"))
          .append("\\n\\\"x\\\"\"}").append(ends[r.nextInt(3)]);
      if (i % 50 == 7) {
        b.append("not json").append(ends[r.nextInt(3)]);
      }
    }
    Path file = dir.resolve("export.jsonl");
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    assertThat(pieces(file, (char) 0, 300)).isGreaterThan(50);
    List<Row> whole = read(file, ExportFormat.JSONL, 0);
    assertThat(whole).hasSize(510);
    List<Row> broken = whole.stream().filter(row -> !row.isNullAt(3)).toList();
    assertThat(broken).extracting(row -> row.getString(2)).hasSize(10).containsOnly("not json");
    assertThat(broken.get(0).getLong(1)).as("the line after object 7").isEqualTo(9L);
    assertThat(whole.get(0).getString(4)).as("the first object's id").isEqualTo("j0");
    assertThat(read(file, ExportFormat.JSONL, 300)).containsExactlyElementsOf(whole);
  }
}
