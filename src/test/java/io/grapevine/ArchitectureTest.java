package io.grapevine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules of the code's shape that a reviewer would otherwise have to remember. */
class ArchitectureTest {
  private static final Path MAIN = SparkTestSession.projectDir().resolve("src/main/java");
  private static final Pattern INTERNAL =
      Pattern.compile("(?m)^import (static )?org\\.apache\\.spark\\.(sql\\.catalyst|sql\\.classic|unsafe)\\.");
  private static final Pattern INTERNAL_INLINE =
      Pattern.compile("org\\.apache\\.spark\\.(sql\\.catalyst|sql\\.classic|unsafe)\\.");

  @Test
  void onlyTheFastReadersTouchSparkInternals() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String rel = MAIN.relativize(f).toString().replace('\\', '/');
        if (rel.startsWith("io/grapevine/ingest/fast/")) {
          continue;
        }
        String code = Files.readString(f);
        if (INTERNAL.matcher(code).find() || INTERNAL_INLINE.matcher(code).find()) {
          offenders.add(rel);
        }
      }
    }
    assertThat(offenders).as("classes outside io.grapevine.ingest.fast that use Spark's catalyst, classic or"
        + " unsafe packages").isEmpty();
  }
}
