package io.grapevine.core;

/** Failures as one line for the person who runs a job. */
public final class Failures {
  private Failures() {}

  /** The first line of the deepest message among a failure's causes, at most 400 characters. */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = String.valueOf(root.getMessage()).split("\n")[0];
    return m.length() > 400 ? m.substring(0, 400) + "..." : m;
  }
}
