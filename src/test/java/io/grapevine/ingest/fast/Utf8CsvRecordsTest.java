package io.grapevine.ingest.fast;

import io.grapevine.ingest.SourceSpec;
import io.grapevine.ingest.FileSplits;
import io.grapevine.ingest.TextDecoding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.univocity.parsers.csv.CsvParser;
import io.grapevine.core.UserInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte parser reads CSV exactly as univocity does (the reader it replaces for UTF-8 files):
 * the same rows, lines, raw records, fields, nulls and errors, on generated files with junk lines,
 * one to three header rows, every line end, quoted fields over lines, doubled quotes, empty and
 * blank lines, short and long records, multi-byte characters, a byte-order mark or none, no line
 * end at the end; and where a file breaks RFC 4180 (a stray quote), univocity reads the rest.
 */
class Utf8CsvRecordsTest {
  private static final String[] ENDS = {"\n", "\r\n", "\r"};
  private static final String[] WORDS = {"late", "\u00e9t\u00e9", "\u043f\u043b\u043e\u0445\u043e", "a,b",
      "say \"hi\"", " ", "", "\ud83d\ude00", "tab\there", "x;y", "\u2003"};

  private static String field(SplittableRandom r, boolean stray) {
    StringBuilder text = new StringBuilder();
    for (int w = r.nextInt(0, 4); w > 0; w--) {
      text.append(WORDS[r.nextInt(WORDS.length)]);
      if (r.nextInt(6) == 0) {
        text.append(ENDS[r.nextInt(3)]);
      }
    }
    String t = text.toString();
    if (stray) {
      return "a 12\" screen";
    }
    boolean mustQuote = t.matches("(?s).*[,\"\r\n].*");
    return mustQuote || r.nextInt(4) == 0 ? "\"" + t.replace("\"", "\"\"") + "\"" : t;
  }

