package dev.deltactl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What only the real process shows: the logs of -v -v (Kernel's and Spark's settings lines, Spark's own
 * logs) and --debug's stack traces, with credentials in settings and in a URL's user-info: none shows.
 */
class SecretsInLogsTest {
  private static final String SECRET = "hunter2-S3cr3t";
  @TempDir Path tmp;

  private static List<String> args(String... command) {
    List<String> a = new ArrayList<>(List.of("-v", "-v", "--debug",
        "--conf", "fs.s3a.endpoint=http://admin:" + SECRET + "@minio.example:9000",
        "--conf", "spark.hadoop.fs.s3a.secret.key=" + SECRET,
        "--conf", "fs.azure.account.key.acct.dfs.core.windows.net=" + SECRET));
    a.addAll(List.of(command));
    return a;
  }

  @Test
  void verboseAndDebugOutputOfKernelAndSparkShowNoSecret() throws Exception {
    Path home = tmp.resolve("home");
    Path table = Launcher.EXAMPLES.resolveSibling("testdata/conformance/delta-rs-tables/simple_table");
    Launcher.Result kernel = Launcher.deltactl(home, args("describe", table.toString(), "-o", "json")
        .toArray(String[]::new));
    assertThat(kernel.exitCode()).as(kernel.toString()).isZero();
    assertThat(kernel.err()).as(kernel.toString()).contains("Hadoop settings: fs.s3a.endpoint=http://***@minio.example:9000,"
        + " fs.s3a.secret.key=*********(redacted), fs.azure.account.key.acct.dfs.core.windows.net=*********(redacted)");

    Launcher.Result spark = Launcher.deltactl(home, args("sql",
        "SELECT 'https://bob:pa55word-x@host/p' AS u FROM delta.`" + tmp.resolve("nope") + "`").toArray(String[]::new));
    assertThat(spark.exitCode()).as(spark.toString()).isEqualTo(3);
    assertThat(spark.err()).as(spark.toString())
        .contains("\n  spark.hadoop.fs.s3a.endpoint=http://***@minio.example:9000\n",
            "\n  spark.hadoop.fs.s3a.secret.key=*********(redacted)\n",
            "\n  spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net=*********(redacted)\n")
        .contains("\tat ")
        .doesNotContain("pa55word");
    for (Launcher.Result r : List.of(kernel, spark)) {
      assertThat(r.out() + r.err()).as(r.toString()).doesNotContain(SECRET);
    }
  }
}
