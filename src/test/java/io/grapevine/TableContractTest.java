package io.grapevine;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The table contract seen from outside Spark: every output table of the sample run is a Delta table
 * that Delta Kernel (Delta's own reader for other engines) reads back with exactly the rows Spark
 * sees; DuckDB, given the files of the current version, reads the same rows; and parquet-hadoop's
 * own reader finds each month's rows in a few files with the documented columns.
 */
class TableContractTest {
  /** Files a month's partition may hold: BI tools list folders, so not hundreds. */
  private static final int MAX_FILES_PER_PARTITION = 4;

  /** Spark's rows of a table, each as its values in Spark's column order joined as text. */
  private static List<String> sparkRows(Dataset<Row> spark) {
    List<String> expected = new ArrayList<>();
    for (Row r : spark.collectAsList()) {
      List<String> values = new ArrayList<>();
      for (StructField f : spark.schema().fields()) {
        int i = r.fieldIndex(f.name());
        values.add(f.dataType() instanceof ArrayType && !r.isNullAt(i)
            ? canonical(r.getList(i)) : canonical(r.get(i)));
      }
      expected.add(String.join("|", values));
    }
    expected.sort(String::compareTo);
    return expected;
  }

  @ParameterizedTest
  @EnumSource(Table.class)
  void deltaKernelReadsTheSameRowsSparkWrote(Table table) {
    Path dir = SampleRun.out().resolve(table.dirName());
    assertThat(dir.resolve("_delta_log")).as("the sample run writes every table as a Delta table").isDirectory();
    Dataset<Row> spark = SparkTestSession.table(SampleRun.out(), table);
    List<String> expected = sparkRows(spark);
    assertThat(DeltaKernelReader.columns(dir.toString())).containsExactlyInAnyOrder(spark.columns());
    List<String> actual = new ArrayList<>();
    for (Map<String, Object> r : DeltaKernelReader.rows(dir.toString())) {
      actual.add(java.util.Arrays.stream(spark.columns()).map(c -> canonical(r.get(c)))
          .collect(Collectors.joining("|")));
    }
    actual.sort(String::compareTo);
    assertThat(actual).as(table.dirName() + " as Delta Kernel reads it").hasSize(expected.size());
    assertThat(actual).as(table.dirName()).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Table.class)
  void duckDbReadsTheSameRowsFromTheCurrentFiles(Table table) throws SQLException {
    Path dir = SampleRun.out().resolve(table.dirName());
    Dataset<Row> spark = SparkTestSession.table(SampleRun.out(), table);
    List<String> columns = List.of(spark.columns());
    List<String> expected = sparkRows(spark);
    String files = DeltaKernelReader.files(dir.toString()).stream()
        .map(f -> "'" + java.net.URI.create(f.path()).getPath() + "'").collect(Collectors.joining(", "));
    List<String> actual = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      String select = columns.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
      try (ResultSet rs = st.executeQuery("SELECT " + select + " FROM read_parquet([" + files
          + "], hive_partitioning = true, hive_types_autocast = false)")) {
        while (rs.next()) {
          List<String> values = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            Object o = rs.getObject(i);
            if (o instanceof java.sql.Array a) {
              o = List.of((Object[]) a.getArray());
            } else if (o instanceof java.sql.Timestamp) {
              o = rs.getObject(i, LocalDateTime.class).toInstant(ZoneOffset.UTC);
            } else if (o instanceof OffsetDateTime t) {
              o = t.toInstant();
            }
            values.add(canonical(o));
          }
          actual.add(String.join("|", values));
        }
      }
    }
    actual.sort(String::compareTo);
    assertThat(actual).as(table.dirName() + " as DuckDB reads it").hasSize(expected.size());
    assertThat(actual).as(table.dirName()).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Table.class)
  void parquetHadoopReadsEveryRowInAFewFilesPerMonth(Table table) throws IOException {
    Path dir = SampleRun.out().resolve(table.dirName());
    Dataset<Row> spark = SparkTestSession.table(SampleRun.out(), table);
    Map<String, Long> sparkCounts = new HashMap<>();
    for (Row r : spark.groupBy(FeedbackSchema.REPORT_MONTH).count().collectAsList()) {
      sparkCounts.put(r.getString(0), r.getLong(1));
    }
    Map<String, Long> counts = new HashMap<>();
    Configuration conf = new Configuration();
    Map<String, List<Path>> partitions = new java.util.TreeMap<>();
    for (DeltaKernelReader.ActiveFile f : DeltaKernelReader.files(dir.toString())) {
      partitions.computeIfAbsent(f.partitionValues().get(FeedbackSchema.REPORT_MONTH), k -> new ArrayList<>())
          .add(Path.of(java.net.URI.create(f.path())));
    }
    for (Map.Entry<String, List<Path>> partition : partitions.entrySet()) {
      List<Path> files = partition.getValue();
      assertThat(files).as(partition.getKey()).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_FILES_PER_PARTITION);
      long rows = 0;
      for (Path file : files) {
        org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(file.toUri());
        try (ParquetFileReader footer = ParquetFileReader.open(HadoopInputFile.fromPath(hp, conf))) {
          MessageType schema = footer.getFooter().getFileMetaData().getSchema();
          List<String> names = schema.getFields().stream().map(Type::getName).toList();
          List<String> sparkNames = new ArrayList<>(List.of(spark.columns()));
          sparkNames.remove(FeedbackSchema.REPORT_MONTH);
          assertThat(names).as(file + " columns").isEqualTo(sparkNames);
        }
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), hp).withConf(conf).build()) {
          while (reader.read() != null) {
            rows++;
          }
        }
      }
      counts.put(partition.getKey(), rows);
    }
    assertThat(counts).as(table.dirName() + " rows per month").isEqualTo(sparkCounts);
  }

  /** One value as text both readers agree on: whole numbers, doubles exactly, instants, lists. */
  private static String canonical(Object o) {
    if (o == null) {
      return "null";
    }
    if (o instanceof Double || o instanceof Float) {
      return Double.toString(((Number) o).doubleValue());
    }
    if (o instanceof Number n) {
      return Long.toString(n.longValue());
    }
    if (o instanceof java.sql.Timestamp t) {
      return t.toInstant().toString();
    }
    if (o instanceof List<?> list) {
      return list.stream().map(TableContractTest::canonical).collect(Collectors.joining(",", "[", "]"));
    }
    return o.toString();
  }
}
