package dev.deltactl.core.engine.localfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.deltactl.core.engine.kernel.KernelEngine;
import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {
  @TempDir java.nio.file.Path dir;

  /** Our configuration (as every engine builds it), with the umask fixed so modes are exact. */
  private static Configuration conf() {
    Configuration c = KernelEngine.hadoopConf(Map.of());
    c.set("fs.permissions.umask-mode", "027");
    return c;
  }

  /** Hadoop's own local file system classes, the same umask. */
  private static Configuration stock() {
    Configuration c = new Configuration();
    c.set("fs.file.impl", LocalFileSystem.class.getName());
    c.set("fs.AbstractFileSystem.file.impl", org.apache.hadoop.fs.local.LocalFs.class.getName());
    c.set("fs.permissions.umask-mode", "027");
    return c;
  }

  private static String mode(java.nio.file.Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void theEnginesConfigurationSelectsTheseClassesUnlessTheUserNamesOthers() throws Exception {
    try (FileSystem fs = FileSystem.newInstance(java.net.URI.create("file:///"), conf())) {
      assertEquals(LocalFiles.FileSystem.class, fs.getClass());
    }
    assertEquals("org.apache.hadoop.fs.LocalFileSystem",
        KernelEngine.hadoopConf(Map.of("fs.file.impl", "org.apache.hadoop.fs.LocalFileSystem")).get("fs.file.impl"));
    assertEquals(LocalFiles.FileContextFs.class,
        FileContext.getFileContext(java.net.URI.create("file:///"), conf()).getDefaultFileSystem().getClass());
  }

  @Test
  void filesAndFoldersGetTheModesHadoopsOwnCodeGivesThem() throws Exception {
    Configuration stockConf = stock();
    try (FileSystem ours = FileSystem.newInstance(java.net.URI.create("file:///"), conf());
        FileSystem stock = FileSystem.newInstance(java.net.URI.create("file:///"), stockConf)) {
      assertEquals(LocalFileSystem.class, stock.getClass());
      for (FileSystem fs : new FileSystem[] {ours, stock}) {
        String name = fs == ours ? "ours" : "stock";
        try (FSDataOutputStream out = fs.create(new Path(dir.resolve(name + ".txt").toUri()))) {
          out.write("x".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(fs.mkdirs(new Path(dir.resolve(name + "-dir/a/b").toUri()), new FsPermission((short) 0777)));
      }
      assertEquals("rw-r-----", mode(dir.resolve("ours.txt")));
      assertEquals(mode(dir.resolve("stock.txt")), mode(dir.resolve("ours.txt")));
      assertEquals("rwxr-x---", mode(dir.resolve("ours-dir/a/b")));
      assertEquals(mode(dir.resolve("stock-dir/a/b")), mode(dir.resolve("ours-dir/a/b")));
      // the checksum file Hadoop writes beside a file gets its mode too
      assertEquals(mode(dir.resolve(".stock.txt.crc")), mode(dir.resolve(".ours.txt.crc")));

      Path file = new Path(dir.resolve("ours.txt").toUri());
      ours.setPermission(file, new FsPermission((short) 0741));
      assertEquals("rwxr----x", mode(dir.resolve("ours.txt")));
      FileNotFoundException missing = assertThrows(FileNotFoundException.class,
          () -> ours.setPermission(new Path(dir.resolve("none").toUri()), new FsPermission((short) 0644)));
      assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
  }

  private static String unixMode(java.nio.file.Path p) throws Exception {
    return Integer.toOctalString((Integer) Files.getAttribute(p, "unix:mode"));
  }

  @Test
  void aSharedFoldersSetGroupIdBitAndAStickyBitComeOutAsWithHadoopsOwn() throws Exception {
    // Hadoop's own runs chmod: GNU chmod keeps a folder's set-id bits, BSD chmod does not
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux"));
    org.junit.jupiter.api.Assumptions.assumeFalse(org.apache.hadoop.io.nativeio.NativeIO.isAvailable());
    java.nio.file.Path shared = Files.createDirectory(dir.resolve("shared"));
    Files.setAttribute(shared, "unix:mode", 02770);
    try (FileSystem ours = FileSystem.newInstance(java.net.URI.create("file:///"), conf());
        FileSystem stock = FileSystem.newInstance(java.net.URI.create("file:///"), stock())) {
      for (FileSystem fs : new FileSystem[] {ours, stock}) {
        String name = fs == ours ? "ours" : "stock";
        assertTrue(fs.mkdirs(new Path(shared.resolve(name).toUri()), new FsPermission((short) 0777)));
        try (FSDataOutputStream out = fs.create(new Path(shared.resolve(name + ".txt").toUri()))) {
          out.write('x');
        }
        fs.setPermission(new Path(shared.resolve(name).toUri()), new FsPermission((short) 01755));
      }
      // chmod keeps a folder's set-group-ID bit (the group goes on to what is written in it); sets a sticky bit
      assertEquals(unixMode(shared.resolve("stock")), unixMode(shared.resolve("ours")));
      assertEquals(unixMode(shared.resolve("stock.txt")), unixMode(shared.resolve("ours.txt")));
      assertEquals("43755", unixMode(shared.resolve("ours")));
      assertEquals("100640", unixMode(shared.resolve("ours.txt")));
    }
  }

  @Test
  void fileContextRenamesAsHadoopsOwnDoesAndSeesLinks() throws Exception {
    FileContext fc = FileContext.getFileContext(java.net.URI.create("file:///"), conf());
    Path tmp = new Path(dir.resolve(".00001.json.tmp").toUri());
    Path commit = new Path(dir.resolve("00001.json").toUri());
    try (FSDataOutputStream out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE))) {
      out.write("{}".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("rw-r-----", mode(dir.resolve(".00001.json.tmp")));
    fc.rename(tmp, commit, Options.Rename.NONE);
    assertTrue(Files.exists(dir.resolve("00001.json")));
    assertFalse(Files.exists(dir.resolve(".00001.json.tmp")));
    // a second writer of the same version loses: the rename never replaces a commit
    try (FSDataOutputStream out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE))) {
      out.write("{\"other\":1}".getBytes(StandardCharsets.UTF_8));
    }
    assertThrows(FileAlreadyExistsException.class, () -> fc.rename(tmp, commit, Options.Rename.NONE));
    assertEquals("{}", Files.readString(dir.resolve("00001.json")));

    Files.createSymbolicLink(dir.resolve("link.json"), dir.resolve("00001.json"));
    FileContext stock = FileContext.getFileContext(java.net.URI.create("file:///"), stock());
    assertEquals(org.apache.hadoop.fs.local.LocalFs.class, stock.getDefaultFileSystem().getClass());
    // what Hadoop's own says of a file, a link named with the scheme (it follows it) and without (a link)
    for (Path p : new Path[] {commit, new Path(dir.resolve("link.json").toUri()),
        new Path(dir.resolve("link.json").toString())}) {
      FileStatus expected = stock.getFileLinkStatus(p);
      FileStatus actual = fc.getFileLinkStatus(p);
      assertEquals(expected.isSymlink(), actual.isSymlink(), p.toString());
      assertEquals(expected.getLen(), actual.getLen(), p.toString());
      assertEquals(expected.isSymlink() ? expected.getSymlink() : null,
          actual.isSymlink() ? actual.getSymlink() : null, p.toString());
    }
    assertFalse(fc.getFileLinkStatus(new Path(dir.resolve("link.json").toUri())).isSymlink());
    assertTrue(fc.getFileLinkStatus(new Path(dir.resolve("link.json").toString())).isSymlink());
    assertThrows(FileNotFoundException.class, () -> fc.getFileLinkStatus(new Path(dir.resolve("none").toUri())));
  }

  /** What a status says of a file, permission, owner and group included. */
  private static String said(FileStatus s) {
    return s.getPath().toUri().getPath() + " len=" + s.getLen() + " dir=" + s.isDirectory() + " mtime="
        + s.getModificationTime() + " perm=" + s.getPermission() + " sticky=" + s.getPermission().getStickyBit()
        + " owner=" + s.getOwner() + " group=" + s.getGroup();
  }

  /** All a status says: its path as written, sizes, times, kind, replication, block size, permission, owner. */
  private static String saidFully(FileStatus s) {
    return s.getPath() + " " + said(s) + " atime=" + s.getAccessTime() + " repl=" + s.getReplication() + " block="
        + s.getBlockSize() + " link=" + s.isSymlink() + " file=" + s.isFile();
  }

  @Test
  void listingsSayWhatHadoopsOwnSaysWithoutAProcessPerFile() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(org.apache.hadoop.io.nativeio.NativeIO.isAvailable());
    java.nio.file.Path root = Files.createDirectories(dir.resolve("t/part=1"));
    for (int i = 0; i < 5; i++) {
      Files.writeString(root.resolve("f" + i + ".parquet"), "x".repeat(i));
    }
    Files.setPosixFilePermissions(root.resolve("f1.parquet"), PosixFilePermissions.fromString("rwx--x---"));
    Files.setAttribute(Files.createDirectories(dir.resolve("t/shared")), "unix:mode", 01777);
    Files.writeString(dir.resolve("t/top.json"), "{}");
    Files.createSymbolicLink(dir.resolve("t/link.parquet"), root.resolve("f3.parquet"));
    Files.createSymbolicLink(dir.resolve("t/gone.parquet"), root.resolve("none.parquet")); // listed by neither
    Files.createSymbolicLink(dir.resolve("t/linked folder"), root);
    Files.writeString(dir.resolve("t/a:b %20.parquet"), "xy");
    Path t = new Path(dir.resolve("t").toUri());
    try (FileSystem ours = FileSystem.newInstance(java.net.URI.create("file:///"), conf());
        FileSystem stock = FileSystem.newInstance(java.net.URI.create("file:///"), stock())) {
      java.util.List<String> expected = new java.util.ArrayList<>();
      java.util.List<String> actual = new java.util.ArrayList<>();
      for (var it = stock.listFiles(t, true); it.hasNext(); ) {
        expected.add(said(it.next()));
      }
      for (var it = ours.listFiles(t, true); it.hasNext(); ) {
        org.apache.hadoop.fs.LocatedFileStatus s = it.next();
        actual.add(said(s));
      }
      java.util.Collections.sort(expected);
      java.util.Collections.sort(actual);
      assertEquals(13, expected.size());
      assertEquals(expected, actual);
      for (Path p : new Path[] {t, new Path(t, "shared"), new Path(t, "part=1/f1.parquet"), new Path(t, "top.json")}) {
        assertEquals(said(stock.getFileStatus(p)), said(ours.getFileStatus(p)), p.toString());
        FileStatus mine = ours.getFileStatus(p);
        // Hadoop's own status of a local file runs `ls -ld` for its permission: ours reads it in this process
        assertFalse(mine.getClass().getName().contains("DeprecatedRawLocalFileStatus"), mine.getClass().getName());
      }
      for (Path folder : new Path[] {t, new Path(t, "part=1"), new Path(t, "linked folder"),
          new Path(dir.resolve("t").toString())}) {
        List<String> own = java.util.Arrays.stream(stock.listStatus(folder)).map(LocalFilesTest::saidFully).sorted().toList();
        assertEquals(own, java.util.Arrays.stream(ours.listStatus(folder)).map(LocalFilesTest::saidFully).sorted().toList());
        assertFalse(own.isEmpty());
      }
      assertEquals(6, ours.listStatus(t).length); // the broken link left out
      FileNotFoundException missing = assertThrows(FileNotFoundException.class, () -> stock.listStatus(new Path(t, "none")));
      assertEquals(missing.getMessage(),
          assertThrows(FileNotFoundException.class, () -> ours.listStatus(new Path(t, "none"))).getMessage());
      assertEquals(said(stock.listStatus(new Path(t, "top.json"))[0]), said(ours.listStatus(new Path(t, "top.json"))[0]));
      assertEquals("rwx--x---", ours.getFileStatus(new Path(t, "part=1/f1.parquet")).getPermission().toString());
      assertTrue(ours.getFileStatus(new Path(t, "shared")).getPermission().getStickyBit());
      assertThrows(FileNotFoundException.class, () -> ours.getFileStatus(new Path(t, "none")));
    }
  }
}
