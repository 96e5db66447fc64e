package io.grapevine.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Cuts large text exports into pieces that tasks read side by side, each starting on a record's
 * first line, with that line's number, so lineage stays exact.
 *
 * <p>A file is cut only where no quoted field can be open: a first job counts, per chunk of the
 * file and in parallel, its quotes and line ends and where its first line end outside quotes
 * lies under either assumption (the chunk starts inside or outside a quoted field); the quotes
 * before a chunk say which assumption holds. The same pass checks that every quote stands where
 * RFC 4180 allows (opening a field, closing it before a delimiter or line end, or doubled inside
 * it); a file with a stray quote anywhere, or an odd number of quotes (one never closed), is read
 * whole, by one task, as before. Only encodings in
 * which the delimiter, the quote and line ends are single bytes that no other character contains
 * (UTF-8, ASCII, the ISO-8859 and Windows code pages) are cut, and only when the escape is the
 * quote itself.
 */
public final class FileSplits {
  private FileSplits() {}

  /** A byte range of a file holding whole records; {@code firstLine} is the 1-based line it starts on. */
  public record Split(String file, long start, long end, long firstLine) implements Serializable {
    public boolean atFileStart() {
      return start == 0;
    }

    /** The range's bytes (a whole file when it is one; a compressed file is always whole, and decompressed). */
    public InputStream open(Configuration conf) throws IOException {
      Path path = new Path(file);
      if (compressed(file, conf)) {
        return openFile(path, conf);
      }
      FSDataInputStream in = path.getFileSystem(conf).open(path);
      if (start > 0) {
        in.seek(start);
      }
      return end < 0 ? in : com.google.common.io.ByteStreams.limit(in, end - start);
    }
  }

