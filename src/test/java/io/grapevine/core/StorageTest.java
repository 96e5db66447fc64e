package io.grapevine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files put in place in one step, and versioned folders behind a CURRENT pointer. */
class StorageTest {
  @TempDir
  Path dir;

  private Storage storage() {
    return new Storage(new Layout(dir.toString()), new Configuration());
  }

  @AfterEach
  void disarm() {
    Faults.disarm();
  }

  private static void arm(String point) {
    Faults.throwAt(point);
  }

  @Test
  void aFileIsReplacedWholeOrNotAtAll() throws Exception {
    Storage s = storage();
    String file = dir.resolve("manifest/2026-10/ingest.json").toString();
    s.writeText(file, "old", "test.written");
    arm("test.written");
    assertThatThrownBy(() -> s.writeText(file, "new", "test.written")).isInstanceOf(Faults.InjectedCrash.class);
    // Killed between writing and moving into place: readers still find the old file whole.
    assertThat(s.readText(file)).isEqualTo("old");
    try (Stream<Path> files = Files.list(dir.resolve("manifest/2026-10"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith(".ingest.json.tmp-"));
    }
    disarm();
    s.writeText(file, "new", "test.written");
    assertThat(s.readText(file)).isEqualTo("new");
  }

  @Test
  void aVersionBecomesCurrentOnlyOnceItIsComplete() {
    Storage s = storage();
    String folder = dir.resolve("models/churn/2026-10").toString();
    assertThat(s.current(folder)).isNull();
    s.publishVersion(folder, "run-1", v -> s.writeText(v + "/model_card.json", "one"), "test.model");
    assertThat(s.readText(s.current(folder) + "/model_card.json")).isEqualTo("one");
    arm("test.model");
    assertThatThrownBy(() -> s.publishVersion(folder, "run-2", v -> s.writeText(v + "/model_card.json", "two"),
        "test.model")).isInstanceOf(Faults.InjectedCrash.class);
    assertThat(s.current(folder)).endsWith("/run-1");
    disarm();
    s.publishVersion(folder, "run-3", v -> s.writeText(v + "/model_card.json", "three"), "test.model");
    assertThat(s.readText(s.current(folder) + "/model_card.json")).isEqualTo("three");
    assertThat(s.oldVersions(folder)).extracting(f -> f.getPath().getName()).containsExactly("run-1", "run-2");
  }

  @Test
  void aFolderWrittenBeforeVersionsIsItsOwnCurrentVersion() throws Exception {
    Path legacy = dir.resolve("models/churn/2026-09");
    Files.createDirectories(legacy);
    Files.writeString(legacy.resolve("model_card.json"), "{}");
    assertThat(storage().current(legacy.toString())).isEqualTo(legacy.toString());
  }
}
