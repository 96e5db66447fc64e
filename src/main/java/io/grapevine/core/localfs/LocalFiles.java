package io.grapevine.core.localfs;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFs;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) without a process per file. Without Hadoop's native
 * library, which no Maven artifact ships, {@link RawLocalFileSystem} runs {@code chmod} for every file
 * and folder it creates and {@code readlink} before every rename through {@code FileContext} (Delta's
 * log, Spark's checkpoint files, Grapevine's own moves): 828 and 496 processes in one Quick start
 * run-all, each about 2.4 ms of a thread's time in a 4 GB JVM (docs/benchmarks.md). These classes set
 * permissions with {@code java.nio} and answer a link lookup of a plain file with its status, and leave
 * everything else, symbolic links and sticky bits included, to Hadoop's code.
 *
 * <p>{@link #install()} makes every Hadoop {@code Configuration} of this JVM use them for {@code file:}
 * (a default resource, {@code io/grapevine/local-files.xml}). Only embedded Spark installs them
 * ({@link #installFor}): a cluster's executors, other JVMs, keep Hadoop's own, and so does a local
 * file system made before the call. Either way the files are the same, only slower to make.
 */
public final class LocalFiles extends LocalFileSystem {
  private static final String RESOURCE = "io/grapevine/local-files.xml";
  private static volatile boolean installed;

  public LocalFiles() {
    super(new Raw());
  }

  /** {@link #install()} when Spark's master runs everything in this JVM ({@code local}, {@code local[N]}). */
  public static void installFor(String master) {
    if (master.equals("local") || master.startsWith("local[")) {
      install();
    }
  }

  /** Makes {@code file:} paths use these classes in every Hadoop configuration of this JVM; idempotent. */
  public static synchronized void install() {
    if (!installed) {
      Configuration.addDefaultResource(RESOURCE);
      installed = true;
    }
  }

  /** The raw local file system, its permissions and link lookups in Java. */
  public static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      short bits = permission.toShort();
      File file = pathToFile(p);
      if ((bits & ~0777) != 0 || !file.toPath().getFileSystem().supportedFileAttributeViews().contains("posix")) {
        super.setPermission(p, permission);
        return;
      }
      // A plain FsPermission's text is chmod's (rw-r-----); the one given may be a subclass that says more.
      Files.setPosixFilePermissions(file.toPath(), PosixFilePermissions.fromString(new FsPermission(bits).toString()));
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      if (Files.isSymbolicLink(pathToFile(f).toPath())) {
        return super.getFileLinkStatus(f);
      }
      return getFileStatus(f);
    }
  }

  /** The same for {@code FileContext} (Hadoop's {@code LocalFs}, checksums and all). */
  public static class Fs extends ChecksumFs {
    public Fs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(new RawFs(uri, conf));
    }
  }

  /** Hadoop's {@code RawLocalFs} over {@link Raw}. */
  public static class RawFs extends DelegateToFileSystem {
    public RawFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
      super(uri, new Raw(), conf, "file", false);
    }

    @Override
    public int getUriDefaultPort() {
      return -1;  // no port for the local file system
    }

    @Override
    public boolean isValidName(String src) {
      return true;  // any local name will do, as in Hadoop's RawLocalFs
    }
  }
}
