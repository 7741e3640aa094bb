package dev.deltactl.core.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.SourceFormat;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** copy-into's file identity and selection on real local folders, without Spark. */
class CopyIntoFilesTest {
  @TempDir Path tmp;
  Path landing;
  final Configuration conf = new Configuration();

  @BeforeEach
  void folders() throws Exception {
    landing = Files.createDirectories(tmp.resolve("landing"));
    Files.createDirectories(landing.resolve("day1/sub"));
    Files.createDirectories(landing.resolve("day2"));
    Files.writeString(landing.resolve("day1/data.csv"), "1\n");
    Files.writeString(landing.resolve("day1/sub/more.csv"), "2\n");
    Files.writeString(landing.resolve("day2/data.csv"), "3\n");
    Files.writeString(tmp.resolve("secret.txt"), "root:x:0:0\n");
  }

  private CopyIntoRequest request(String from, List<String> files, String pattern) {
    return CopyIntoRequest.into(TableRef.parse(tmp.resolve("t").toString())).from(from, SourceFormat.TEXT)
        .files(files).pattern(pattern).build();
  }

  private CopyIntoFiles.Listing listing(String from) {
    return CopyIntoFiles.listing(request(from, List.of(), null), conf);
  }

  private static List<String> locations(CopyIntoFiles.Listing l) {
    return l.files().stream().map(CopyIntoFiles.SourceFile::location).toList();
  }

  @Test
  void theSameFileNameInTwoFoldersIsTwoFiles() {
    CopyIntoFiles.SourceFile a = listing(landing.resolve("day1").toString()).files().get(0);
    CopyIntoFiles.SourceFile b = listing(landing.resolve("day2").toString()).files().get(0);
    assertThat(a.relative()).isEqualTo("data.csv");
    assertThat(b.relative()).isEqualTo("data.csv");
    assertThat(a.location()).isEqualTo("file://" + landing.resolve("day1/data.csv"));
    assertThat(b.location()).isEqualTo("file://" + landing.resolve("day2/data.csv"));
    assertThat(CopyIntoFiles.appId(a)).isNotEqualTo(CopyIntoFiles.appId(b)).startsWith("deltactl.copy-into.v2:");
    assertThat(CopyIntoFiles.legacyAppId(a.relative())).isEqualTo(CopyIntoFiles.legacyAppId(b.relative()));
  }

  @Test
  void everySpellingOfAFolderGivesTheSameLocations() throws Exception {
    Path day1 = landing.resolve("day1");
    List<String> expected = List.of("file://" + day1.resolve("data.csv"), "file://" + day1.resolve("sub/more.csv"));
    Path link = Files.createSymbolicLink(tmp.resolve("current"), day1);
    for (String spelling : List.of(day1.toString(), day1 + "/", day1 + "//", "file:" + day1, "file://" + day1,
        "file:///" + day1 + "/", landing + "/./day1", landing + "/day2/../day1", landing + "//day1",
        link.toString(), link + "/")) {
      CopyIntoFiles.Listing l = listing(spelling);
      assertThat(l.folder()).as(spelling).isEqualTo("file://" + day1);
      assertThat(locations(l)).as(spelling).isEqualTo(expected);
      assertThat(l.files().stream().map(CopyIntoFiles.SourceFile::relative).toList()).as(spelling)
          .containsExactly("data.csv", "sub/more.csv");
    }
  }

  @Test
  void objectStoreSchemesHaveOneSpelling() {
    assertThat(CopyIntoFiles.canonical(URI.create("s3://Bucket/a//b/./c.csv"))).isEqualTo("s3a://bucket/a/b/c.csv");
    assertThat(CopyIntoFiles.canonical(URI.create("s3n://bucket/a/"))).isEqualTo("s3a://bucket/a");
    assertThat(CopyIntoFiles.canonical(URI.create("S3A://bucket/a/x/../b"))).isEqualTo("s3a://bucket/a/b");
    assertThat(CopyIntoFiles.canonical(URI.create("abfs://c@acct.dfs.core.windows.net/x")))
        .isEqualTo("abfss://c@acct.dfs.core.windows.net/x");
    assertThat(CopyIntoFiles.canonical(URI.create("wasbs://c@Acct.blob.core.windows.net/x/")))
        .isEqualTo("abfss://c@acct.dfs.core.windows.net/x");
    assertThat(CopyIntoFiles.canonical(URI.create("gs://b/x/y"))).isEqualTo("gs://b/x/y");
    // decoded: a location is compared, and shown, as the path it names
    assertThat(CopyIntoFiles.canonical(URI.create("file:/a%20b/./c"))).isEqualTo("file:///a b/c");
    assertThat(CopyIntoFiles.canonical(new org.apache.hadoop.fs.Path("/a b/c?d#e%f/./g").toUri()))
        .isEqualTo("file:///a b/c?d#e%f/g");
  }

