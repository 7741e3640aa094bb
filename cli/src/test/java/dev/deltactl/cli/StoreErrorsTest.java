package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.engine.ObjectStores;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store that cannot be reached, refuses the credentials, or lacks the bucket or container: one line in the
 * user's words with the category's exit code, on a command Kernel answers (describe) and on one Spark runs
 * (optimize), against S3Proxy and Azurite. Each case gets a bucket, container or account of its own, with its
 * wrong settings given per bucket or per account (as {@code --conf} for Kernel, and in the shared session for
 * Spark, whose client for a bucket is opened once per JVM), so the other tests' clients are left alone. The
 * retries are deltactl's defaults, given per bucket: the shared session holds the storage tests' smaller ones.
 */
class StoreErrorsTest {
  private static final String WRONG_SECRET = "wrong-secret-" + UUID.randomUUID();
  /** A valid base64 account key that is not Azurite's. */
  private static final String WRONG_AZURE_KEY = java.util.Base64.getEncoder().encodeToString(
      ("wrong-key-" + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  private static final List<String> COMMANDS = List.of("describe", "optimize");

  /** The session's settings a case changed, with the values they had (null: none). */
  private final Map<String, String> sessionKeys = new LinkedHashMap<>();

  @AfterEach
  void restoreTheSession() {
    if (TestCli.engineKind().equals("embedded")) {
      var conf = TestCli.engine().sparkSession().conf();
      sessionKeys.forEach((k, v) -> {
        if (v == null) {
          conf.unset(k);
        } else {
          conf.set(k, v);
        }
      });
    }
    sessionKeys.clear();
  }

  /** A port nothing listens on. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Runs {@code command} on {@code table} with the store's settings and {@code extra} (also set in the session). */
  private TestCli.Run run(Store s, Map<String, String> extra, String command, String table, String... flags) {
    List<String> args = new ArrayList<>(List.of(s.args()));
    extra.forEach((k, v) -> {
      args.add("--conf");
      args.add(k + "=" + v);
      if (TestCli.engineKind().equals("embedded")) {
        var conf = TestCli.engine().sparkSession().conf();
        sessionKeys.putIfAbsent(k, conf.getOption(k).isDefined() ? conf.get(k) : null);
        conf.set(k, v);
      }
    });
    args.addAll(List.of(flags));
    args.add(command);
    args.add(table);
    if (command.equals("optimize")) {
      args.add("-q");
    }
    return TestCli.run(args.toArray(String[]::new));
  }

  /** deltactl's retries and timeouts for the S3 bucket {@code bucket}, over the session's smaller ones. */
  private static Map<String, String> s3Defaults(String bucket) {
    Map<String, String> out = new LinkedHashMap<>();
    ObjectStores.hadoopDefaults(true).forEach((k, v) -> {
      if (k.startsWith("fs.s3a.")) {
        out.put("fs.s3a.bucket." + bucket + "." + k.substring("fs.s3a.".length()), v);
      }
    });
    return out;
  }

  /** The same for an Azure account (ABFS reads KEY.ACCOUNT before KEY). */
  private static Map<String, String> azureDefaults(String accountHost) {
    Map<String, String> out = new LinkedHashMap<>();
    ObjectStores.hadoopDefaults(true).forEach((k, v) -> {
      if (k.startsWith("fs.azure.")) {
        out.put(k + "." + accountHost, v);
      }
    });
    return out;
  }

  @Test
  void s3FailuresAreOneLineWithTheirExitCode() throws IOException {
    Store s = TestServers.s3().inSession();
    SoftAssertions soft = new SoftAssertions();
    List<String> times = new ArrayList<>();
    for (String command : COMMANDS) {
      // each command its own buckets: Hadoop keeps one client per bucket for the JVM
      int port = closedPort();
      String closed = unique("closed");
      Map<String, String> settings = s3Defaults(closed);
      settings.put("fs.s3a.bucket." + closed + ".endpoint", "http://127.0.0.1:" + port);
      String endpoint = "http://127.0.0.1:" + port;
      checkOne(soft, times, "s3 closed port", s, settings, "s3a://" + closed + "/t", 1, command,
          "error: cannot reach S3 at " + endpoint + " for bucket '" + closed + "' (connection refused): check"
              + " fs.s3a.endpoint (or fs.s3a.bucket." + closed + ".endpoint) and that the store is up\n");

      String wrong = unique("secret");
      Files.createDirectories(s.data().resolve(wrong));
      Map<String, String> secret = s3Defaults(wrong);
      secret.put("fs.s3a.bucket." + wrong + ".secret.key", WRONG_SECRET);
      checkOne(soft, times, "s3 wrong secret key", s, secret, "s3a://" + wrong + "/t", 1, command,
          "error: S3 at " + s.conf().get("fs.s3a.endpoint") + " refused access to bucket '" + wrong + "' (HTTP 403,"
              + " access denied): credentials were looked for in fs.s3a.session.token with the"
              + " keys, fs.s3a.access.key and fs.s3a.secret.key (or fs.s3a.bucket." + wrong + ".access.key and"
              + " .secret.key), the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the"
              + " instance's or container's IAM role; check them and the bucket's permissions\n");

      String missing = unique("missing");
      checkOne(soft, times, "s3 missing bucket", s, s3Defaults(missing), "s3a://" + missing + "/t", 3, command,
          "error: S3 bucket '" + missing + "' does not exist at " + s.conf().get("fs.s3a.endpoint")
              + ": check the bucket name in the path\n");

      String table = s.folder("no-table");
      checkOne(soft, times, "s3 missing table", s, Map.of(), table, 3, command,
          "error: path not found: " + table + "\n");
    }
    System.out.println(String.join("\n", times));
    soft.assertAll();
  }

  @Test
  void azureFailuresAreOneLineWithTheirExitCode() throws IOException {
    Store s = TestServers.azure().inSession();
    SoftAssertions soft = new SoftAssertions();
    List<String> times = new ArrayList<>();
    String host = Store.AZURE_ACCOUNT + ".dfs.core.windows.net";
    for (String command : COMMANDS) {
      // an account of its own, whose endpoint is a closed port
      int port = closedPort();
      String account = unique("closed");
      String accountHost = account + ".dfs.core.windows.net";
      Map<String, String> settings = azureDefaults(accountHost);
      settings.put("fs.azure.abfs.endpoint." + accountHost, "127.0.0.1:" + port);
      settings.put("fs.azure.account.key." + accountHost, WRONG_AZURE_KEY);
      checkOne(soft, times, "azure closed port", s, settings, "abfs://c@" + accountHost + "/t", 1, command,
          "error: cannot reach Azure at 127.0.0.1:" + port + " for container 'c' of account " + accountHost
              + " (connection refused): check the account name in the path and fs.azure.abfs.endpoint."
              + accountHost + ", and that the store is up\n");

      // a container that exists, on the account with another key
      String container = unique("key");
      Configuration good = new Configuration();
      s.conf().forEach(good::set);
      good.setBoolean("fs.abfs.impl.disable.cache", true);
      FileSystem.newInstance(URI.create("abfs://" + container + "@" + host + "/"), good).close();
      Map<String, String> key = azureDefaults(host);
      key.put("fs.azure.account.key." + host, WRONG_AZURE_KEY);
      checkOne(soft, times, "azure wrong account key", s, key, "abfs://" + container + "@" + host + "/t", 1, command,
          "error: Azure at " + s.conf().get("fs.azure.abfs.endpoint") + " refused access to container '" + container
              + "' of account " + host + " (HTTP 403, access denied): credentials were looked for in"
              + " fs.azure.account.key." + host + " (shared key), the default of fs.azure.account.auth.type." + host
              + " (SAS or OAuth for a token); check them and the container's permissions\n");

      String missing = unique("missing");
      Map<String, String> none = azureDefaults(host);
      none.put("fs.azure.createRemoteFileSystemDuringInitialization", "false");
      checkOne(soft, times, "azure missing container", s, none, "abfs://" + missing + "@" + host + "/t", 3, command,
          "error: Azure container '" + missing + "' of account " + host + " does not exist: check the container"
              + " name in the path\n");

      String table = s.folder("no-table");
      checkOne(soft, times, "azure missing table", s, Map.of(), table, 3, command, "error: path not found: ");
    }
    System.out.println(String.join("\n", times));
    soft.assertAll();
  }

  private void checkOne(SoftAssertions soft, List<String> times, String label, Store s, Map<String, String> extra,
      String table, int exit, String command, String expected) {
    long t0 = System.nanoTime();
    TestCli.Run r = run(s, extra, command, table);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    times.add(String.format("%-26s %-9s %6d ms  exit %d  %s", label, command, ms, r.exitCode(), r.err().strip()));
    String as = label + " / " + command + "\n" + r;
    soft.assertThat(r.exitCode()).as(as).isEqualTo(exit);
    soft.assertThat(r.out()).as(as).isEmpty();
    soft.assertThat(r.err()).as(as).startsWith("error: ").hasLineCount(1);
    if (expected.endsWith("\n")) {
      soft.assertThat(r.err()).as(as).isEqualTo(expected);
    } else {
      soft.assertThat(r.err()).as(as).startsWith(expected);
    }
    soft.assertThat(r.err()).as(as).doesNotContain("Exception", "software.amazon", "org.apache");
    TestCli.Run debug = run(s, extra, command, table, "--debug", "-v", "-v");
    soft.assertThat(debug.exitCode()).as(as + " --debug").isEqualTo(exit);
    soft.assertThat(debug.out() + debug.err()).as(label + " / " + command + " --debug -v -v")
        .doesNotContain(WRONG_SECRET, WRONG_AZURE_KEY, Store.S3_SECRET, Store.AZURE_KEY);
    restoreTheSession();
  }
}
