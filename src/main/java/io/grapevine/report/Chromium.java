package io.grapevine.report;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

/** Finds a Chromium executable and the flags for running it headless on a closed network. */
public final class Chromium {
  private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

  private Chromium() {}

  /** {@code configured} when it is set (and executable), else the first known name on PATH. */
  public static Optional<Path> find(String configured) {
    if (configured != null && !configured.isBlank()) {
      Path p = Paths.get(configured);
      return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : NAMES) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Paths.get(dir, name);
        if (!dir.isEmpty() && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Headless flags: no sandbox (root in containers), no GPU, and none of the background network
   * calls that a machine without internet would refuse, with a fresh profile directory.
   */
  public static List<String> headless(Path chromium, Path profile) {
    return List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-quic", "--user-data-dir=" + profile.toAbsolutePath());
  }
}
