package io.grapevine.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.grapevine.SampleRun;
import io.grapevine.core.StageRun;
import io.grapevine.sample.SampleTruth;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The sample month's report in a real browser: Debian's headless Chromium, driven through
 * chromedriver. Skips with a message when either is missing, unless GRAPEVINE_REQUIRE_BROWSER is set
 * (as .ci/run does), in which case their absence fails the build.
 */
class ReportBrowserTest {
  private static final Path SCREENSHOT = Paths.get("target", "report-screenshot.png");
  private static ChromeDriver browser;
  private static Path report;

  @BeforeAll
  static void openReport() throws IOException {
    Optional<Path> chromium = Chromium.find("");
    Optional<Path> driver = Optional.of(Paths.get("/usr/bin/chromedriver")).filter(Files::isExecutable);
    String missing = chromium.isEmpty() ? "chromium" : driver.isEmpty() ? "chromedriver" : null;
    if (missing != null && System.getenv("GRAPEVINE_REQUIRE_BROWSER") != null) {
      throw new IllegalStateException("GRAPEVINE_REQUIRE_BROWSER is set but " + missing + " is not installed");
    }
    Assumptions.assumeTrue(missing == null, "Browser test skipped: " + missing
        + " not installed (Debian: apt-get install chromium chromium-driver)");
    report = SampleRun.out().resolve("reports/" + SampleRun.MONTH + "/report.html");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
        "--user-data-dir=" + Files.createTempDirectory("grapevine-browser-test"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(driver.get().toFile()).build();
    browser = new ChromeDriver(service, options);
    browser.manage().window().setSize(new Dimension(1200, 900));
    browser.get(report.toUri().toString());
  }

  @AfterAll
  static void close() {
    if (browser != null) {
      browser.quit();
    }
  }

  private static Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  @Test
  void loadsWithoutErrorsOrNetworkFetches() {
    assertThat(js("return document.readyState")).isEqualTo("complete");
    assertThat(browser.getTitle()).isEqualTo("Grapevine report " + SampleRun.MONTH);
    List<LogEntry> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    assertThat(problems).as("console warnings and errors").isEmpty();
    assertThat(js("return performance.getEntriesByType('resource').length")).as("resources fetched")
        .isEqualTo(0L);
    assertThat(js("return document.scripts.length")).isEqualTo(0L);
  }

  @Test
  void theConsoleCheckSeesTheErrorsOfABrokenPage() throws IOException {
    // The control for the check above: a page that fails to load an image must show up as an error.
    Path broken = Files.createTempFile("grapevine-broken", ".html");
    Files.writeString(broken, "<!DOCTYPE html><title>broken</title><img src=\"no-such-image.png\">");
    browser.get(broken.toUri().toString());
    List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    browser.get(report.toUri().toString());
    Files.delete(broken);
    assertThat(errors).as("console errors of a page with a missing image").isNotEmpty();
  }

  @Test
  void chartsAreDrawnAndTheScreenshotShowsThem() throws IOException {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> charts = (List<Map<String, Object>>) js(
        "return [...document.querySelectorAll('figure.chart svg')].map(s => {"
            + "const r = s.getBoundingClientRect(); return {id: s.id, top: r.top + scrollY, left: r.left,"
            + " width: r.width, height: r.height, shapes: s.querySelectorAll('path,rect,line,ellipse').length}; })");
    assertThat(charts).hasSizeGreaterThanOrEqualTo(6);
    for (Map<String, Object> c : charts) {
      assertThat(((Number) c.get("width")).doubleValue()).as(c.get("id") + " width").isGreaterThan(400);
      assertThat(((Number) c.get("height")).doubleValue()).as(c.get("id") + " height").isGreaterThan(100);
      assertThat(((Number) c.get("shapes")).longValue()).as(c.get("id") + " shapes").isGreaterThan(10);
    }
    long height = (Long) js("return document.documentElement.scrollHeight");
    browser.manage().window().setSize(new Dimension(1200, (int) height + 200));
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    Files.createDirectories(SCREENSHOT.getParent());
    Files.write(SCREENSHOT, png);
    BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
    for (Map<String, Object> c : charts) {
      // Each chart's area on the screenshot holds the chart's colours, not a blank box.
      int x = ((Number) c.get("left")).intValue();
      int y = ((Number) c.get("top")).intValue();
      int w = Math.min(((Number) c.get("width")).intValue(), shot.getWidth() - x);
      int h = Math.min(((Number) c.get("height")).intValue(), shot.getHeight() - y);
      Set<Integer> colours = new HashSet<>();
      for (int i = x; i < x + w; i += 3) {
        for (int j = y; j < y + h; j += 3) {
          colours.add(shot.getRGB(i, j) & 0xF0F0F0);
        }
      }
      assertThat(colours.size()).as(c.get("id") + " colours in " + SCREENSHOT).isGreaterThan(5);
    }
  }

  @Test
  void markupInAReviewIsShownAsText() {
    @SuppressWarnings("unchecked")
    List<String> quotes = (List<String>) js("return [...document.querySelectorAll('blockquote')].map(q => q.textContent)");
    assertThat(quotes).anySatisfy(q -> assertThat(q).contains(SampleTruth.MARKUP_TEXT));
    assertThat(js("return document.querySelectorAll('blockquote b').length")).isEqualTo(0L);
  }

  @Test
  void aPdfIsPrintedBesideTheReport() throws IOException {
    StageRun stage = SampleRun.runs().stream().filter(r -> r.stage.equals("report")).findFirst().orElseThrow();
    Path pdf = report.resolveSibling("report.pdf");
    assertThat(stage.details.get("pdf")).isEqualTo(pdf.toString());
    byte[] head = new byte[5];
    try (var in = Files.newInputStream(pdf)) {
      assertThat(in.read(head)).isEqualTo(5);
    }
    assertThat(new String(head, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    assertThat(new File(pdf.toString()).length()).isGreaterThan(20_000);
  }
}
