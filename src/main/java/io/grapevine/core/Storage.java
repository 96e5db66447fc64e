package io.grapevine.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The output location of a run (any Hadoop file system URI) and the one way tables are read and
 * written there: Parquet, partitioned by {@code report_month}, replacing only the partitions a write
 * carries, so a re-run of a month leaves the same rows and other months untouched.
 */
public final class Storage {
  private final String root;
  private final Configuration hadoopConf;

  public Storage(String root, Configuration hadoopConf) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.hadoopConf = hadoopConf;
  }

  public String root() {
    return root;
  }

  public String path(Table table) {
    return root + "/" + table.dirName();
  }

  public String path(String relative) {
    return root + "/" + relative;
  }

  public boolean exists(Table table) {
    return exists(path(table));
  }

  /** The folder of one month's partition of a table. */
  public String path(Table table, String month) {
    return path(table) + "/" + FeedbackSchema.REPORT_MONTH + "=" + month;
  }

  /** Whether a table has a partition for {@code month}. */
  public boolean hasMonth(Table table, String month) {
    return exists(path(table, month));
  }

  public boolean exists(String location) {
    try {
      Path p = new Path(location);
      return p.getFileSystem(hadoopConf).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + location, e);
    }
  }

  /** Fails with a message naming the stage to run first when a table is missing. */
  public void require(Table table, String producedBy) {
    if (!exists(table)) {
      throw new UserInputException(
          String.format(
              "No %s table at %s: run '%s' for this output location first",
              table.dirName(), path(table), producedBy));
    }
  }

  /** The {@code report_month} partitions present, sorted. */
  public List<String> months(Table table) {
    List<String> months = new ArrayList<>();
    try {
      Path p = new Path(path(table));
      FileSystem fs = p.getFileSystem(hadoopConf);
      if (!fs.exists(p)) {
        return months;
      }
      for (FileStatus st : fs.listStatus(p)) {
        String name = st.getPath().getName();
        if (st.isDirectory() && name.startsWith(FeedbackSchema.REPORT_MONTH + "=")) {
          months.add(name.substring(FeedbackSchema.REPORT_MONTH.length() + 1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + path(table), e);
    }
    months.sort(String::compareTo);
    return months;
  }

  /**
   * Registers every table present under the root as a temporary view named after its folder
   * ({@code feedback}, {@code channel_monthly}, ...), for SQL over the outputs; returns the names.
   */
  public List<String> registerViews(SparkSession spark) {
    List<String> views = new ArrayList<>();
    for (Table t : Table.values()) {
      if (exists(t) && !months(t).isEmpty()) {
        read(spark, t).createOrReplaceTempView(t.dirName());
        views.add(t.dirName());
      }
    }
    return views;
  }

  public Dataset<Row> read(SparkSession spark, Table table) {
    return spark.read().parquet(path(table));
  }

  /** Rows of the months from {@code fromMonth} to {@code toMonth}, both included. */
  public Dataset<Row> read(SparkSession spark, Table table, String fromMonth, String toMonth) {
    return read(spark, table)
        .where(
            functions.col(FeedbackSchema.REPORT_MONTH).geq(fromMonth)
                .and(functions.col(FeedbackSchema.REPORT_MONTH).leq(toMonth)));
  }

  /**
   * Writes {@code rows} (which must carry {@code report_month}) replacing exactly the partitions
   * present in them. One file per partition keeps BI tools' file listings short.
   */
  public void writeMonths(Dataset<Row> rows, Table table) {
    replaceMonths(rows.repartition(functions.col(FeedbackSchema.REPORT_MONTH)), table);
  }

  /**
   * Like {@link #writeMonths(Dataset, Table)}, without moving rows between tasks: at most
   * {@code tasks} tasks each write the months their rows hold (a file per task and month). For a
   * stage whose rows are already spread by size, such as ingest over its input's splits; a shuffle
   * that gathers each month would cost that stage as much as its parsing, and write a month's rows
   * on one core.
   */
  public void writeMonthsAsSplit(Dataset<Row> rows, Table table, int tasks) {
    replaceMonths(rows.coalesce(Math.max(1, tasks)), table);
  }

  /** Replaces exactly the month partitions present in {@code rows}. */
  private void replaceMonths(Dataset<Row> rows, Table table) {
    rows.write()
        .mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic")
        .partitionBy(FeedbackSchema.REPORT_MONTH)
        .parquet(path(table));
  }

  /**
   * Replaces one month's partition with {@code rows} (which must not carry {@code report_month}),
   * also when {@code rows} is empty, so a re-run never leaves rows of an earlier run behind.
   */
  public void writeMonth(Dataset<Row> rows, Table table, String month) {
    rows.repartition(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(path(table, month));
  }

  /** Removes a folder (or file) under the root and what it holds; nothing happens when it is absent. */
  public void deleteAll(String relative) {
    Path p = new Path(path(relative));
    try {
      p.getFileSystem(hadoopConf).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + p, e);
    }
  }

  public void writeText(String relative, String content) {
    Path p = new Path(path(relative));
    try (OutputStream out = p.getFileSystem(hadoopConf).create(p, true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + p, e);
    }
  }

  public String readText(String relative) {
    return readTextAt(path(relative));
  }

  /** Reads a text file at a full location (any file system). */
  public String readTextAt(String location) {
    Path p = new Path(location);
    try (InputStream in = p.getFileSystem(hadoopConf).open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p, e);
    }
  }
}
