package io.grapevine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation against the code: docs/tables.md documents exactly the columns and types the
 * golden schemas pin (which PipelineEndToEndTest compares with what the pipeline writes), and every
 * relative link in the README and docs/ points at a file that exists.
 */
class DocsTest {
  private static final Path PROJECT = SparkTestSession.projectDir();
  private static final Pattern SECTION = Pattern.compile("(?m)^## `([a-z_]+)`\\s*$");
  private static final Pattern INHERITS = Pattern.compile("(?m)^Columns: as `([a-z_]+)`");
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\| ([^|]+?) \\|");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

  @Test
  void tablesPageDocumentsEveryGoldenColumnWithItsType() throws IOException {
    String doc = Files.readString(PROJECT.resolve("docs/tables.md"));
    Map<String, Map<String, String>> own = new LinkedHashMap<>();
    Map<String, String> parent = new LinkedHashMap<>();
    Matcher m = SECTION.matcher(doc);
    List<String> names = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    List<Integer> ends = new ArrayList<>();
    while (m.find()) {
      names.add(m.group(1));
      starts.add(m.start());
      ends.add(m.end());
    }
    starts.add(doc.length());
    for (int i = 0; i < names.size(); i++) {
      String body = doc.substring(ends.get(i), starts.get(i + 1));
      Matcher inh = INHERITS.matcher(body);
      if (inh.find()) parent.put(names.get(i), inh.group(1));
      Map<String, String> cols = new LinkedHashMap<>();
      Matcher row = ROW.matcher(body);
      while (row.find()) cols.put(row.group(1), row.group(2).trim());
      own.put(names.get(i), cols);
    }

    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.list(PROJECT.resolve("src/test/resources/golden"))) {
      for (Path file : files.sorted().toList()) {
        String table = file.getFileName().toString().replace(".schema", "");
        if (!own.containsKey(table)) {
          problems.add(table + ": no section in docs/tables.md");
          continue;
        }
        Map<String, String> documented = columns(table, own, parent);
        Map<String, String> golden = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
          int colon = line.indexOf(": ");
          golden.put(line.substring(0, colon), line.substring(colon + 2));
        }
        boolean wildcard = documented.containsKey("*");
        golden.forEach((col, type) -> {
          String doced = documented.get(col);
          if (doced == null && !wildcard) problems.add(table + "." + col + " (" + type + ") is not documented");
          if (doced != null && !doced.equals(type)) {
            problems.add(table + "." + col + " is " + type + " but documented as " + doced);
          }
        });
        documented.keySet().stream().filter(c -> !c.equals("*") && !golden.containsKey(c))
            .forEach(c -> problems.add(table + "." + c + " is documented but not written"));
      }
    }
    assertThat(own).as("sections").isNotEmpty();
    assertThat(problems).as("docs/tables.md against src/test/resources/golden").isEmpty();
  }

  @Test
  void relativeLinksInReadmeAndDocsResolve() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(PROJECT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(PROJECT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      Matcher m = LINK.matcher(Files.readString(page));
      while (m.find()) {
        String target = m.group(1);
        if (target.contains("://") || target.startsWith("mailto:")) continue;
        if (!Files.exists(page.getParent().resolve(target))) {
          broken.add(PROJECT.relativize(page) + " -> " + target);
        }
      }
    }
    assertThat(pages).hasSizeGreaterThan(1);
    assertThat(broken).as("relative links that point nowhere").isEmpty();
  }

  private static Map<String, String> columns(String table, Map<String, Map<String, String>> own,
      Map<String, String> parent) {
    Map<String, String> all = new LinkedHashMap<>();
    if (parent.containsKey(table)) all.putAll(columns(parent.get(table), own, parent));
    all.putAll(own.getOrDefault(table, Map.of()));
    return all;
  }
}