  private void assertRefused(String from, List<String> files, String pattern, String message) {
    assertThatThrownBy(() -> CopyIntoFiles.listing(request(from, files, pattern), conf))
        .isInstanceOfSatisfying(DeltactlException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
          assertThat(e.getMessage()).isEqualTo(message);
        });
  }

  @Test
  void filesAndPatternsCannotReachOutOfTheFolder() throws Exception {
    String day1 = landing.resolve("day1").toString();
    String tail = " " + day1 + "; only files inside the folder are loaded";
    assertRefused(day1, List.of("../../secret.txt"), null, "--files: ../../secret.txt is outside --from" + tail);
    assertRefused(day1, List.of("sub/../../day2/data.csv"), null,
        "--files: sub/../../day2/data.csv is outside --from" + tail);
    assertRefused(day1, List.of(tmp.resolve("secret.txt").toString()), null,
        "--files: " + tmp.resolve("secret.txt") + " is not a path relative to --from" + tail);
    assertRefused(day1, List.of("file:" + tmp.resolve("secret.txt")), null,
        "--files: file:" + tmp.resolve("secret.txt") + " is not a path relative to --from" + tail);
    assertRefused(day1, List.of("data.csv", "../day2/data.csv"), null,
        "--files: ../day2/data.csv is outside --from" + tail);
    String why = " reaches outside --from; give a glob relative to the folder" + tail;
    assertRefused(day1, List.of(), "../*/data.csv", "--pattern: ../*/data.csv" + why);
    assertRefused(day1, List.of(), "sub/../../*", "--pattern: sub/../../*" + why);
    assertRefused(day1, List.of(), tmp + "/*.txt", "--pattern: " + tmp + "/*.txt" + why);
    assertRefused(day1, List.of(), "file:/etc/*", "--pattern: file:/etc/*" + why);
    // inside after normalisation is fine
    CopyIntoFiles.Listing ok = CopyIntoFiles.listing(request(day1, List.of("sub/../data.csv", "./sub/more.csv"), null),
        conf);
    assertThat(ok.files().stream().map(CopyIntoFiles.SourceFile::relative).toList())
        .containsExactly("data.csv", "sub/more.csv");
  }

  @Test
  void linksToFilesOutsideTheFolderAreRefusedWhicheverWayTheyAreSelected() throws Exception {
    Path day1 = landing.resolve("day1");
    Files.createSymbolicLink(day1.resolve("passwd.csv"), tmp.resolve("secret.txt"));
    String tail = "is a link to a file outside --from (" + tmp.resolve("secret.txt") + ") " + day1
        + "; only files inside the folder are loaded";
    assertRefused(day1.toString(), List.of(), null, "--from: passwd.csv " + tail);
    assertRefused(day1.toString(), List.of("passwd.csv"), null, "--files: passwd.csv " + tail);
    assertRefused(day1.toString(), List.of(), "*.csv", "--pattern: passwd.csv " + tail);
    // a folder linked from inside to outside
    Files.delete(day1.resolve("passwd.csv"));
    Files.createSymbolicLink(day1.resolve("elsewhere"), landing.resolve("day2"));
    assertRefused(day1.toString(), List.of(), null, "--from: elsewhere/data.csv is a link to a file outside --from ("
        + landing.resolve("day2/data.csv") + ") " + day1 + "; only files inside the folder are loaded");
  }

  @Test
  void aLinkInsideTheFolderIsTheFileItPointsTo() throws Exception {
    Path day1 = landing.resolve("day1");
    Files.createSymbolicLink(day1.resolve("alias.csv"), day1.resolve("sub/more.csv"));
    CopyIntoFiles.Listing l = listing(day1.toString());
    assertThat(l.files().stream().map(f -> f.relative() + "=" + f.location()).toList()).containsExactly(
        "alias.csv=file://" + day1.resolve("sub/more.csv"), "data.csv=file://" + day1.resolve("data.csv"),
        "sub/more.csv=file://" + day1.resolve("sub/more.csv"));
  }

  // ---------------------------------------------------------------- the earlier release's record

  private static final long MTIME = 1795168800000L;

  @Test
  void aRelativeRecordCountsForTheFileItWasMadeFor() throws Exception {
    Path day1 = landing.resolve("day1");
    Files.setLastModifiedTime(day1.resolve("data.csv"), java.nio.file.attribute.FileTime.fromMillis(MTIME));
    Map<String, Long> log = new HashMap<>();
    log.put(CopyIntoFiles.legacyAppId("data.csv"), MTIME);
    Map<String, String> sources = new HashMap<>();
    List<java.util.Set<String>> asked = new java.util.ArrayList<>();

    // the same file (same relative name, same time): loaded, and the log is not read
    CopyIntoFiles.Listing one = listing(day1.toString());
    Map<CopyIntoFiles.SourceFile, String> undecided = new LinkedHashMap<>();
    Map<CopyIntoFiles.SourceFile, Long> got = CopyIntoFiles.lookUp(one.folder(), one.files(), log::get, ids -> {
      asked.add(ids);
      return sources;
    }, undecided);
    assertThat(got).containsOnlyKeys(one.files().get(0));
    assertThat(asked).isEmpty();
    assertThat(undecided).isEmpty();

    // another folder's file of that name: the commit names day1 (as typed then, relative), so it loads
    sources.put(CopyIntoFiles.legacyAppId("data.csv"), "landing/day1");
    CopyIntoFiles.Listing two = listing(landing.resolve("day2").toString());
    got = CopyIntoFiles.lookUp(two.folder(), two.files(), log::get, ids -> {
      asked.add(ids);
      return sources;
    }, undecided);
    assertThat(got).isEmpty();
    assertThat(undecided).isEmpty();
    assertThat(asked).containsExactly(java.util.Set.of(CopyIntoFiles.legacyAppId("data.csv")));

    // the file itself, changed in place: its folder's record holds (as before; --detect-changes reloads it)
    Files.setLastModifiedTime(day1.resolve("data.csv"), java.nio.file.attribute.FileTime.fromMillis(MTIME + 5000));
    one = listing(day1.toString());
    got = CopyIntoFiles.lookUp(one.folder(), one.files(), log::get, ids -> sources, undecided);
    assertThat(got).containsEntry(one.files().get(0), MTIME);
    // ... also when the folder was typed as an absolute path or a URI
    for (String typed : List.of(day1.toString(), "file:" + day1 + "/", "./landing/day1")) {
      sources.put(CopyIntoFiles.legacyAppId("data.csv"), typed);
      assertThat(CopyIntoFiles.lookUp(one.folder(), one.files(), log::get, ids -> sources, undecided)).as(typed)
          .containsEntry(one.files().get(0), MTIME);
    }
    assertThat(undecided).isEmpty();

    // the commit is gone (log cleaned), or it named the working folder: reported, not guessed
    for (String typed : new String[] {null, ".", "./"}) {
      sources.put(CopyIntoFiles.legacyAppId("data.csv"), typed);
      got = CopyIntoFiles.lookUp(one.folder(), one.files(), log::get, ids -> sources, undecided);
      assertThat(got).isEmpty();
      assertThat(undecided).containsOnlyKeys(one.files().get(0));
      undecided.clear();
    }

    // once recorded by location, that record decides
    log.put(CopyIntoFiles.appId(two.files().get(0)), 42L);
    assertThat(CopyIntoFiles.lookUp(two.folder(), two.files(), log::get, ids -> {
      throw new AssertionError("no log read");
    }, undecided)).containsEntry(two.files().get(0), 42L);
  }

  @Test
  void sameFolderComparesLocationsNotSpellings() {
    assertThat(CopyIntoFiles.sameFolder("s3://b/landing/day1/", "s3a://b/landing/day1")).isTrue();
    assertThat(CopyIntoFiles.sameFolder("s3://b/landing/day1", "s3a://b/landing/day2")).isFalse();
    assertThat(CopyIntoFiles.sameFolder("landing/day1", "s3a://b/x/landing/day1")).isTrue();
    assertThat(CopyIntoFiles.sameFolder("day1", "file:///x/landing/day1")).isTrue();
    assertThat(CopyIntoFiles.sameFolder("day1", "file:///x/landing/oldday1")).isFalse();
    assertThat(CopyIntoFiles.sameFolder("/x/landing/day1", "file:///x/landing/day1")).isTrue();
    assertThat(CopyIntoFiles.sameFolder("/y/landing/day1", "file:///x/landing/day1")).isFalse();
  }
}
