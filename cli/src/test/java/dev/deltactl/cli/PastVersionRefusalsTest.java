package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A time-travel suffix where only the current table makes sense is refused alike on every engine (the
 * request refuses it, before any engine sees it): exit 2, one line, and the table's files as they were.
 */
@Tag(TestCli.MATRIX)
class PastVersionRefusalsTest {
  @TempDir Path tmp;

  @Test
  void everyCommandThatWritesMaintainsOrDescribesTheCurrentTableRefusesASuffix() throws IOException {
    Path t = tmp.resolve("t");
    for (String sql : List.of("CREATE TABLE delta.`" + t + "` (id INT, name STRING) USING delta",
        "INSERT INTO delta.`" + t + "` SELECT /*+ COALESCE(1) */ * FROM VALUES (1, 'ann'), (2, 'bob') AS v(id, name)")) {
      assertThat(TestCli.run("sql", sql, "-q").exitCode()).isZero();
    }
    Path src = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(src.resolve("a.csv"), "id,name\n3,cy\n");
    Map<String, String> before = TestCli.fingerprint(t);
    for (String suffix : List.of("@v0", "@20200101000000000")) {
      String past = t + suffix;
      var cases = List.of(
          Map.entry(List.of("vacuum", past, "--retain", "0h", "--force"), "vacuum"),
          Map.entry(List.of("vacuum", past, "--dry-run"), "vacuum"),
          Map.entry(List.of("optimize", past), "optimize"),
          Map.entry(List.of("zorder", past, "--by", "id"), "zorder"),
          Map.entry(List.of("bloom-index", "create", past, "--column", "name"), "bloom-index"),
          Map.entry(List.of("bloom-index", "build", past), "bloom-index"),
          Map.entry(List.of("bloom-index", "drop", past), "bloom-index"),
          Map.entry(List.of("bloom-index", "show", past), "bloom-index"),
          Map.entry(List.of("copy-into", past, "--from", src.toString(), "--format", "csv",
              "--format-option", "header=true"), "copy-into"),
          Map.entry(List.of("describe", past), "describe"),
          Map.entry(List.of("properties", "list", past), "properties list"),
          Map.entry(List.of("properties", "set", past, "team=x"), "properties set"),
          Map.entry(List.of("properties", "unset", past, "team"), "properties unset"),
          Map.entry(List.of("history", past), "history"),
          Map.entry(List.of("create", tmp.resolve("n") + suffix, "--schema", "id INT"), "create"));
      for (var c : cases) {
        TestCli.Run r = TestCli.run(c.getKey().toArray(String[]::new));
        String named = c.getKey().get(0).equals("create") ? tmp.resolve("n") + suffix : past;
        assertThat(r.exitCode()).as(c.getKey() + "\n" + r).isEqualTo(2);
        assertThat(r.out()).as(c.getKey().toString()).isEmpty();
        assertThat(r.err()).as(c.getKey().toString()).isEqualTo(
            "error: " + c.getValue() + " works on the current table; drop the suffix of '" + named + "'\n");
      }
      TestCli.Run clone = TestCli.run("time-travel", "clone", t.toString(), "--to", tmp.resolve("c") + suffix);
      assertThat(clone.exitCode()).as(clone.toString()).isEqualTo(2);
      assertThat(clone.err()).isEqualTo("error: the clone target '" + tmp.resolve("c") + suffix
          + "' cannot name a version\n");
    }
    assertThat(TestCli.fingerprint(t)).isEqualTo(before);
    assertThat(tmp.resolve("n")).doesNotExist();
    assertThat(tmp.resolve("c")).doesNotExist();
    // where a version makes sense, the suffix is read: the rows of version 0 (none), of the current (two)
    TestCli.Run v0 = TestCli.run("time-travel", "show", t + "@v0", "--count", "-o", "csv");
    assertThat(v0.out().lines().map(l -> l.replaceAll(",[-0-9T:.]+Z,", ",TS,")))
        .as(v0.toString()).containsExactly("version,timestamp,count,countedFrom,files", "0,TS,0,statistics,0");
    TestCli.Run v1 = TestCli.run("time-travel", "show", t + "@v1", "--count", "-o", "csv");
    assertThat(v1.out().lines().map(l -> l.replaceAll(",[-0-9T:.]+Z,", ",TS,")))
        .as(v1.toString()).containsExactly("version,timestamp,count,countedFrom,files", "1,TS,2,statistics,1");
  }
}
