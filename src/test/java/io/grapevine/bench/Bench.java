package io.grapevine.bench;

import io.grapevine.core.SessionDefaults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/** What the benchmarks share: their Spark session, timing and clearing their output folders. */
final class Bench {
  private Bench() {}

  /** Embedded Spark on every core, without its web UI, two shuffle partitions per core. */
  static SparkSession session(String app, int cores) {
    io.grapevine.core.localfs.LocalFiles.install();
    return SessionDefaults.apply(SparkSession.builder().appName(app))
        .master("local[" + cores + "]").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", String.valueOf(2 * cores)).getOrCreate();
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Deletes a folder and what it holds; a symbolic link is removed, not followed. */
  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The median of a benchmark's rounds (the mean of the middle two for an even count). */
  static double median(java.util.List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** CPU time of this process in nanoseconds: Spark's executors and DuckDB's threads all run in it. */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The CPU's model name, for the machine line every benchmark prints. */
  static String cpuName() {
    try (Stream<String> lines = Files.lines(java.nio.file.Paths.get("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown CPU");
    } catch (IOException | RuntimeException e) {
      return "unknown CPU";
    }
  }
}
