package io.grapevine.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps an output location from growing without end ({@code grapevine maintain}): table files no
 * version younger than the retention needs (Delta's vacuum), model versions and runs' own manifest
 * copies older than it, and what killed runs left behind (temporary files, Spark staging folders,
 * stale lease files). It runs under the lease, so nothing it removes belongs to a live run.
 */
public final class Maintenance {
  private Maintenance() {}

  /** Does the work; returns one line per thing done. */
  public static List<String> run(SparkSession spark, Storage storage, Tables tables, double retainHours,
      boolean convert) {
    List<String> done = new ArrayList<>();
    Layout layout = storage.layout();
    long cutoff = System.currentTimeMillis() - (long) (retainHours * 3_600_000L);
    if (retainHours < 168) {
      // Delta refuses a retention shorter than its default week unless told the user means it.
      spark.conf().set("spark.databricks.delta.retentionDurationCheck.enabled", "false");
    }
    for (Table t : Table.values()) {
      if (tables.isLegacy(t)) {
        int removed = removeLeftovers(storage, tables.path(t), 0);
        if (!convert) {
          done.add(String.format("%s: plain Parquet of an earlier Grapevine; --convert makes it a Delta table",
              t.dirName()));
          continue;
        }
        tables.convertLegacy(t);
        done.add(String.format("%s: converted to a Delta table (%d leftover folders removed first)",
            t.dirName(), removed));
      }
      if (storage.exists(tables.path(t) + "/_delta_log")) {
        int removed = removeLeftovers(storage, tables.path(t), 0);
        tables.vacuum(t, retainHours);
        done.add(String.format("%s: files older than %s h that no version needs removed%s", t.dirName(),
            trim(retainHours), removed == 0 ? "" : ", " + removed + " leftover folders of killed runs"));
      }
    }
    for (String kind : List.of("churn", "sentiment")) {
      for (FileStatus month : storage.list(layout.models() + "/" + kind)) {
        int n = 0;
        for (FileStatus old : storage.oldVersions(month.getPath().toString())) {
          if (old.getModificationTime() < cutoff) {
            storage.delete(old.getPath().toString());
            n++;
          }
        }
        n += removeTemporary(storage, month.getPath().toString());
        if (n > 0) {
          done.add(String.format("models/%s/%s: %d earlier versions or temporary files removed", kind,
              month.getPath().getName(), n));
        }
      }
    }
    int manifests = 0;
    for (FileStatus month : storage.list(layout.manifests())) {
      manifests += removeTemporary(storage, month.getPath().toString());
      for (FileStatus run : storage.list(month.getPath() + "/runs")) {
        if (run.getModificationTime() < cutoff) {
          storage.delete(run.getPath().toString());
          manifests++;
        }
      }
    }
    if (manifests > 0) {
      done.add(String.format("manifest: %d runs' own copies older than %s h or temporary files removed",
          manifests, trim(retainHours)));
    }
    int reports = 0;
    for (FileStatus month : storage.list(layout.resolve("reports"))) {
      reports += removeTemporary(storage, month.getPath().toString());
    }
    int stale = 0;
    for (FileStatus f : storage.list(layout.resolve("_grapevine"))) {
      if (f.getPath().getName().contains(".stale-") || f.getPath().getName().contains(".tmp-")) {
        storage.delete(f.getPath().toString());
        stale++;
      }
    }
    if (reports + stale > 0) {
      done.add(String.format("%d temporary report files and stale lease files removed", reports + stale));
    }
    return done;
  }

  /** Spark staging folders and temporary folders a killed write left in a table's folder. */
  private static int removeLeftovers(Storage storage, String folder, int depth) {
    int n = 0;
    for (FileStatus st : storage.list(folder)) {
      String name = st.getPath().getName();
      if (st.isDirectory() && (name.startsWith(".spark-staging-") || name.equals("_temporary"))) {
        storage.delete(st.getPath().toString());
        n++;
      } else if (st.isDirectory() && depth == 0 && name.startsWith(FeedbackSchema.REPORT_MONTH + "=")) {
        n += removeLeftovers(storage, st.getPath().toString(), depth + 1);
      }
    }
    return n;
  }

  /** Files a killed run left under a temporary name ({@code .NAME.tmp-UUID}), recursively. */
  private static int removeTemporary(Storage storage, String folder) {
    int n = 0;
    for (FileStatus st : storage.list(folder)) {
      String name = st.getPath().getName();
      if (name.startsWith(".") && name.contains(".tmp-")) {
        storage.delete(st.getPath().toString());
        n++;
      } else if (st.isDirectory()) {
        n += removeTemporary(storage, st.getPath().toString());
      }
    }
    return n;
  }

  private static String trim(double hours) {
    return hours == Math.rint(hours) ? String.valueOf((long) hours) : String.valueOf(hours);
  }
}
