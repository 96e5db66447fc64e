package io.grapevine.core.localfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.AbstractFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local file system without processes behaves as Hadoop's: permissions, renames, links, checksums. */
class LocalFilesTest {
  @TempDir
  java.nio.file.Path dir;

  @Test
  void installedForEveryNewConfiguration() throws Exception {
    LocalFiles.install();
    Configuration conf = new Configuration();
    assertThat(FileSystem.newInstance(URI.create("file:///"), conf)).isInstanceOf(LocalFiles.class);
    assertThat(AbstractFileSystem.get(URI.create("file:///"), conf)).isInstanceOf(LocalFiles.Fs.class);
  }

  @Test
  void permissionsAreSetAsChmodWouldSetThem() throws Exception {
    FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf());
    Path file = new Path(dir.resolve("a/b/file.txt").toUri());
    try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20, null)) {
      out.write("x".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/file.txt"))))
        .isEqualTo("rw-r-----");
    assertThat(fs.mkdirs(new Path(dir.resolve("c").toUri()), new FsPermission((short) 0750))).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("c")))).isEqualTo("rwxr-x---");
    fs.setPermission(file, new FsPermission((short) 0604));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/file.txt"))))
        .isEqualTo("rw----r--");
    // A plain create (the permission then comes with the umask applied, as Parquet's files get it) gives
    // the file the mode Hadoop's own local file system gives.
    Configuration hadoopsOwn = new Configuration();
    hadoopsOwn.set("fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem");
    FileSystem hadoop = FileSystem.newInstance(URI.create("file:///"), hadoopsOwn);
    assertThat(hadoop).isNotInstanceOf(LocalFiles.class);
    fs.create(new Path(dir.resolve("ours.txt").toUri()), true).close();
    hadoop.create(new Path(dir.resolve("theirs.txt").toUri()), true).close();
    assertThat(Files.getPosixFilePermissions(dir.resolve("ours.txt")))
        .isEqualTo(Files.getPosixFilePermissions(dir.resolve("theirs.txt")));
    // Hadoop's checksum file is written beside it, as before.
    assertThat(dir.resolve("a/b/.file.txt.crc")).exists();
    assertThat(fs.getFileStatus(file).getPermission().toShort()).isEqualTo((short) 0604);
  }

  @Test
  void fileContextRenamesOverAFileAndSeesLinks() throws Exception {
    FileContext fc = FileContext.getFileContext(URI.create("file:///"), conf());
    assertThat(fc.getDefaultFileSystem()).isInstanceOf(LocalFiles.Fs.class);
    Files.writeString(dir.resolve("old.json"), "old");
    Files.writeString(dir.resolve(".new.tmp"), "new");
    fc.rename(new Path(dir.resolve(".new.tmp").toUri()), new Path(dir.resolve("old.json").toUri()),
        Options.Rename.OVERWRITE);
    assertThat(dir.resolve("old.json")).hasContent("new");
    assertThat(dir.resolve(".new.tmp")).doesNotExist();

    // A link lookup answers as Hadoop's own LocalFs does, for a plain file and for a symbolic link.
    Configuration hadoopsOwn = conf();
    hadoopsOwn.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.LocalFs");
    FileContext hadoop = FileContext.getFileContext(URI.create("file:///"), hadoopsOwn);
    assertThat(hadoop.getDefaultFileSystem()).isNotInstanceOf(LocalFiles.Fs.class);
    Files.createSymbolicLink(dir.resolve("link.json"), dir.resolve("old.json"));
    for (String name : new String[] {"old.json", "link.json"}) {
      Path p = new Path(dir.resolve(name).toUri());
      FileStatus ours = fc.getFileLinkStatus(p);
      FileStatus theirs = hadoop.getFileLinkStatus(p);
      assertThat(ours.isFile()).as(name).isEqualTo(theirs.isFile());
      assertThat(ours.isSymlink()).as(name).isEqualTo(theirs.isSymlink());
      assertThat(ours.getLen()).as(name).isEqualTo(theirs.getLen());
      assertThat(ours.getPath()).as(name).isEqualTo(theirs.getPath());
    }
    assertThat(fc.getFileLinkStatus(new Path(dir.resolve("old.json").toUri())).getLen()).isEqualTo(3);
  }

  private static Configuration conf() {
    LocalFiles.install();
    return new Configuration();
  }
}
