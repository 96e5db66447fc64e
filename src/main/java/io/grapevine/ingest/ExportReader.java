package io.grapevine.ingest;

import io.grapevine.core.UserInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Reads one export format into raw rows: the export's own columns plus the lineage columns of
 * {@link RawColumns}. A record the reader cannot split is kept, with {@code _gv_error} saying why.
 */
public interface ExportReader {
  Dataset<Row> read(SparkSession spark, SourceSpec spec);

  /** The columns the export offers and their types (CSV: all text, from the header). */
  StructType schema(SparkSession spark, SourceSpec spec);

  static ExportReader forFormat(ExportFormat format) {
    return switch (format) {
      case CSV, TSV -> new io.grapevine.ingest.fast.CsvExportReader();
      case JSONL -> new io.grapevine.ingest.fast.JsonLinesExportReader();
      case JSON -> new JsonArrayExportReader();
      case XML -> new XmlExportReader();
      case PARQUET -> new ParquetExportReader();
      case XLSX -> new XlsxExportReader();
      case AUTO -> throw new IllegalStateException("format auto is decided before a reader is chosen");
    };
  }

  /**
   * Decides from the source's first file what its catalog entry leaves open: {@code format: auto}
   * (Parquet's magic bytes, a zip (an Excel workbook), a JSON array, JSON objects on lines, or text with
   * more tabs than commas on its first line (TSV) or not (CSV)); a CSV's or TSV's encoding ({@link #guessEncoding}) and a CSV's
   * delimiter ({@link #sniffDelimiter}) when it gives none; {@code encoding: auto} for any text format.
   */
  static void resolveFormat(SourceSpec spec, Configuration conf) {
    boolean autoFormat = spec.format == ExportFormat.AUTO;
    boolean autoEncoding = "auto".equalsIgnoreCase(spec.options.encoding);
    boolean openEncoding = autoEncoding || !spec.options.encodingGiven && (autoFormat || delimited(spec.format));
    boolean openDelimiter = !spec.options.delimiterGiven && (autoFormat || spec.format == ExportFormat.CSV);
    if (!autoFormat && !openEncoding && !openDelimiter) {
      return;
    }
    String first;
    try {
      first = files(spec, conf).get(0);
    } catch (UserInputException e) {
      if (autoFormat || autoEncoding) {
        throw e;
      }
      return;  // only a default to refine from a file that is not there: the check of every source says so
    }
    byte[] head;
    Path p = new Path(first);
    try (java.io.InputStream in = FileSplits.openFile(p, conf)) {
      head = in.readNBytes(1 << 20);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + first, e);
    }
    String guessed = guessEncoding(head);
    if (openEncoding) {
      // Windows-1252 is a guess for delimited text only (JSON and XML are UTF-8 or say otherwise): below.
      spec.options.encoding = guessed.equals(WINDOWS_1252) ? "UTF-8" : guessed;
    }
    String text = new String(head, TextDecoding.isUtf8(spec.options.encoding)
        ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(spec.options.encoding))
        .replace("\uFEFF", "");
    if (autoFormat) {
      decideFormat(spec, head, text.stripLeading(), first);
    }
    if (openEncoding && guessed.equals(WINDOWS_1252) && delimited(spec.format)) {
      spec.options.encoding = WINDOWS_1252;
    }
    if (!spec.options.skipLinesGiven && spec.options.headerRows == 1 && delimited(spec.format)) {
      sniffTitleLines(spec, text, openDelimiter && spec.format == ExportFormat.CSV);
    }
    if (openDelimiter && spec.format == ExportFormat.CSV) {
      sniffDelimiter(spec, text);
    }
  }

  /** Lines above a header that a report tool writes (a title, when it ran) are looked for this far down. */
  static final int MAX_TITLE_LINES = 10;

  /**
   * A report's title lines above the header ("Customer feedback report", "Generated 2026-11-01", a
   * blank line) are skipped when the catalog gives no {@code skip_lines}: the header is the first line
   * with at least two fields that a line among the next three matches in number, when every line above
   * it has at most half as many. Recorded in the manifest ({@code auto.skip_lines}).
   */
  static void sniffTitleLines(SourceSpec spec, String text, boolean anyDelimiter) {
    List<String> lines = text.lines().limit(MAX_TITLE_LINES + 4L).toList();
    char[] delimiters = anyDelimiter ? new char[] {',', ';', '\t', '|'}
        : new char[] {spec.format == ExportFormat.TSV ? '\t' : spec.options.delimiter};
    // The delimiter that splits most of these lines into the most fields (a semicolon file's decimal
    // commas split a line in two, its semicolons in four); then where its header is.
    int[] counts = null;
    int widest = 0;
    for (char d : delimiters) {
      int[] c = lines.stream().mapToInt(l -> fields(l, d, spec.options.quote)).toArray();
      int median = c.length == 0 ? 0 : java.util.Arrays.stream(c).sorted().toArray()[c.length / 2];
      if (counts == null || median > widest) {
        counts = c;
        widest = median;
      }
    }
    int best = headerLine(counts);
    if (best > 0) {
      spec.options.skipLines = best;
      spec.autoDecisions.put("skip_lines", String.format(java.util.Locale.ROOT, "%d: the lines above the "
          + "header (%s) are a title, not records", best, lines.subList(0, best).stream().filter(l -> !l.isBlank())
          .map(l -> "'" + (l.length() > 40 ? l.substring(0, 40) + "..." : l) + "'")
          .collect(java.util.stream.Collectors.joining(", "))));
    }
  }

  /**
   * Of lines with {@code counts} fields, the header's index: the first line when the next has as many
   * fields, else the first with at least two that a line among the next three matches, every line
   * above it having at most half as many; -1 when none is.
   */
  private static int headerLine(int[] counts) {
    if (counts.length < 2) {
      return -1;
    }
    if (counts[0] >= 2 && counts[0] == counts[1]) {
      return 0;
    }
    for (int h = 1; h <= Math.min(MAX_TITLE_LINES, counts.length - 2); h++) {
      boolean matched = false;
      for (int k = h + 1; k <= Math.min(h + 3, counts.length - 1); k++) {
        matched |= counts[k] == counts[h];
      }
      boolean titles = true;
      for (int j = 0; j < h; j++) {
        titles &= counts[j] * 2 <= counts[h];
      }
      if (counts[h] >= 2 && matched && titles) {
        return h;
      }
    }
    return -1;
  }

  /** Fields on one line split at {@code delimiter} outside quotes (a quoted field may go on below). */
  private static int fields(String line, char delimiter, char quote) {
    if (line.isBlank()) {
      return 0;
    }
    int n = 1;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == quote) {
        quoted = !quoted;
      } else if (c == delimiter && !quoted) {
        n++;
      }
    }
    return n;
  }

  /** Parquet's magic bytes. */
  private static boolean isParquet(byte[] head) {
    return head.length >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1';
  }

  /** A zip archive's first bytes: an Excel workbook (.xlsx) is one. */
  private static boolean isZip(byte[] head) {
    return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
  }

  /** The first bytes of an OLE2 compound file: an Excel 97-2003 workbook (.xls). */
  private static boolean isOldExcel(byte[] head) {
    return head.length >= 4 && (head[0] & 0xFF) == 0xD0 && (head[1] & 0xFF) == 0xCF && (head[2] & 0xFF) == 0x11
        && (head[3] & 0xFF) == 0xE0;
  }

  private static UserInputException oldExcel(SourceSpec spec, String file) {
    return new UserInputException(String.format("Source '%s': file %s is an Excel 97-2003 workbook (.xls): save it "
        + "as .xlsx (format: xlsx) or as CSV UTF-8", spec.name, file));
  }

  /** What Excel on Windows saves a CSV in; {@link #guessEncoding}'s answer for such a file. */
  String WINDOWS_1252 = "windows-1252";

  static boolean delimited(ExportFormat format) {
    return format == ExportFormat.CSV || format == ExportFormat.TSV;
  }

  /** {@code format: auto} from the first file's bytes and their text (leading space and byte-order mark gone). */
  private static void decideFormat(SourceSpec spec, byte[] head, String text, String first) {
    if (isParquet(head)) {
      spec.format = ExportFormat.PARQUET;
    } else if (isZip(head)) {
      spec.format = ExportFormat.XLSX;
    } else if (isOldExcel(head)) {
      throw oldExcel(spec, first);
    } else if (text.startsWith("[")) {
      spec.format = ExportFormat.JSON;
    } else if (text.startsWith("{")) {
      // Objects one per line, or one object over many lines (an API response wrapping its records), or
      // on one line: a response holding the records' field (options.records) is not a record itself.
      String line = text.lines().findFirst().orElse("").trim();
      spec.format = isJsonObject(line) && !wrapsRecords(line, spec.options.records)
          ? ExportFormat.JSONL : ExportFormat.JSON;
    } else if (text.startsWith("<")) {
      throw new UserInputException(String.format("Source '%s': file %s is XML: set format: xml and options.row_tag "
          + "(the element that holds one record)", spec.name, first));
    } else {
      String line = text.lines().findFirst().orElse("");
      if (line.chars().filter(c -> c == '\t').count() > line.chars().filter(c -> c == ',').count()) {
        spec.format = ExportFormat.TSV;
        spec.options.delimiter = '\t';
        spec.options.escape = '\\';
      } else {
        spec.format = ExportFormat.CSV;
      }
    }
  }

  /**
   * The encoding of a text export whose catalog entry gives none (or {@code auto}), from its first bytes:
   * a byte-order mark decides (UTF-16 LE or BE); bytes that are not UTF-8 at three places or more, and no
   * character of two bytes or more that is, mean Windows-1252 (what Excel on Windows saves a CSV in, and
   * a superset of Latin-1's printable characters); anything else is UTF-8, so that a UTF-8 file with a
   * stray bad byte keeps its other characters and quarantines that record.
   */
  static String guessEncoding(byte[] head) {
    if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
      return "UTF-16LE";
    }
    if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
      return "UTF-16BE";
    }
    int invalid = 0;
    int multiByte = 0;
    for (int i = 0; i < head.length; ) {
      int b = head[i] & 0xFF;
      int extra = b < 0x80 ? 0 : b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : -1;
      if (extra == 0) {
        i++;
        continue;
      }
      boolean ok = extra > 0 && i + extra < head.length;
      for (int k = 1; ok && k <= extra; k++) {
        ok = (head[i + k] & 0xC0) == 0x80;
      }
      if (ok) {
        multiByte++;
        i += extra + 1;
      } else {
        // A sequence cut by the end of the bytes read is not counted either way.
        if (extra < 0 || i + extra < head.length) {
          invalid++;
        }
        i++;
      }
    }
    return invalid >= 3 && multiByte == 0 ? WINDOWS_1252 : "UTF-8";
  }

  /**
   * A CSV whose delimiter the catalog does not give is read with the one its header line uses most of
   * comma, semicolon (what Excel writes where the comma is the decimal mark), tab and bar; comma on a tie.
   */
  static void sniffDelimiter(SourceSpec spec, String text) {
    String header = text.lines().skip(spec.options.skipLines).findFirst().orElse("");
    char best = ',';
    long most = header.chars().filter(c -> c == ',').count();
    for (char d : new char[] {';', '\t', '|'}) {
      long n = header.chars().filter(c -> c == d).count();
      if (n > most) {
        most = n;
        best = d;
      }
    }
    spec.options.delimiter = best;
  }

  /** Bytes that are not text in the declared encoding, as an error naming the file and line. */
  static UserInputException invalidBytes(String source, String file, String encoding, long line, Throwable e) {
    return new UserInputException(String.format(
        "Source '%s': file %s has bytes that are not valid %s at or after line %d; "
            + "declare the file's encoding in options.encoding", source, file, encoding, line), e);
  }

  /**
   * Fails with one line when a file's first bytes say it is another format or encoding than its
   * source declares (a JSON file under {@code format: csv}, a UTF-16 file read as UTF-8), instead of
   * letting a parser fail on it somewhere inside. {@code in} is read from its start.
   */
  static void checkLooksLike(SourceSpec spec, String file, java.io.InputStream in) throws IOException {
    byte[] head = in.readNBytes(64);
    String bom = head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE ? "UTF-16LE"
        : head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF ? "UTF-16BE" : null;
    String declared = java.nio.charset.Charset.forName(spec.options.encoding).name();
    if (bom != null && !declared.startsWith("UTF-16")) {
      throw new UserInputException(String.format("Source '%s': file %s starts with a %s byte-order mark but the "
          + "source reads %s: set options.encoding: UTF-16 (or auto)", spec.name, file, bom, declared));
    }
    if (bom == null && declared.startsWith("UTF-16") && head.length >= 2 && head[0] != 0 && head[1] != 0) {
      throw new UserInputException(String.format("Source '%s': file %s is not UTF-16 (no byte-order mark, no zero "
          + "bytes) but the source reads %s: set options.encoding: UTF-8 (or auto)", spec.name, file, declared));
    }
    if (bom != null || spec.format == ExportFormat.PARQUET || spec.format == ExportFormat.XLSX) {
      return;
    }
    if (isOldExcel(head)) {
      throw oldExcel(spec, file);
    }
    int i = head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF ? 3 : 0;
    while (i < head.length && Character.isWhitespace(head[i])) {
      i++;
    }
    if (i >= head.length) {
      return;
    }
    char first = (char) head[i];
    String looks = isParquet(head) ? "parquet"
        : isZip(head) ? "xlsx" : first == '[' ? "json" : first == '{' ? "jsonl" : first == '<' ? "xml" : null;
    boolean csvLike = spec.format == ExportFormat.CSV || spec.format == ExportFormat.TSV;
    String hint = null;
    if (csvLike && looks != null) {
      hint = looks.equals("json") ? "JSON (an array): set format: json"
          : looks.equals("jsonl") ? "JSON: set format: jsonl (one object per line) or json (an array)"
          : looks.equals("xml") ? "XML: set format: xml and options.row_tag"
          : looks.equals("xlsx") ? "an Excel workbook (.xlsx): set format: xlsx" : "Parquet: set format: parquet";
    } else if (spec.format == ExportFormat.JSONL && "json".equals(looks)) {
      hint = "a JSON array: set format: json";
    } else if (spec.format == ExportFormat.JSON && "jsonl".equals(looks) && spec.options.records.isEmpty()) {
      hint = "JSON objects, not an array: set format: jsonl (one object per line), or options.records to the "
          + "field whose array holds the records";
    } else if ((spec.format == ExportFormat.JSON || spec.format == ExportFormat.JSONL) && looks == null) {
      hint = "not JSON (it starts with '" + first + "'): is it csv?";
    } else if (spec.format == ExportFormat.XML && !"xml".equals(looks)) {
      hint = "not XML (it starts with '" + first + "')";
    }
    if (hint != null) {
      throw new UserInputException(String.format("Source '%s': file %s looks like %s (format: %s declared)",
          spec.name, file, hint, spec.format.name().toLowerCase(java.util.Locale.ROOT)));
    }
  }

  /** {@link #checkLooksLike} on a source's files (the first 100); the problems found, one line each. */
  static List<String> checkFiles(SourceSpec spec, Configuration conf) {
    List<String> problems = new ArrayList<>();
    for (String file : files(spec, conf).stream().limit(100).toList()) {
      Path p = new Path(file);
      if (FileSplits.isZip(file)) {
        String problem = zipProblem(spec, file, p, conf);
        if (problem != null) {
          problems.add(problem);
          break;
        }
      }
      try (java.io.InputStream in = FileSplits.openFile(p, conf)) {
        checkLooksLike(spec, file, in);
      } catch (UserInputException e) {
        problems.add(e.getMessage());
        break;
      } catch (IOException e) {
        problems.add(String.format("Source '%s': file %s cannot be read: %s", spec.name, file, e.getMessage()));
        break;
      }
    }
    return problems;
  }

  /** What keeps a zip archive from being read as one export: not exactly one file in it, or a format read by Spark. */
  private static String zipProblem(SourceSpec spec, String file, Path p, Configuration conf) {
    List<String> inside;
    try {
      inside = FileSplits.archivedFiles(p, conf);
    } catch (IOException e) {
      return String.format("Source '%s': file %s is not a zip archive that can be read: %s", spec.name, file,
          e.getMessage());
    }
    if (inside.size() != 1) {
      return String.format("Source '%s': zip archive %s holds %d files (%s): unzip it and give the path of the "
          + "one to read, or a glob", spec.name, file, inside.size(),
          String.join(", ", inside.stream().limit(10).toList()) + (inside.size() > 10 ? ", ..." : ""));
    }
    if (spec.format != ExportFormat.CSV && spec.format != ExportFormat.TSV && spec.format != ExportFormat.JSONL
        && spec.format != ExportFormat.AUTO) {
      return String.format("Source '%s': zip archive %s: a zipped %s export is not read; unzip it", spec.name, file,
          spec.format.name().toLowerCase(java.util.Locale.ROOT));
    }
    return null;
  }

  /** Whether the object on {@code line} holds an array under one of the fields {@code records}. */
  private static boolean wrapsRecords(String line, List<String> records) {
    if (records.isEmpty()) {
      return false;
    }
    try {
      com.fasterxml.jackson.databind.JsonNode node = io.grapevine.core.StageRun.JSON.readTree(line);
      return records.stream().anyMatch(field -> node.at("/" + field.replace('.', '/')).isArray());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return false;
    }
  }

  /** Whether a line holds one whole JSON object. */
  private static boolean isJsonObject(String line) {
    try {
      return io.grapevine.core.StageRun.JSON.readTree(line).isObject();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return false;
    }
  }

  /** The files a source's path or glob names, in order; an error when it names none. */
  static List<String> files(SourceSpec spec, Configuration conf) {
    return new ArrayList<>(fileSizes(spec, conf).keySet());
  }

  /** The files a source's path or glob names, in order, with their sizes in bytes. */
  static java.util.SortedMap<String, Long> fileSizes(SourceSpec spec, Configuration conf) {
    try {
      Path glob = new Path(spec.path);
      FileStatus[] found = glob.getFileSystem(conf).globStatus(glob);
      java.util.SortedMap<String, Long> files = new java.util.TreeMap<>();
      if (found != null) {
        Arrays.stream(found).filter(FileStatus::isFile).forEach(f -> files.put(f.getPath().toString(), f.getLen()));
      }
      if (files.isEmpty()) {
        throw new UserInputException(
            String.format("Source '%s': path %s matches no file", spec.name, spec.path));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + spec.path, e);
    }
  }

  /** The key of a column's metadata that holds its question's wording, where the export gives it apart from its name. */
  String QUESTION = "question";

  /** A column's metadata holding its question's wording ({@link #QUESTION}), empty for null. */
  static org.apache.spark.sql.types.Metadata question(String wording) {
    return wording == null ? org.apache.spark.sql.types.Metadata.empty()
        : new org.apache.spark.sql.types.MetadataBuilder().putString(QUESTION, wording).build();
  }

  /** The wording of each column's question, where the export gives it apart from the name. */
  static java.util.Map<String, String> questions(StructType schema) {
    java.util.Map<String, String> found = new java.util.HashMap<>();
    for (org.apache.spark.sql.types.StructField f : schema.fields()) {
      if (f.metadata().contains(QUESTION)) {
        found.put(f.name(), f.metadata().getString(QUESTION));
      }
    }
    return found;
  }
}
