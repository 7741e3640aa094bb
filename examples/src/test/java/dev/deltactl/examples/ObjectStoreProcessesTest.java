package dev.deltactl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deltactl.cli.Store;
import dev.deltactl.cli.TestServers;
import dev.deltactl.core.api.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution on object stores, as a user runs it: profiles shaped like the README's reach an S3 API
 * server (S3Proxy) and Azure's emulator (Azurite), and four processes appending to one S3 table at once keep
 * every commit. One server of each kind for the class (the cli module's {@code TestServers}).
 */
class ObjectStoreProcessesTest {
  @TempDir static Path tmp;
  static Path home;
  static Store s3;
  static Store azure;
  static final ObjectMapper JSON = new ObjectMapper();

  /**
   * {@code profiles.properties} in the config folder: the README's example for an S3-compatible store, line
   * for line with the server's endpoint and keys, and its Azure example with what Azurite needs besides.
   */
  @BeforeAll
  static void profiles() throws Exception {
    s3 = TestServers.s3();
    azure = TestServers.azure();
    home = Files.createDirectories(tmp.resolve("home"));
    Path file = home.resolve("profiles.properties");
    Files.writeString(file, String.join("\n",
        "# an S3-compatible store (MinIO, S3Proxy, Ceph): its endpoint and path-style requests",
        "minio.conf.fs.s3a.endpoint = " + s3.conf().get("fs.s3a.endpoint"),
        "minio.conf.fs.s3a.path.style.access = true",
        "minio.conf.fs.s3a.access.key = " + Store.S3_KEY,
        "minio.conf.fs.s3a.secret.key = " + Store.S3_SECRET,
        "# Azure with the storage account's key; Azurite's endpoint, without TLS, and its container made",
        "azure.conf.fs.azure.account.key." + Store.AZURE_ACCOUNT + ".dfs.core.windows.net = " + Store.AZURE_KEY,
        "azure.conf.fs.azure.abfs.endpoint = " + azure.conf().get("fs.azure.abfs.endpoint"),
        "azure.conf.fs.azure.always.use.https = false",
        "azure.conf.fs.azure.networking.library = JDK_HTTP_URL_CONNECTION",
        "azure.conf.fs.azure.createRemoteFileSystemDuringInitialization = true",
        ""));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  static Process start(Path script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Launcher.LAUNCHER.toString()));
    command.addAll(List.of(args));
    return Launcher.start(home, command, Map.of(), script);
  }

  static Launcher.Result ok(Launcher.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  static long seconds(long t0) {
    return (System.nanoTime() - t0) / 1_000_000_000L;
  }

  /**
   * Four processes (a {@code deltactl shell} each, with the profile) insert into one S3 table at the same time,
   * three commits each: all exit 0, every row is there once, and the log holds versions 1 to 12, one commit for
   * each process's insert. Delta retries a commit another took (S3's conditional write tells it), appends do
   * not conflict.
   */
  @Test
  void fourProcessesAppendingToOneS3TableKeepEveryCommit() throws Exception {
    long t0 = System.nanoTime();
    String table = s3.folder("writers");
    ok(Launcher.deltactl(home, "--profile", "minio", "create", table, "--schema", "id BIGINT, writer INT, n INT",
        "-q"));
    long created = seconds(t0);
    int writers = 4;
    int commits = 3;
    int rows = 100;
    List<Process> running = new ArrayList<>();
    for (int w = 1; w <= writers; w++) {
      StringBuilder script = new StringBuilder();
      for (int n = 1; n <= commits; n++) {
        long first = w * 10_000L + n * 1_000L;
        script.append("sql -q INSERT INTO delta.`").append(table).append("` SELECT id, ").append(w).append(", ")
            .append(n).append(" FROM range(").append(first).append(", ").append(first + rows).append(")\n");
      }
      Path file = tmp.resolve("writer-" + w + ".txt");
      Files.writeString(file, script.toString());
      running.add(start(file, "--profile", "minio", "shell"));
    }
    for (int w = 1; w <= writers; w++) {
      Launcher.Result r = Launcher.finish(running.get(w - 1));
      assertThat(r.exitCode()).as("writer " + w + ": " + r).isZero();
      assertThat(r.err()).as("writer " + w).isEmpty();
    }
    long writing = seconds(t0);

    // one process asks: per writer and insert, 100 rows with the 100 ids it inserted (disjoint ranges: every
    // id there once, 1,200 rows in all); the history, versions 0 to 12 contiguous, one WRITE for each insert
    Path check = tmp.resolve("check.txt");
    Files.writeString(check, "sql -o csv -n 0 SELECT writer, n, count(*) AS r, count(DISTINCT id) AS d, min(id) AS lo,"
        + " max(id) AS hi, sum(id) AS s FROM delta.`" + table + "` GROUP BY 1, 2 ORDER BY 1, 2\n"
        + "history " + table + " -o json\n");
    Launcher.Result checked = ok(Launcher.finish(start(check, "--profile", "minio", "shell")));
    String out = checked.out();
    List<String> expected = new ArrayList<>(List.of("writer,n,r,d,lo,hi,s"));
    for (int w = 1; w <= writers; w++) {
      for (int n = 1; n <= commits; n++) {
        long first = w * 10_000L + n * 1_000L;
        long sum = rows * first + rows * (rows - 1L) / 2;
        expected.add(w + "," + n + "," + rows + "," + rows + "," + first + "," + (first + rows - 1) + "," + sum);
      }
    }
    assertThat(out.substring(0, out.indexOf('[')).lines().toList()).as(checked.toString()).isEqualTo(expected);
    JsonNode history = JSON.readTree(out.substring(out.indexOf('[')));
    List<String> versions = new ArrayList<>();
    history.forEach(h -> versions.add(h.get("version").asLong() + " " + h.get("operation").asText()));
    List<String> expectedVersions = new ArrayList<>();
    for (int v = writers * commits; v >= 1; v--) {
      expectedVersions.add(v + " WRITE");
    }
    expectedVersions.add("0 CREATE TABLE");
    assertThat(versions).isEqualTo(expectedVersions);

    // each commit file (as S3Proxy keeps it) adds the rows of exactly one insert: its files' statistics
    // name one writer and one insert, 100 rows in all; the 12 commits name the 12 inserts
    Path log = s3.data().resolve(Store.BUCKET).resolve(table.substring(table.lastIndexOf('/') + 1))
        .resolve("_delta_log");
    Set<String> inserts = new HashSet<>();
    List<String> order = new ArrayList<>();
    for (int v = 1; v <= writers * commits; v++) {
      long records = 0;
      Set<String> named = new HashSet<>();
      for (String line : Files.readAllLines(log.resolve(String.format("%020d.json", v)))) {
        JsonNode action = JSON.readTree(line);
        if (action.has("add")) {
          JsonNode stats = JSON.readTree(action.get("add").get("stats").asText());
          records += stats.get("numRecords").asLong();
          assertThat(stats.get("minValues").get("writer")).isEqualTo(stats.get("maxValues").get("writer"));
          assertThat(stats.get("minValues").get("n")).isEqualTo(stats.get("maxValues").get("n"));
          named.add(stats.get("minValues").get("writer").asInt() + "/" + stats.get("minValues").get("n").asInt());
        }
        assertThat(action.has("remove")).as("version " + v + ": " + line).isFalse();
      }
      assertThat(records).as("version " + v).isEqualTo(rows);
      assertThat(named).as("version " + v).hasSize(1);
      inserts.addAll(named);
      order.addAll(named);
    }
    assertThat(inserts).hasSize(writers * commits);
    assertThat(log.resolve(String.format("%020d.json", writers * commits + 1))).doesNotExist();
    System.out.println("4 processes x 3 inserts on S3: created after " + created + " s, written after " + writing
        + " s, in all " + seconds(t0) + " s; versions 1-12 by writer/insert: " + order);
  }

  /**
   * The README's profiles as a user writes them: {@code --profile minio} and {@code --profile azure} create a
   * table on S3 and on Azure and optimize it, with the exact metrics; {@code profile show} masks the keys.
   */
  @Test
  void theReadmesProfilesCreateAndOptimizeTablesOnS3AndAzure() throws Exception {
    long t0 = System.nanoTime();
    Map<String, String> tables = Map.of("minio", s3.folder("profile"), "azure", azure.folder("profile"));
    List<String> profiles = List.of("minio", "azure");
    List<Process> creating = new ArrayList<>();
    for (String p : profiles) {
      creating.add(start(null, "--profile", p, "create", tables.get(p), "--as-select",
          "SELECT /*+ REPARTITION(4) */ id, id % 4 AS p FROM range(1000)", "-q"));
    }
    for (int i = 0; i < profiles.size(); i++) {
      ok(Launcher.finish(creating.get(i)));
    }
    List<Process> optimizing = new ArrayList<>();
    for (String p : profiles) {
      optimizing.add(start(null, "--profile", p, "optimize", tables.get(p), "-o", "json"));
    }
    for (int i = 0; i < profiles.size(); i++) {
      Launcher.Result r = ok(Launcher.finish(optimizing.get(i)));
      assertThat(r.err()).as(profiles.get(i)).isEmpty();
      JsonNode o = JSON.readTree(r.out());
      assertThat(o.get("status").asText()).as(r.out()).isEqualTo("OPTIMIZED");
      assertThat(o.get("version").asLong()).isEqualTo(1);
      assertThat(o.get("plan").get("totalFiles").asLong()).isEqualTo(4);
      JsonNode m = o.get("metrics");
      assertThat(m.get("numFilesRemoved").asLong()).as(r.out()).isEqualTo(4);
      assertThat(m.get("numFilesAdded").asLong()).isEqualTo(1);
      assertThat(m.get("totalConsideredFiles").asLong()).isEqualTo(4);
      assertThat(m.get("totalFilesSkipped").asLong()).isZero();
      assertThat(m.get("partitionsOptimized").asLong()).isEqualTo(1);
      assertThat(m.get("numBatches").asLong()).isEqualTo(1);
      assertThat(m.get("filesRemoved").get("totalSize").asLong())
          .isEqualTo(o.get("plan").get("candidateBytes").asLong());
    }
    long optimized = seconds(t0);

    Launcher.Result minio = ok(Launcher.deltactl(home, "profile", "show", "minio", "-o", "json"));
    assertThat(minio.out()).isEqualTo("{\"name\":\"minio\",\"master\":\"local[*]\",\"conf\":{"
        + "\"fs.s3a.access.key\":\"" + Secrets.MASK + "\","
        + "\"fs.s3a.endpoint\":\"" + s3.conf().get("fs.s3a.endpoint") + "\","
        + "\"fs.s3a.path.style.access\":\"true\","
        + "\"fs.s3a.secret.key\":\"" + Secrets.MASK + "\"}}\n");
    Launcher.Result az = ok(Launcher.deltactl(home, "profile", "show", "azure", "-o", "json"));
    assertThat(az.out()).doesNotContain(Store.AZURE_KEY)
        .contains("\"fs.azure.account.key." + Store.AZURE_ACCOUNT + ".dfs.core.windows.net\":\"" + Secrets.MASK + "\"");
    assertThat(minio.out() + minio.err() + az.err()).doesNotContain(Store.S3_SECRET, Store.S3_KEY);
    System.out.println("create and optimize on S3 and Azure with the README's profiles: optimized after "
        + optimized + " s, in all " + seconds(t0) + " s");
  }
}