  private static String csv(long seed, SourceSpec.ReaderOptions options, boolean stray) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder b = new StringBuilder(r.nextBoolean() ? "\ufeff" : "");
    for (int i = 0; i < options.skipLines; i++) {
      b.append(r.nextBoolean() ? "junk, \"unbalanced" : "").append(ENDS[r.nextInt(3)]);
    }
    for (int h = 0; h < options.headerRows; h++) {
      b.append(h == 0 ? "\"\"," : ",").append("id,\"the text\",rating").append(ENDS[r.nextInt(3)]);
    }
    int records = 150;
    for (int i = 0; i < records; i++) {
      int fields = r.nextInt(12) == 0 && !(stray && i == records / 2) ? r.nextInt(1, 6) : 4;
      List<String> values = new ArrayList<>();
      for (int f = 0; f < fields; f++) {
        values.add(f == 0 ? String.valueOf(i) : field(r, stray && i == records / 2 && f == 2));
      }
      b.append(String.join(",", values));
      if (i < records - 1 || r.nextBoolean()) {
        b.append(ENDS[r.nextInt(3)]);
      }
      switch (r.nextInt(15)) {
        case 0 -> b.append(ENDS[r.nextInt(3)]);
        case 1 -> b.append("  ").append(ENDS[r.nextInt(3)]);
        case 2 -> b.append("\"\"").append(ENDS[r.nextInt(3)]);
        default -> { }
      }
    }
    return b.toString();
  }

  private static List<List<Object>> rows(CsvExportReader.ParseFiles parse, Path file) throws Exception {
    Iterator<InternalRow> it = parse.call(List.of(List.of(new FileSplits.Split(file.toString(), 0, -1, 1))).iterator());
    List<List<Object>> out = new ArrayList<>();
    while (it.hasNext()) {
      InternalRow row = it.next();
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < row.numFields(); i++) {
        values.add(row.isNullAt(i) ? null : i == 1 ? (Object) row.getLong(i) : row.getUTF8String(i).toString());
      }
      out.add(values);
    }
    return out;
  }

  private static CsvExportReader.ParseFiles parser(Path file, SourceSpec.ReaderOptions options) throws Exception {
    CsvParser header = new CsvParser(CsvExportReader.settings(options));
    header.beginParsing(TextDecoding.open(Files.newInputStream(file), "UTF-8"));
    List<String> names = CsvExportReader.readHeader(header::parseNext, options);
    return new CsvExportReader.ParseFiles("gen", options, names, Map.of());
  }

  private static SourceSpec.ReaderOptions options(long seed) {
    SourceSpec.ReaderOptions o = new SourceSpec.ReaderOptions();
    o.skipLines = (int) (seed % 3);
    o.headerRows = 1 + (int) (seed % 2);
    return o;
  }

  @Test
  void bytesAndUnivocityReadTheSameRows(@TempDir Path dir) throws Exception {
    int multiLine = 0;
    for (long seed = 1; seed <= 40; seed++) {
      SourceSpec.ReaderOptions options = options(seed);
      Path file = dir.resolve("gen-" + seed + ".csv");
      Files.writeString(file, csv(seed, options, false), StandardCharsets.UTF_8);
      CsvExportReader.ParseFiles parse = parser(file, options);
      List<List<Object>> reference = rows(parse.univocityOnly(), file);
      List<List<Object>> fromBytes = rows(parse, file);
      assertThat(fromBytes).as("seed %d", seed).containsExactlyElementsOf(reference);
      assertThat(reference.size()).as("seed %d", seed).isBetween(140, 160);
      multiLine += (int) reference.stream().filter(row -> ((String) row.get(2)).contains("\n")).count();
    }
    assertThat(multiLine).as("records over several lines").isGreaterThan(300);
  }

  private static List<String> records(byte[] bytes, SourceSpec.ReaderOptions options, int window) throws Exception {
    List<String> out = new ArrayList<>();
    try (Utf8CsvRecords records = new Utf8CsvRecords(new java.io.ByteArrayInputStream(bytes), 1, true, ',', '"',
        window)) {
      records.skipLines(options.skipLines);
      while (records.next()) {
        out.add(records.recordLine() + "|" + records.raw() + "|" + Arrays.toString(records.fields()));
      }
    }
    return out;
  }

  @Test
  void aWindowOfAFewBytesReadsAsALargeOne() throws Exception {
    for (long seed = 1; seed <= 8; seed++) {
      SourceSpec.ReaderOptions options = options(seed);
      byte[] bytes = csv(seed, options, false).getBytes(StandardCharsets.UTF_8);
      List<String> large = records(bytes, options, Utf8Input.WINDOW);
      assertThat(large).hasSizeGreaterThan(150);
      for (int window : new int[] {1, 2, 3, 5, 8, 13}) {
        assertThat(records(bytes, options, window)).as("seed %d, window %d", seed, window)
            .containsExactlyElementsOf(large);
      }
    }
  }

  @Test
  void afterAStrayQuoteUnivocityReadsTheRestAndNothingIsLostOrRepeated(@TempDir Path dir) throws Exception {
    for (long seed = 41; seed <= 46; seed++) {
      SourceSpec.ReaderOptions options = options(seed);
      Path file = dir.resolve("stray-" + seed + ".csv");
      Files.writeString(file, csv(seed, options, true), StandardCharsets.UTF_8);
      CsvExportReader.ParseFiles parse = parser(file, options);
      List<List<Object>> reference = rows(parse.univocityOnly(), file);
      assertThat(reference).anySatisfy(row -> assertThat(row).contains("a 12\" screen"));
      assertThat(rows(parse, file)).as("seed %d", seed).containsExactlyElementsOf(reference);
    }
  }

  @Test
  void bytesThatAreNotUtf8QuarantineTheirRecordOrFailTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mixed.csv");
    byte[] head = "id,text\n1,fine\n2,\"two\nlines\"\n".getBytes(StandardCharsets.UTF_8);
    byte[] bad = "3,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] tail = "4,after\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(head, head.length + bad.length + tail.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
    Files.write(file, all);
    SourceSpec.ReaderOptions options = new SourceSpec.ReaderOptions();
    List<List<Object>> rows = rows(new CsvExportReader.ParseFiles("mixed", options, List.of("id", "text"), Map.of()),
        file);
    assertThat(rows).hasSize(4);
    // The record with the bad byte (0xE9, on line 5, the 35th byte of the file) is named; the next is read.
    assertThat(rows.get(2).get(3)).isEqualTo("bad_encoding: byte 0xE9 on line 5 (file offset 34) is not UTF-8");
    assertThat(rows.get(2).get(2)).isEqualTo("3,caf\uFFFD");
    assertThat(rows.get(3)).containsExactly(file.toString(), 6L, "4,after", null, "4", "after");
    options.onInvalidBytes = "fail";
    assertThatThrownBy(() -> rows(new CsvExportReader.ParseFiles("mixed", options, List.of("id", "text"), Map.of()),
        file))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("mixed.csv has bytes that are not valid UTF-8 at or after line 5; ");
  }

  @Test
  void utf8ValidationAgreesWithJavasDecoder() throws Exception {
    SplittableRandom r = new SplittableRandom(7);
    byte[] interesting = {(byte) 0x80, (byte) 0xBF, (byte) 0xC0, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0,
        (byte) 0xED, (byte) 0xEF, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0x9F, (byte) 0xA0, 'a'};
    for (int n = 0; n < 20_000; n++) {
      byte[] bytes = new byte[r.nextInt(1, 6)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = interesting[r.nextInt(interesting.length)];
      }
      boolean javaSays = true;
      try {
        StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
      } catch (java.nio.charset.CharacterCodingException e) {
        javaSays = false;
      }
      boolean oursSays = true;
      try (Utf8CsvRecords records = new Utf8CsvRecords(new java.io.ByteArrayInputStream(bytes), 1, false, ',', '"')) {
        while (records.next()) {
          oursSays &= records.error() == null;
        }
      } catch (Utf8CsvRecords.Irregular e) {
        // no quotes are generated
        throw e;
      }
      assertThat(oursSays).as("%s", Arrays.toString(bytes)).isEqualTo(javaSays);
    }
  }
}
