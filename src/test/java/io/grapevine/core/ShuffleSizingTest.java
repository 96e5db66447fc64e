package io.grapevine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShuffleSizingTest {
  @TempDir
  Path dir;

  @Test
  void aSmallInputRunsInterpretedAndWithoutReplanningALargeOneAsTheSessionWasSet() throws Exception {
    SparkSession spark = SparkTestSession.get();
    long onePartition = spark.sessionState().conf().filesMaxPartitionBytes();
    try {
      ShuffleSizing.fit(spark, 2_000_000);
      assertThat(spark.conf().get(ShuffleSizing.ADAPTIVE)).isEqualTo("false");
      assertThat(spark.conf().get(ShuffleSizing.PARTITIONS)).isEqualTo("4");
      // Under 16 MB, interpreted; from there on, Spark's generated code.
      assertThat(spark.conf().get(ShuffleSizing.WHOLE_STAGE)).isEqualTo("false");
      assertThat(spark.conf().get(ShuffleSizing.FACTORY_MODE)).isEqualTo("NO_CODEGEN");
      ShuffleSizing.fit(spark, onePartition - 1);
      assertThat(spark.conf().get(ShuffleSizing.ADAPTIVE)).isEqualTo("false");
      assertThat(spark.conf().get(ShuffleSizing.WHOLE_STAGE)).isEqualTo("true");
      assertThat(spark.conf().get(ShuffleSizing.FACTORY_MODE)).isEqualTo("FALLBACK");
      // The test session sets 4 partitions and leaves adaptive execution at Spark's default (on).
      ShuffleSizing.fit(spark, onePartition);
      assertThat(spark.conf().get(ShuffleSizing.ADAPTIVE)).isEqualTo("true");
      assertThat(spark.conf().get(ShuffleSizing.PARTITIONS)).isEqualTo("4");
    } finally {
      ShuffleSizing.fit(spark, 0);
    }
  }

  @Test
  void aTablesBytesAreWhatItsFilesHold() throws Exception {
    SparkSession spark = SparkTestSession.get();
    assertThat(ShuffleSizing.bytesUnder(spark, dir.resolve("absent").toString())).isZero();
    Files.createDirectories(dir.resolve("t/report_month=2026-10"));
    Files.write(dir.resolve("t/a.parquet"), new byte[1000]);
    Files.write(dir.resolve("t/report_month=2026-10/b.parquet"), new byte[24]);
    assertThat(ShuffleSizing.bytesUnder(spark, dir.resolve("t").toString())).isEqualTo(1024);
  }
}
