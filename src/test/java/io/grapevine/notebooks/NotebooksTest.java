package io.grapevine.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grapevine.SampleRun;
import io.grapevine.SparkTestSession;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Executes the analysts' notebooks headless ({@code jupyter nbconvert --execute}) against the sample
 * run's output, reaching the tables through {@code grapevine sql} on this build's classpath. Skips with
 * a message when Jupyter is missing, unless GRAPEVINE_REQUIRE_NOTEBOOKS is set (as .ci/run does).
 */
@Execution(ExecutionMode.CONCURRENT)  // beside the other classes: junit-platform.properties
class NotebooksTest {
  private static final Path EXECUTED = Path.of("target", "notebooks");
  private static Path nbconvert;

  @BeforeAll
  static void needsJupyter() throws java.io.IOException {
    nbconvert = find("jupyter-nbconvert");
    boolean present = nbconvert != null;
    if (!present && System.getenv("GRAPEVINE_REQUIRE_NOTEBOOKS") != null) {
      throw new IllegalStateException("GRAPEVINE_REQUIRE_NOTEBOOKS is set but jupyter-nbconvert is not installed");
    }
    Assumptions.assumeTrue(present, "Notebook test skipped: jupyter-nbconvert not installed (Debian: apt-get "
        + "install jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib)");
    startAll();
  }

  /** The notebooks and the charts each draws. */
  private static final Map<String, Integer> CHARTS = Map.of("monthly-metrics", 4, "churn-risk", 3,
      "themes-and-drivers", 3);
  private static final Map<String, Process> RUNS = new HashMap<>();

  /**
   * All three at once, each a Python kernel and a short JVM: on two cores one runs where another waits
   * (30 s for the three side by side, against 49 s one after the other in CI).
   */
  private static void startAll() throws java.io.IOException {
    Files.createDirectories(EXECUTED);
    for (String name : CHARTS.keySet()) {
      Path notebook = SparkTestSession.projectDir().resolve("notebooks/" + name + ".ipynb");
      ProcessBuilder pb = new ProcessBuilder(nbconvert.toString(), "--to", "notebook", "--execute",
          "--ExecutePreprocessor.timeout=600", "--output-dir", EXECUTED.toAbsolutePath().toString(),
          notebook.toString()).redirectErrorStream(true).redirectOutput(EXECUTED.resolve(name + ".log").toFile());
      pb.environment().put("GRAPEVINE_OUT", SampleRun.out().toString());
      pb.environment().put("GRAPEVINE_CMD_JSON", new ObjectMapper().writeValueAsString(grapevineCommand()));
      // Debian's Python with its pandas and matplotlib, whatever else is first on PATH.
      pb.environment().put("PATH", "/usr/bin:" + System.getenv("PATH"));
      RUNS.put(name, pb.start());
    }
  }

  @AfterAll
  static void stopAny() {
    RUNS.values().forEach(Process::destroyForcibly);
  }

  static Stream<String> notebooks() {
    return CHARTS.keySet().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("notebooks")
  void executesWithoutErrorsAndDrawsItsCharts(String name) throws Exception {
    int charts = CHARTS.get(name);
    Process p = RUNS.get(name);
    assertThat(p.waitFor(15, TimeUnit.MINUTES)).as("finished").isTrue();
    assertThat(p.exitValue()).as("nbconvert exit, log in " + EXECUTED.resolve(name + ".log")
        + ":\n" + Files.readString(EXECUTED.resolve(name + ".log"))).isZero();

    JsonNode executed = new ObjectMapper().readTree(EXECUTED.resolve(name + ".ipynb").toFile());
    int images = 0;
    List<String> errors = new ArrayList<>();
    for (JsonNode cell : executed.get("cells")) {
      for (JsonNode output : cell.path("outputs")) {
        if (output.path("output_type").asText().equals("error")) {
          errors.add(output.path("ename").asText() + ": " + output.path("evalue").asText());
        }
        if (output.path("data").has("image/png")) {
          images++;
        }
      }
    }
    assertThat(errors).isEmpty();
    assertThat(images).as("charts drawn").isEqualTo(charts);
  }

  /** This JVM's way of starting the CLI: same java, module flags and classpath, small heap. */
  private static List<String> grapevineCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("--enable-native") || arg.startsWith("-XX:+Ignore")
          || arg.startsWith("-Djdk.reflect") || arg.startsWith("-Dio.netty")) {
        cmd.add(arg);
      }
    }
    cmd.add("-Xmx1g");
    // A query or two over the sample's tables: Java's quick compiler alone (10 s instead of 13, half the CPU).
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Dspark.master=local[2]");
    cmd.add("-Dspark.ui.enabled=false");
    cmd.add("-Dlog4j2.configurationFile="
        + SparkTestSession.projectDir().resolve("jobs/log4j2-local.properties"));
    cmd.add("-cp");
    cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    cmd.add("io.grapevine.cli.Grapevine");
    return cmd;
  }

  private static Path find(String program) {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin")
        .split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return Path.of(dir, program);
      }
    }
    return null;
  }
}
