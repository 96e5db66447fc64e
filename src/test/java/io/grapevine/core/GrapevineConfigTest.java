package io.grapevine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrapevineConfigTest {
  @Test
  void defaultsComeFromTheBundledFile() {
    GrapevineConfig c = GrapevineConfig.defaults();
    assertThat(c.metrics.confidence).isEqualTo(0.95);
    assertThat(c.metrics.toldManyThreshold).isEqualTo(10);
    assertThat(c.churn.horizonDays).isEqualTo(90);
    assertThat(c.churn.tiers.red).isGreaterThan(c.churn.tiers.yellow);
  }

  @Test
  void fileThenOverridesWinInThatOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "churn:\n  horizon_days: 60\n  tiers:\n    red: 0.5\nmetrics:\n  confidence: 0.9\n");
    GrapevineConfig c = GrapevineConfig.load(file, List.of("churn.horizon_days=30"));
    assertThat(c.churn.horizonDays).isEqualTo(30);
    assertThat(c.churn.tiers.red).isEqualTo(0.5);
    assertThat(c.churn.tiers.yellow).isEqualTo(GrapevineConfig.defaults().churn.tiers.yellow);
    assertThat(c.metrics.confidence).isEqualTo(0.9);
  }

  @Test
  void unknownKeysAreErrorsNamingTheKey(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> GrapevineConfig.load(null, List.of("churn.horizn_days=3")))
        .isInstanceOf(UserInputException.class).hasMessage("Unknown config key 'churn.horizn_days'");
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "metrics:\n  confidnce: 0.9\n");
    assertThatThrownBy(() -> GrapevineConfig.load(file, List.of()))
        .hasMessage("Unknown config key 'metrics.confidnce' in " + file);
  }

  @Test
  void valuesOutOfTheirRangeAreErrorsSayingWhatIsExpected() {
    assertThatThrownBy(() -> GrapevineConfig.load(null, List.of("metrics.confidence=95")))
        .hasMessage("Invalid config metrics.confidence = 95.0: expected a level between 0 and 1, such as 0.95");
    assertThatThrownBy(() -> GrapevineConfig.load(null, List.of("churn.tiers.yellow=0.9")))
        .hasMessageContaining("0 < yellow < red < 1");
    assertThatThrownBy(() -> GrapevineConfig.load(null, List.of("churn.horizon_days")))
        .hasMessageContaining("expected key=value");
  }

  @Test
  void aKeyWrittenTwiceIsAnErrorNamingItsLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, "ingest:\n  pseudonym_key_env: A\n  pseudonym_key_env: B\n");
    assertThatThrownBy(() -> GrapevineConfig.load(file, List.of()))
        .hasMessage("Config file " + file + " is not valid YAML at line 3: Duplicate field 'pseudonym_key_env'");
  }
}
