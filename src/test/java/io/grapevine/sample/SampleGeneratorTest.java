package io.grapevine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {
  private static List<Path> files(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void theCommittedSampleIsWhatTheGeneratorWritesWithItsDefaults(@TempDir Path dir) throws Exception {
    new SampleGenerator(dir, SampleGenerator.DEFAULT_SEED, SampleGenerator.DEFAULT_START,
        SampleGenerator.DEFAULT_MONTHS, SampleGenerator.DEFAULT_ACCOUNTS).generate();
    Path committed = SparkTestSession.projectDir().resolve("data/sample");
    assertThat(files(dir)).isEqualTo(files(committed));
    for (Path f : files(dir)) {
      assertThat(Files.mismatch(dir.resolve(f), committed.resolve(f)))
          .as("%s differs: regenerate with jobs/grapevine generate --out data/sample", f).isEqualTo(-1L);
    }
  }

  @Test
  void anotherSeedGivesOtherDataAndPartsSplitLargeExports(@TempDir Path dir) throws Exception {
    Map<String, Long> rows = new SampleGenerator(dir.resolve("a"), 7, SampleGenerator.DEFAULT_START, 2, 200)
        .generate();
    new SampleGenerator(dir.resolve("b"), 8, SampleGenerator.DEFAULT_START, 2, 200).generate();
    assertThat(Files.mismatch(dir.resolve("a/survey/part-0001.csv"), dir.resolve("b/survey/part-0001.csv")))
        .isNotEqualTo(-1L);
    assertThat(rows.get("accounts")).isEqualTo(200);
    assertThat(Files.readAllLines(dir.resolve("a/accounts/part-0001.csv"))).hasSize(201);
    assertThat(SampleGenerator.accountsForRows(10_000_000, 8)).isBetween(1_000_000, 1_200_000);
  }
}
