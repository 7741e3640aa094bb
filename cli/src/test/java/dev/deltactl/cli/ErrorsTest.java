package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each exit code, produced by a real failure, with its one-line message on stderr and nothing on stdout. */
class ErrorsTest {
  @TempDir Path tmp;

  private static TestCli.Run fails(int exit, String... args) {
    TestCli.Run r = TestCli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
    assertThat(r.out()).as(r.toString()).isEmpty();
    assertThat(r.err()).as(r.toString()).doesNotContain("\tat ");
    return r;
  }

  @Test
  void aMissingPathIsExit3() {
    Path missing = tmp.resolve("nope");
    assertThat(fails(3, "describe", missing.toString()).err()).isEqualTo("error: path not found: " + missing + "\n");
    assertThat(fails(3, "history", missing.toString()).err()).isEqualTo("error: path not found: " + missing + "\n");
  }

  @Test
  void aFolderThatIsNotADeltaTableIsExit3() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("plain"));
    Files.writeString(dir.resolve("x.csv"), "a\n1\n");
    assertThat(fails(3, "describe", dir.toString()).err())
        .isEqualTo("error: " + dir + " is not a Delta table: it has no _delta_log folder\n");
  }

  @Test
  void anUnknownTableNameIsExit3() {
    assertThat(fails(3, "describe", "no_such_table").err()).isEqualTo(
        "error: table no_such_table not found in the metastore; check the name, or give the table's path\n");
    assertThat(fails(3, "sql", "SELECT * FROM no_such_table").err())
        .startsWith("error: [TABLE_OR_VIEW_NOT_FOUND] The table or view `no_such_table` cannot be found.");
  }

  @Test
  void anUnknownOptionIsExit2WithTheOptionNamed() {
    assertThat(fails(2, "describe", "/t", "--bogus").err()).isEqualTo(
        "error: Unknown option: '--bogus'\nTry 'deltactl describe --help' for more information.\n");
    assertThat(fails(2, "bogus").err()).startsWith("error: Unmatched argument at index 0: 'bogus'\n");
    // asking for help does not turn a word that matches nothing into a success
    assertThat(fails(2, "bogus", "--help").err()).startsWith("error: Unmatched argument at index 0: 'bogus'\n")
        .doesNotContain("Usage:");
    assertThat(fails(2, "describe", "/t", "extra", "--help").err()).isEqualTo(
        "error: Unmatched argument at index 2: 'extra'\nTry 'deltactl describe --help' for more information.\n");
    assertThat(fails(2, "time-travel", "nosuch", "-h").err())
        .startsWith("error: Unmatched argument at index 1: 'nosuch'\n");
  }

  @Test
  void aMissingArgumentOrBadValueIsExit2() {
    assertThat(fails(2, "describe").err()).isEqualTo(
        "error: Missing required parameter: 'TABLE'\nTry 'deltactl describe --help' for more information.\n");
    assertThat(fails(2, "-o", "xml", "describe", "/t").err()).startsWith(
        "error: Invalid value for option '--output': expected one of [TABLE, JSON, CSV] (case-insensitive)"
            + " but was 'xml'\n");
    assertThat(fails(2, "history", "/t", "--limit", "0").err())
        .isEqualTo("error: --limit must be at least 1, got 0\n");
    assertThat(fails(2, "--conf", "novalue", "describe", "/t").err())
        .startsWith("error: Value for option '--conf' (KEY=VALUE) should be in KEY=VALUE format but was novalue\n");
  }

  @Test
  void anInvalidTableReferenceIsExit2() {
    assertThat(fails(2, "describe", "a..b").err()).isEqualTo(
        "error: invalid table 'a..b': expected a path (/data/t, ./t, s3a://bucket/t, delta.`/data/t`)"
            + " or a name ([catalog.][db.]table, `quoted name`)\n");
    assertThat(fails(2, "describe", "/data/t@v3").err())
        .isEqualTo("error: describe works on the current table; drop the suffix of '/data/t@v3'\n");
  }

  @Test
  void sqlThatDoesNotParseIsExit2OnOneLine() {
    String err = fails(2, "sql", "SELEC 1").err();
    assertThat(err).startsWith("error: [PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'");
    assertThat(err.lines().count()).isEqualTo(1);
  }

  @Test
  void debugAddsTheStackTrace() {
    TestCli.Run r = TestCli.run("--debug", "describe", tmp.resolve("nope").toString());
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.err()).startsWith("error: path not found: ")
        .contains("dev.deltactl.core.error.DeltactlException: path not found")
        .contains("\tat dev.deltactl.core.engine.kernel.KernelEngine");
  }

  @Test
  void secretsGivenWithConfAreRedactedFromErrorsAndStackTraces() {
    String secret = "c2VjcmV0LWtleS0xMjM0NQ==";
    String path = "/tmp/" + secret;
    for (String key : new String[] {"fs.azure.account.key.acct.dfs.core.windows.net",
        "spark.hadoop.fs.s3a.secret.key", "fs.azure.sas.container.acct.blob.core.windows.net", "my.token",
        "db.password", "gcs.credential"}) {
      TestCli.Run r = TestCli.run("--conf", key + "=" + secret, "--debug", "describe", path);
      assertThat(r.exitCode()).as(key).isEqualTo(3);
      assertThat(r.err()).as(key).doesNotContain(secret)
          .startsWith("error: path not found: /tmp/*********(redacted)\n");
    }
    TestCli.Run plain = TestCli.run("--conf", "fs.s3a.endpoint=" + secret, "describe", path);
    assertThat(plain.err()).as("a key that names no secret").contains(secret);
  }
}