  /**
   * A file's bytes, decompressed when its name ends in a compression codec's extension Hadoop knows
   * ({@code .gz}, {@code .bz2}, {@code .deflate}...) or in {@code .zip} (the first file the archive
   * holds; the catalog check refuses an archive of several): exports are often downloaded compressed.
   * Every reader of an export's bytes opens it here.
   */
  public static InputStream openFile(Path path, Configuration conf) throws IOException {
    InputStream in = path.getFileSystem(conf).open(path);
    if (isZip(path.getName())) {
      // A zip archive (as Kaggle and the CFPB hand out downloads): the one file it holds.
      java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(in);
      for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (archivedFile(e)) {
          return zip;
        }
      }
      zip.close();
      return InputStream.nullInputStream();
    }
    org.apache.hadoop.io.compress.CompressionCodec codec =
        new org.apache.hadoop.io.compress.CompressionCodecFactory(conf).getCodec(path);
    if (codec == null) {
      return in;
    }
    try {
      return codec.createInputStream(in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Whether {@link #openFile} decompresses {@code file}: such a file is read whole, never cut. */
  public static boolean compressed(String file, Configuration conf) {
    return isZip(file) || new org.apache.hadoop.io.compress.CompressionCodecFactory(conf).getCodec(new Path(file)) != null;
  }

  static boolean isZip(String file) {
    return file.toLowerCase(java.util.Locale.ROOT).endsWith(".zip");
  }

  /** An archive's entry that is a file of its own, not a folder or the resource forks macOS adds. */
  static boolean archivedFile(java.util.zip.ZipEntry e) {
    return !e.isDirectory() && !e.getName().startsWith("__MACOSX/") && !e.getName().endsWith(".DS_Store");
  }

  /** The files a zip archive holds (reading through it once). */
  static List<String> archivedFiles(Path path, Configuration conf) throws IOException {
    List<String> names = new ArrayList<>();
    try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(path.getFileSystem(conf).open(path))) {
      for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (archivedFile(e)) {
          names.add(e.getName());
        }
      }
    }
    return names;
  }

  /**
   * A source's files as tasks: pieces of about a core's share of the source (at least
   * {@code spark.sql.files.openCostInBytes}, at most {@code spark.sql.files.maxPartitionBytes}), and
   * small files packed together up to that size. {@code quote} is 0 for a format without quoting.
   */
  public static List<List<Split>> tasks(SparkSession spark, SourceSpec spec, char quote, char escape) {
    SortedMap<String, Long> files = ExportReader.fileSizes(spec, spark.sparkContext().hadoopConfiguration());
    long total = files.values().stream().mapToLong(Long::longValue).sum();
    var conf = spark.sessionState().conf();
    long piece = Math.min(conf.filesMaxPartitionBytes(), Math.max(conf.filesOpenCostInBytes(),
        total / Math.max(1, spark.sparkContext().defaultParallelism())));
    List<Split> splits = plan(spark, files, piece, spec.options.encoding, spec.options.delimiter, quote, escape);
    List<List<Split>> tasks = new ArrayList<>();
    List<Split> current = new ArrayList<>();
    long bytes = 0;
    for (Split s : splits) {
      long size = s.end() < 0 ? files.get(s.file()) : s.end() - s.start();
      if (!current.isEmpty() && bytes + size > piece) {
        tasks.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(s);
      bytes += size;
    }
    if (!current.isEmpty()) {
      tasks.add(current);
    }
    return tasks;
  }

  /** The pieces of a partition's tasks, in order. */
  public static java.util.Iterator<Split> flatten(java.util.Iterator<List<Split>> tasks) {
    List<Split> all = new ArrayList<>();
    tasks.forEachRemaining(all::addAll);
    return all.iterator();
  }

  /** What one chunk holds, under each assumption about whether it starts inside quotes. */
  public record ChunkStats(String file, int index, long quotes, long[] lineEnds, long[] firstCut, long[] linesToCut,
      boolean[] wellFormed) implements Serializable {}

  /**
   * The pieces of {@code files}: whole files when small or when cutting is unsafe, otherwise cuts
   * near every {@code chunkBytes}. {@code quote} is 0 for a format without quoting (JSON lines).
   */
  public static List<Split> plan(SparkSession spark, SortedMap<String, Long> files, long chunkBytes,
      String encoding, char delimiter, char quote, char escape) {
    boolean cuttable = chunkBytes > 0 && singleByteSyntax(encoding, delimiter, quote)
        && (quote == 0 || escape == quote);
    // Every chunk of every file to cut, scanned in one job.
    List<Chunk> chunks = new ArrayList<>();
    for (Map.Entry<String, Long> f : files.entrySet()) {
      if (cuttable && f.getValue() > chunkBytes && !compressed(f.getKey(), spark.sparkContext().hadoopConfiguration())) {
        for (int i = 0; (long) i * chunkBytes < f.getValue(); i++) {
          chunks.add(new Chunk(f.getKey(), i, (long) i * chunkBytes, Math.min(f.getValue(), (i + 1L) * chunkBytes)));
        }
      }
    }
    Map<String, List<ChunkStats>> stats = new HashMap<>();
    if (!chunks.isEmpty()) {
      Map<String, String> conf = confOf(spark.sparkContext().hadoopConfiguration());
      // Without quoting there are no fields to start: only line ends matter.
      byte d = quote == 0 ? (byte) '\n' : (byte) delimiter;
      byte q = (byte) quote;
      JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(chunks, chunks.size())
          .map(c -> scan(c.file(), c.from(), c.to(), c.index(), d, q, conf))
          .collect()
          .forEach(c -> stats.computeIfAbsent(c.file(), k -> new ArrayList<>()).add(c));
    }
    List<Split> splits = new ArrayList<>();
    for (Map.Entry<String, Long> f : files.entrySet()) {
      List<ChunkStats> scanned = stats.get(f.getKey());
      splits.addAll(scanned == null ? List.of(new Split(f.getKey(), 0, -1, 1))
          : cut(f.getKey(), f.getValue(), new ArrayList<>(scanned)));
    }
    return splits;
  }

  /** A byte range of a file to scan. */
  private record Chunk(String file, int index, long from, long to) implements Serializable {}

  /** The pieces of one file from its chunks' counts; the whole file when a quote stands astray. */
  private static List<Split> cut(String file, long size, List<ChunkStats> stats) {
    stats.sort((a, b) -> Integer.compare(a.index(), b.index()));
    if (stats.stream().mapToLong(ChunkStats::quotes).sum() % 2 != 0) {
      // A quote never closed: where records end after it is known only reading from the start.
      return List.of(new Split(file, 0, -1, 1));
    }
    List<Split> splits = new ArrayList<>();
    long quotesBefore = 0;
    long linesBefore = 0;
    long start = 0;
    long startLine = 1;
    for (ChunkStats s : stats) {
      int inQuotes = (int) (quotesBefore % 2);
      if (!s.wellFormed()[inQuotes]) {
        return List.of(new Split(file, 0, -1, 1));
      }
      if (s.index() > 0 && s.firstCut()[inQuotes] >= 0 && s.firstCut()[inQuotes] > start) {
        splits.add(new Split(file, start, s.firstCut()[inQuotes], startLine));
        start = s.firstCut()[inQuotes];
        startLine = linesBefore + s.linesToCut()[inQuotes] + 1;
      }
      quotesBefore += s.quotes();
      linesBefore += s.lineEnds()[inQuotes];
    }
    splits.add(new Split(file, start, size, startLine));
    return splits;
  }

  /**
   * One chunk's counts. A CR followed by LF ends one line; a quote's meaning may depend on the
   * byte after the chunk, so one byte past it is read.
   */
  public static ChunkStats scan(String file, long from, long to, int index, byte delimiter, byte quote,
      Map<String, String> conf) throws IOException {
    Path path = new Path(file);
    long quotes = 0;
    long[] lineEnds = new long[2];
    long[] firstCut = {-1, -1};
    long[] linesToCut = new long[2];
    boolean[] wellFormed = {true, true};
    boolean[] inQuotes = {false, true};
    // Under each assumption: does the next byte start a field, did the last quote close one?
    boolean[] fieldStart = new boolean[2];
    boolean[] quoteJustClosed = new boolean[2];
    try (FSDataInputStream in = path.getFileSystem(hadoopConf(conf)).open(path)) {
      int prev = -1;
      if (from > 0) {
        in.seek(from - 1);
        prev = in.read();
      }
      for (int h = 0; h < 2; h++) {
        fieldStart[h] = !inQuotes[h] && (from == 0 || prev == delimiter || prev == '\n' || prev == '\r');
        // Outside quotes just after a quote: that quote closed a field (or began a doubled one).
        quoteJustClosed[h] = !inQuotes[h] && from > 0 && quote != 0 && prev == quote;
      }
      byte[] buf = new byte[1 << 16];
      long pos = from;
      boolean done = false;
      while (!done) {
        int n = in.read(buf);
        if (n <= 0) {
          break;
        }
        int i = 0;
        while (i < n) {
          if (plainUnder(0, wellFormed, quoteJustClosed, fieldStart)
              && plainUnder(1, wellFormed, quoteJustClosed, fieldStart) && pos < to) {
            // Bytes other than quote, delimiter and line ends change nothing here: skip them.
            int j = Swar.find(buf, i, (int) Math.min(n, i + (to - pos)), delimiter, quote, (byte) '\n', (byte) '\r');
            if (j > i) {
              pos += j - i;
              prev = buf[j - 1];
              i = j;
              continue;
            }
          }
          byte b = buf[i];
          boolean pastEnd = pos >= to;
          if (pastEnd && !(prev == quote || prev == '\r')) {
            done = true;
            break;
          }
          for (int h = 0; h < 2; h++) {
            if (!wellFormed[h]) {
              continue;
            }
            if (quoteJustClosed[h]) {
              quoteJustClosed[h] = false;
              if (b == quote) {  // a doubled quote inside the field
                inQuotes[h] = true;
                continue;
              }
              if (b != delimiter && b != '\n' && b != '\r') {
                wellFormed[h] = false;
                continue;
              }
            }
            if (pastEnd) {
              continue;
            }
            if (quote != 0 && b == quote) {
              if (inQuotes[h]) {
                inQuotes[h] = false;
                quoteJustClosed[h] = true;
              } else if (fieldStart[h]) {
                inQuotes[h] = true;
              } else {
                wellFormed[h] = false;
              }
            }
            boolean lineEnd = b == '\n' && prev != '\r' || b == '\r';
            if (lineEnd) {
              lineEnds[h]++;
            }
            if (!inQuotes[h] && (b == '\n' || b == '\r') && firstCut[h] < 0 && from > 0) {
              // The cut goes after the whole line end: after the LF of a CR LF.
              boolean crThenLf = b == '\r' && (i + 1 < n ? buf[i + 1] == '\n' : peekIsLf(in));
              firstCut[h] = pos + (crThenLf ? 2 : 1);
              linesToCut[h] = lineEnds[h];
            }
            fieldStart[h] = !inQuotes[h] && (b == delimiter || b == '\n' || b == '\r');
          }
          if (!pastEnd && quote != 0 && b == quote) {
            quotes++;
          }
          prev = b;
          i++;
          pos++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    // A cut at or past the chunk's end belongs to a later chunk.
    for (int h = 0; h < 2; h++) {
      if (firstCut[h] > to) {
        firstCut[h] = -1;
      }
    }
    return new ChunkStats(file, index, quotes, lineEnds, firstCut, linesToCut, wellFormed);
  }

  /**
   * Whether, under assumption {@code h}, a byte other than the quote, the delimiter or a line end
   * leaves the scan's state as it is: no quote just closed, and not at a field's start.
   */
  private static boolean plainUnder(int h, boolean[] wellFormed, boolean[] quoteJustClosed, boolean[] fieldStart) {
    return !wellFormed[h] || (!quoteJustClosed[h] && !fieldStart[h]);
  }

  private static boolean peekIsLf(FSDataInputStream in) throws IOException {
    long at = in.getPos();
    int next = in.read();
    in.seek(at);
    return next == '\n';
  }

  /** Whether the delimiter, the quote and line ends are single bytes no other character contains. */
  public static boolean singleByteSyntax(String encoding, char delimiter, char quote) {
    String name = Charset.forName(encoding).name().toUpperCase();
    boolean asciiSafe = name.equals("UTF-8") || name.equals("US-ASCII") || name.startsWith("ISO-8859-")
        || name.startsWith("WINDOWS-125");
    return asciiSafe && delimiter > 0 && delimiter < 128 && quote < 128;
  }

  /** The Hadoop settings as plain strings, for tasks to open files the way the driver does. */
  public static Map<String, String> confOf(Configuration conf) {
    Map<String, String> m = new HashMap<>();
    conf.forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  public static Configuration hadoopConf(Map<String, String> settings) {
    Configuration conf = new Configuration(false);
    settings.forEach(conf::set);
    return conf;
  }
}
