package io.grapevine;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * Delta Kernel, Delta's own reader for engines other than Spark, reading Grapevine's tables: which
 * Parquet files make a table's current version, and its rows. Independent of Spark and of the
 * Delta Spark connector that wrote the tables.
 */
public final class DeltaKernelReader {
  private static final Engine ENGINE = DefaultEngine.create(new Configuration());

  private DeltaKernelReader() {}

  /** A data file of the current version, with its partition values. */
  public record ActiveFile(String path, long size, Map<String, String> partitionValues) {}

  private static Snapshot snapshot(String table) {
    try {
      return io.delta.kernel.Table.forPath(ENGINE, table).getLatestSnapshot(ENGINE);
    } catch (io.delta.kernel.exceptions.TableNotFoundException e) {
      throw new IllegalStateException("No Delta table at " + table, e);
    }
  }

  public static List<String> columns(String table) {
    return snapshot(table).getSchema().fields().stream().map(StructField::getName).toList();
  }

  /** The files of the table's current version. */
  public static List<ActiveFile> files(String table) {
    Scan scan = snapshot(table).getScanBuilder().build();
    List<ActiveFile> files = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(ENGINE)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Row scanFile = rows.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
            files.add(new ActiveFile(status.getPath(), status.getSize(),
                InternalScanFileUtils.getPartitionValues(scanFile)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /**
   * Every row of the table's current version, as column name to value: strings, Long, Integer,
   * Double, Boolean, Instant for timestamps, List for arrays.
   */
  public static List<Map<String, Object>> rows(String table) {
    Scan scan = snapshot(table).getScanBuilder().build();
    Row scanState = scan.getScanState(ENGINE);
    StructType physical = ScanStateRow.getPhysicalDataReadSchema(ENGINE, scanState);
    List<Map<String, Object>> out = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(ENGINE)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> files = batches.next().getRows()) {
          while (files.hasNext()) {
            Row scanFile = files.next();
            FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
            CloseableIterator<ColumnarBatch> physicalData = ENGINE.getParquetHandler().readParquetFiles(
                Utils.singletonCloseableIterator(status), physical, Optional.empty());
            try (CloseableIterator<FilteredColumnarBatch> data =
                Scan.transformPhysicalData(ENGINE, scanState, scanFile, physicalData)) {
              while (data.hasNext()) {
                addRows(data.next(), out);
              }
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void addRows(FilteredColumnarBatch filtered, List<Map<String, Object>> out) {
    ColumnarBatch batch = filtered.getData();
    Optional<ColumnVector> selected = filtered.getSelectionVector();
    StructType schema = batch.getSchema();
    for (int r = 0; r < batch.getSize(); r++) {
      if (selected.isPresent() && (selected.get().isNullAt(r) || !selected.get().getBoolean(r))) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < schema.length(); c++) {
        StructField f = schema.at(c);
        row.put(f.getName(), value(batch.getColumnVector(c), r, f.getDataType()));
      }
      out.add(row);
    }
  }

  private static Object value(ColumnVector v, int i, DataType type) {
    if (v.isNullAt(i)) {
      return null;
    }
    if (type instanceof StringType) {
      return v.getString(i);
    }
    if (type instanceof LongType) {
      return v.getLong(i);
    }
    if (type instanceof IntegerType) {
      return v.getInt(i);
    }
    if (type instanceof DoubleType) {
      return v.getDouble(i);
    }
    if (type instanceof BooleanType) {
      return v.getBoolean(i);
    }
    if (type instanceof TimestampType) {
      long micros = v.getLong(i);
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
    if (type instanceof io.delta.kernel.types.DateType) {
      return java.time.LocalDate.ofEpochDay(v.getInt(i));
    }
    if (type instanceof ArrayType a) {
      ArrayValue array = v.getArray(i);
      List<Object> list = new ArrayList<>();
      for (int k = 0; k < array.getSize(); k++) {
        list.add(value(array.getElements(), k, a.getElementType()));
      }
      return list;
    }
    throw new IllegalArgumentException("Type " + type + " is not read here");
  }
}
