package io.grapevine.core;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The files of an output location that are not tables (manifests, model versions, reports, the
 * lease), on any Hadoop file system, each put in place in one step: a reader finds the old file or
 * the new one, never a part of one. On a file system with atomic rename (local, HDFS) a file is
 * written under a temporary name beside its place and renamed over it; on an object store (S3, GCS,
 * Azure) an object appears whole when its upload completes, so it is written in place. A folder
 * (a saved model) is published as a new version beside the old ones, and a small {@code CURRENT}
 * file, itself replaced in one step, names the version readers take.
 */
public final class Storage {
  /** Schemes of object stores, where an object appears whole when written and rename is a copy. */
  private static final Set<String> OBJECT_STORES =
      Set.of("s3", "s3a", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss", "cos", "cosn");

  private final Layout layout;
  private final Configuration hadoopConf;

  public Storage(Layout layout, Configuration hadoopConf) {
    this.layout = layout;
    this.hadoopConf = hadoopConf;
  }

  public Layout layout() {
    return layout;
  }

  public Configuration hadoopConf() {
    return hadoopConf;
  }

  private FileSystem fs(Path p) throws IOException {
    return p.getFileSystem(hadoopConf);
  }

  public boolean exists(String location) {
    try {
      Path p = new Path(location);
      return fs(p).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + location, e);
    }
  }

  /** Reads a text file at a full location (any file system). */
  public String readText(String location) {
    Path p = new Path(location);
    try (InputStream in = fs(p).open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p, e);
    }
  }

  /** The text at {@code location}, or null when there is no such file. */
  public String readTextIfExists(String location) {
    Path p = new Path(location);
    try (InputStream in = fs(p).open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p, e);
    }
  }

  /**
   * Writes {@code content} to {@code location} in one step (see the class comment). {@code fault}
   * names the fault-injection point between writing and publishing ({@link Faults}); may be null.
   */
  public void writeText(String location, String content, String fault) {
    writeBytes(location, content.getBytes(StandardCharsets.UTF_8), fault);
  }

  public void writeText(String location, String content) {
    writeText(location, content, null);
  }

  public void writeBytes(String location, byte[] content, String fault) {
    Path target = new Path(location);
    try {
      FileSystem fs = fs(target);
      if (isObjectStore(target)) {
        try (OutputStream out = fs.create(target, true)) {
          out.write(content);
        }
        return;
      }
      Path temp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
      try (OutputStream out = fs.create(temp, false)) {
        out.write(content);
      }
      if (fault != null) {
        Faults.point(fault);
      }
      moveOver(temp, target);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target, e);
    }
  }

  /** Renames {@code from} over {@code to} in one step, replacing what was there. */
  private void moveOver(Path from, Path to) throws IOException {
    FileContext fc = FileContext.getFileContext(from.toUri(), hadoopConf);
    fc.rename(from, to, Options.Rename.OVERWRITE);
  }

  /**
   * Creates {@code location} with {@code content} only if no file is there; false when one is.
   * Atomic where the file system's exclusive create is (local, HDFS).
   */
  public boolean createExclusive(String location, String content) {
    Path p = new Path(location);
    try {
      if (fs(p) instanceof org.apache.hadoop.fs.LocalFileSystem) {
        // Hadoop's local create checks, then opens: not exclusive. The OS's O_EXCL is.
        java.nio.file.Path file = java.nio.file.Paths.get(fs(p).makeQualified(p).toUri());
        java.nio.file.Files.createDirectories(file.getParent());
        try {
          java.nio.file.Files.write(file, content.getBytes(StandardCharsets.UTF_8),
              java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
          return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
          return false;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + p, e);
    }
    try (OutputStream out = fs(p).create(p, false)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (exists(location)) {
        return false;
      }
      throw new UncheckedIOException("Cannot create " + p, e);
    }
  }

  /** Renames a file; false when the source is gone (someone else moved it first). */
  public boolean rename(String from, String to) {
    Path src = new Path(from);
    try {
      return fs(src).rename(src, new Path(to));
    } catch (FileNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot rename " + from, e);
    }
  }

  /** Removes a file or a folder and what it holds; nothing happens when it is absent. */
  public void delete(String location) {
    Path p = new Path(location);
    try {
      fs(p).delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + p, e);
    }
  }

  /** The entries directly under a folder (none when it is absent). */
  public List<FileStatus> list(String folder) {
    Path p = new Path(folder);
    try {
      FileSystem fs = fs(p);
      if (!fs.exists(p)) {
        return List.of();
      }
      return List.of(fs.listStatus(p));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder, e);
    }
  }

  /** The modification time of a file, in milliseconds, or -1 when it is absent. */
  public long modified(String location) {
    Path p = new Path(location);
    try {
      return fs(p).getFileStatus(p).getModificationTime();
    } catch (FileNotFoundException e) {
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stat " + p, e);
    }
  }

  private static boolean isObjectStore(Path p) {
    String scheme = p.toUri().getScheme();
    return scheme != null && OBJECT_STORES.contains(scheme.toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Publishes a new version of a versioned folder: {@code write} fills {@code folder/version}
   * (given the full path), then {@code folder/CURRENT} is replaced with the version's name in one
   * step. Readers resolve the folder with {@link #current}: they see the old version or the new
   * one, never a part of either. Earlier versions stay until {@code grapevine maintain} removes
   * them.
   */
  public String publishVersion(String folder, String version, java.util.function.Consumer<String> write,
      String fault) {
    String dir = folder + "/" + version;
    delete(dir);
    write.accept(dir);
    writeText(folder + "/" + Layout.CURRENT, version + "\n", fault);
    return dir;
  }

  /**
   * The current version of a versioned folder (the folder its {@code CURRENT} file names), the
   * folder itself when it holds no {@code CURRENT} (written before versions), or null when absent.
   */
  public String current(String folder) {
    String name = readTextIfExists(folder + "/" + Layout.CURRENT);
    if (name != null && !name.isBlank()) {
      return folder + "/" + name.trim();
    }
    return exists(folder) ? folder : null;
  }

  /** Version folders of a versioned folder other than the current one, oldest first. */
  public List<FileStatus> oldVersions(String folder) {
    String current = readTextIfExists(folder + "/" + Layout.CURRENT);
    List<FileStatus> old = new ArrayList<>();
    for (FileStatus st : list(folder)) {
      if (st.isDirectory() && (current == null || !st.getPath().getName().equals(current.trim()))) {
        old.add(st);
      }
    }
    old.sort(java.util.Comparator.comparingLong(FileStatus::getModificationTime));
    return old;
  }
}
