package io.grapevine;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.core.FeedbackSchema;
import io.grapevine.core.Table;
import java.io.IOException;
import java.nio.file.Files;
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
import java.util.stream.Stream;
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
 * The Parquet contract seen from outside Spark: every output table of the sample run, read by DuckDB
 * (JDBC) and by parquet-hadoop's own reader, holds the same rows Spark wrote, in a few files per month.
 */
class ParquetContractTest {
  /** Files a month's partition may hold: BI tools list folders, so not hundreds. */
  private static final int MAX_FILES_PER_PARTITION = 4;

  @ParameterizedTest
  @EnumSource(Table.class)
  void duckDbReadsTheSameRowsSparkWrote(Table table) throws SQLException {
    Path dir = SampleRun.out().resolve(table.dirName());
    assertThat(dir).as("the sample run writes every table").isDirectory();
    Dataset<Row> spark = SparkTestSession.get().read().parquet(dir.toString());
    List<String> columns = List.of(spark.columns());
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
    List<String> actual = new ArrayList<>();
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      String select = columns.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
      try (ResultSet rs = st.executeQuery("SELECT " + select + " FROM read_parquet('" + dir
          + "/*/*.parquet', hive_partitioning = true, hive_types_autocast = false)")) {
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
    expected.sort(String::compareTo);
    actual.sort(String::compareTo);
    assertThat(actual).as(table.dirName() + " as DuckDB reads it").hasSize(expected.size());
    assertThat(actual).as(table.dirName()).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Table.class)
  void parquetHadoopReadsEveryRowInAFewFilesPerMonth(Table table) throws IOException {
    Path dir = SampleRun.out().resolve(table.dirName());
    assertThat(dir).as("the sample run writes every table").isDirectory();
    Dataset<Row> spark = SparkTestSession.get().read().parquet(dir.toString());
    Map<String, Long> sparkCounts = new HashMap<>();
    for (Row r : spark.groupBy(FeedbackSchema.REPORT_MONTH).count().collectAsList()) {
      sparkCounts.put(r.getString(0), r.getLong(1));
    }
    Map<String, Long> counts = new HashMap<>();
    Configuration conf = new Configuration();
    List<Path> partitions;
    try (Stream<Path> s = Files.list(dir)) {
      partitions = s.filter(p -> p.getFileName().toString().startsWith(FeedbackSchema.REPORT_MONTH + "=")).toList();
    }
    for (Path partition : partitions) {
      List<Path> files;
      try (Stream<Path> s = Files.list(partition)) {
        files = s.filter(p -> p.toString().endsWith(".parquet")).toList();
      }
      assertThat(files).as(partition.toString()).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_FILES_PER_PARTITION);
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
      counts.put(partition.getFileName().toString().substring(FeedbackSchema.REPORT_MONTH.length() + 1), rows);
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
      return list.stream().map(ParquetContractTest::canonical).collect(Collectors.joining(",", "[", "]"));
    }
    return o.toString();
  }
}
