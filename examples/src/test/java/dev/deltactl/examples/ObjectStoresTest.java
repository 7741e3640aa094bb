package dev.deltactl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The object-store connectors are part of the distribution: each store's file system initializes on lib/
 * alone, cloud paths fail in one line in the user's words, and the connectors' jars listed for a cluster's
 * executors are there.
 */
class ObjectStoresTest {
  @TempDir Path home;
  static final Path LIB = Launcher.LAUNCHER.getParent().getParent().resolve("lib");

  @Test
  void everyConnectorInitializesWithOnlyLibOnTheClassPath() throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String probe = Path.of(ConnectorProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    List<String> command = List.of(javaBin, "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
        "-cp", LIB + "/*" + java.io.File.pathSeparator + probe, ConnectorProbe.class.getName(),
        "s3a://bucket/", "s3://bucket/", "s3n://bucket/", "abfss://c@acct.dfs.core.windows.net/",
        "abfs://c@acct.dfs.core.windows.net/", "gs://bucket/");
    Launcher.Result r = Launcher.finish(Launcher.start(home, command, Map.of()));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("""
        s3a org.apache.hadoop.fs.s3a.S3AFileSystem true
        s3 org.apache.hadoop.fs.s3a.S3AFileSystem true
        s3n org.apache.hadoop.fs.s3a.S3AFileSystem true
        abfss org.apache.hadoop.fs.azurebfs.SecureAzureBlobFileSystem
        abfs org.apache.hadoop.fs.azurebfs.AzureBlobFileSystem
        gs org.apache.hadoop.fs.gs.GoogleHadoopFileSystem
        """);
  }

  @Test
  void theJarsShippedToExecutorsAreTheConnectorsInLib() throws Exception {
    List<String> listed = new ArrayList<>();
    for (String entry : Files.readString(LIB.resolve("connector-jars.txt")).strip().split(",")) {
      assertThat(entry).startsWith("lib/");
      assertThat(LIB.resolveSibling(entry)).as(entry).isRegularFile();
      listed.add(entry.substring("lib/".length()));
    }
    assertThat(listed).contains("hadoop-aws-3.5.0.jar", "hadoop-azure-3.5.0.jar", "hadoop-gcp-3.5.0.jar",
        "s3-2.35.4.jar", "sts-2.35.4.jar", "s3-transfer-manager-2.35.4.jar", "apache-client-2.35.4.jar",
        "netty-nio-client-2.35.4.jar");
    // what a Spark installation has already is not shipped again, nor the SDK's 686 MB bundle
    assertThat(listed).noneMatch(j -> j.startsWith("hadoop-client-") || j.matches("netty-(?!nio-client-).*")
        || j.startsWith("bundle-") || j.startsWith("azure-storage-"));
    assertThat(LIB.resolve("spark")).isDirectoryNotContaining("glob:**/{hadoop-,netty-,s3-,commons-lang3-}*.jar");
  }

  @Test
  void aSchemeWithoutAFileSystemIsOneLineAndExit2WithoutStartingSpark() throws Exception {
    long t0 = System.nanoTime();
    Launcher.Result r = Launcher.deltactl(home, "describe", "foo://b/t");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("error: no file system for scheme 'foo': deltactl reads file, s3a (also s3 and"
        + " s3n), abfs, abfss and gs paths\n");
    assertThat((System.nanoTime() - t0) / 1_000_000_000).as("seconds, Kernel alone").isLessThan(8);
    Launcher.Result wasb = Launcher.deltactl(home, "describe", "wasbs://c@acct.blob.core.windows.net/t");
    assertThat(wasb.exitCode()).as(wasb.toString()).isEqualTo(2);
    assertThat(wasb.err()).isEqualTo("error: wasb:// and wasbs:// paths are not supported (Hadoop 3.5's wasb"
        + " driver is a stub): read the same container with abfss://, as CONTAINER@ACCOUNT.dfs.core.windows.net\n");
  }

  @Test
  void anS3PathReachesS3AInsteadOfAClassNotFoundError() throws Exception {
    for (String path : List.of("s3a://bucket/t", "s3://bucket/t")) {
      Launcher.Result r = Launcher.deltactl(home, "describe", path,
          "--conf", "fs.s3a.endpoint=http://127.0.0.1:1", "--conf", "fs.s3a.endpoint.region=us-east-1",
          "--conf", "fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider",
          "--conf", "fs.s3a.attempts.maximum=0", "--conf", "fs.s3a.retry.limit=0",
          "--conf", "fs.s3a.connection.establish.timeout=1s");
      assertThat(r.exitCode()).as(r.toString()).isIn(1, 3);
      assertThat(r.err()).startsWith("error: ").doesNotContain("ClassNotFoundException", "NoClassDefFoundError",
          "No FileSystem for scheme");
      assertThat(r.err()).as("it reached S3A, which tried the endpoint").contains("127.0.0.1:1");
      assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }
  }
}
