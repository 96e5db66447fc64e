package io.grapevine.report;

import io.grapevine.core.GrapevineConfig;
import io.grapevine.core.UserInputException;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prints the HTML report to PDF with headless Chromium, when Chromium is on this machine. */
final class Pdf {
  private static final Logger LOG = LoggerFactory.getLogger(Pdf.class);
  private static final long TIMEOUT_SECONDS = 120;

  private Pdf() {}

  /**
   * Prints {@code html} to {@code pdf} (both local paths or file: URIs) and says what happened: the
   * PDF's path, or why there is none. With {@code report.pdf = required} a missing PDF fails.
   */
  static String print(String html, String pdf, GrapevineConfig.Report config) {
    if ("off".equals(config.pdf)) {
      return "off (report.pdf)";
    }
    Optional<Path> local = localPath(html);
    Optional<Path> target = localPath(pdf);
    Optional<Path> chromium = Chromium.find(config.chromium);
    String skipped = local.isEmpty() || target.isEmpty() ? "skipped: the report is not on a local file system"
        : chromium.isEmpty() ? "skipped: no Chromium found (install Debian's chromium or set report.chromium)"
        : null;
    if (skipped == null) {
      try {
        run(chromium.get(), local.get(), target.get());
        return target.get().toString();
      } catch (IOException e) {
        skipped = "failed: " + e.getMessage();
      }
    }
    if ("required".equals(config.pdf)) {
      throw new UserInputException("No PDF of the report (report.pdf = required): " + skipped);
    }
    LOG.warn("Report PDF {}", skipped);
    return skipped;
  }

  private static void run(Path chromium, Path html, Path pdf) throws IOException {
    Path profile = Files.createTempDirectory("grapevine-chromium");
    Path log = Files.createTempFile("grapevine-chromium", ".log");
    // Printed beside its place, then moved over it in one step: a reader never finds half a PDF.
    Path printing = pdf.resolveSibling("." + pdf.getFileName() + ".tmp-" + java.util.UUID.randomUUID());
    try {
      List<String> command = new ArrayList<>(Chromium.headless(chromium, profile));
      command.add("--no-pdf-header-footer");
      command.add("--print-to-pdf=" + printing.toAbsolutePath());
      command.add(html.toAbsolutePath().toUri().toString());
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(chromium + " did not finish printing within " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0 || !Files.isRegularFile(printing) || Files.size(printing) == 0) {
        List<String> lines = Files.readAllLines(log);
        throw new IOException(chromium + " exited " + p.exitValue() + " without a PDF: "
            + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
      }
      Files.move(printing, pdf, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while printing", e);
    } finally {
      Files.deleteIfExists(printing);
      Files.deleteIfExists(log);
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  private static Optional<Path> localPath(String location) {
    URI uri = URI.create(location.replace(" ", "%20"));
    if (uri.getScheme() == null) {
      return Optional.of(Paths.get(location));
    }
    return "file".equals(uri.getScheme()) ? Optional.of(Paths.get(uri)) : Optional.empty();
  }
}
