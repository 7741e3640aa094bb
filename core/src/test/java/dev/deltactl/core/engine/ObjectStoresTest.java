package dev.deltactl.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.junit.jupiter.api.Test;

/**
 * Hadoop's own failures to open a path's file system, in the user's words. The core module's class path has
 * the Hadoop client and none of the connectors, as an installation whose lib/ lost them: each failure here is
 * the one Hadoop really throws.
 */
class ObjectStoresTest {
  private static final Configuration CONF = ObjectStores.hadoopConf(Map.of());

  private static Throwable opening(String path) {
    Throwable t = catchThrowable(() -> new Path(path).getFileSystem(CONF));
    assertThat(t).as(path).isNotNull();
    return t;
  }

  @Test
  void aSchemeWithoutAFileSystemIsBadInputNamingItAndTheSchemesDeltactlReads() {
    Throwable t = opening("foo://b/t");
    assertThat(t).isInstanceOf(UnsupportedFileSystemException.class);
    DeltactlException e = ObjectStores.failure(t);
    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_SCHEME);
    assertThat(e.getMessage()).isEqualTo(
        "no file system for scheme 'foo': deltactl reads file, s3a (also s3 and s3n), abfs, abfss and gs paths");
    // FileContext's words for the same (Delta's commits rename through it)
    Throwable context = catchThrowable(() -> org.apache.hadoop.fs.FileContext.getFileContext(
        java.net.URI.create("foo://b/t"), CONF));
    assertThat(ObjectStores.failure(context).getMessage()).isEqualTo(e.getMessage());
  }

  @Test
  void aMissingConnectorNamesItsJar() {
    assertThat(ObjectStores.failure(opening("s3a://bucket/t")).getMessage()).isEqualTo(
        "the S3 connector cannot load: deltactl's lib/ folder lacks hadoop-aws-*.jar (or holds another version);"
            + " reinstall deltactl");
    for (String path : new String[] {"abfs://c@a.dfs.core.windows.net/t", "abfss://c@a.dfs.core.windows.net/t"}) {
      DeltactlException e = ObjectStores.failure(opening(path));
      assertThat(e.code()).isEqualTo(ErrorCode.CONNECTOR_MISSING);
      assertThat(e.getMessage()).isEqualTo("the Azure connector cannot load: deltactl's lib/ folder lacks"
          + " hadoop-azure-*.jar (or holds another version); reinstall deltactl");
    }
    assertThat(ObjectStores.failure(opening("gs://bucket/t")).getMessage()).isEqualTo(
        "the Google Cloud Storage connector cannot load: deltactl's lib/ folder lacks hadoop-gcp-*.jar (or holds"
            + " another version); reinstall deltactl");
  }

  @Test
  void s3AndS3nPathsOpenThroughS3A() {
    for (String scheme : new String[] {"s3", "s3n"}) {
      // without the mapping Hadoop has no file system for them at all (UnsupportedFileSystemException)
      Throwable t = catchThrowable(() -> FileSystem.getFileSystemClass(scheme, CONF));
      assertThat(t).as(scheme).isNotInstanceOf(UnsupportedFileSystemException.class)
          .hasRootCauseInstanceOf(ClassNotFoundException.class)
          .hasRootCauseMessage("Class org.apache.hadoop.fs.s3a.S3AFileSystem not found");
      assertThat(CONF.get("fs.AbstractFileSystem." + scheme + ".impl")).isEqualTo("org.apache.hadoop.fs.s3a.S3A");
      assertThat(ObjectStores.failure(t).getMessage()).startsWith("the S3 connector cannot load: ");
    }
  }

  @Test
  void theUsersSettingsComeLastAndSparkOnesAreLeftOut() {
    Configuration c = ObjectStores.hadoopConf(Map.of("fs.s3.impl", "my.S3", "spark.hadoop.fs.s3a.endpoint", "http://h:1",
        "spark.sql.shuffle.partitions", "3", "deltactl.kernel", "false"));
    assertThat(c.get("fs.s3.impl")).isEqualTo("my.S3");
    assertThat(c.get("fs.s3a.endpoint")).isEqualTo("http://h:1");
    assertThat(c.get("spark.sql.shuffle.partitions")).isNull();
    assertThat(c.get("deltactl.kernel")).isNull();
    assertThat(ObjectStores.hadoopDefaults(false)).doesNotContainKey("fs.file.impl").containsKey("fs.s3n.impl");
  }

  @Test
  void otherFailuresAreNotStorageFailures() {
    assertThat(ObjectStores.failure(opening("hdfs:///t"))).as("the hdfs client is there").isNull();
    assertThat(ObjectStores.failure(new java.io.FileNotFoundException("/t/_delta_log"))).isNull();
    assertThat(ObjectStores.failure(new NoClassDefFoundError("org/apache/spark/sql/SparkSession"))).isNull();
  }

  /** The store's retry and timeout defaults are in the defaults both engines start from, under the user's. */
  @Test
  void theStoreClientsRetryLittleUnlessTheUserSaysOtherwise() {
    assertThat(CONF.get("fs.s3a.retry.limit")).isEqualTo("3");
    assertThat(CONF.get("fs.s3a.attempts.maximum")).isEqualTo("2");
    assertThat(CONF.get("fs.s3a.connection.establish.timeout")).isEqualTo("5s");
    assertThat(CONF.get("fs.azure.io.retry.max.retries")).isEqualTo("3");
    assertThat(ObjectStores.hadoopDefaults(false)).containsEntry("fs.s3a.retry.interval", "250ms")
        .containsEntry("fs.azure.io.retry.max.backoff.interval", "4000");
    // exactly the list the README gives
    assertThat(ObjectStores.STORE_CLIENT_DEFAULTS).containsExactly(Map.entry("fs.s3a.attempts.maximum", "2"),
        Map.entry("fs.s3a.retry.limit", "3"), Map.entry("fs.s3a.retry.interval", "250ms"),
        Map.entry("fs.s3a.retry.throttle.limit", "5"), Map.entry("fs.s3a.retry.throttle.interval", "500ms"),
        Map.entry("fs.s3a.connection.establish.timeout", "5s"), Map.entry("fs.s3a.connection.timeout", "60s"),
        Map.entry("fs.azure.io.retry.max.retries", "3"), Map.entry("fs.azure.io.retry.max.backoff.interval", "4000"),
        Map.entry("fs.azure.oauth.token.fetch.retry.max.retries", "2"));
    Configuration user = ObjectStores.hadoopConf(Map.of("fs.s3a.retry.limit", "9",
        "spark.hadoop.fs.azure.io.retry.max.retries", "30"));
    assertThat(user.get("fs.s3a.retry.limit")).isEqualTo("9");
    assertThat(user.get("fs.azure.io.retry.max.retries")).isEqualTo("30");
  }

  /**
   * What a Spark Connect client gets of a store's failure: the text only, no types. The texts are S3A's and
   * ABFS's own (as they arrived from S3Proxy and Azurite in the cli module's StoreErrorsTest).
   */
  @Test
  void aStoresFailureAsTextOnlyIsStillNamed() {
    DeltactlException refused = ObjectStores.failure(new RuntimeException("getFileStatus on s3a://bkt/t:"
        + " software.amazon.awssdk.core.exception.SdkClientException: Unable to execute HTTP request: Connect to"
        + " 127.0.0.1:9 [/127.0.0.1] failed: Connection refused (SDK Attempt Count: 2)"));
    assertThat(refused.code()).isEqualTo(ErrorCode.STORE_UNREACHABLE);
    assertThat(refused.getMessage()).isEqualTo("cannot reach S3 at 127.0.0.1:9 for bucket 'bkt' (connection"
        + " refused): check fs.s3a.endpoint (or fs.s3a.bucket.bkt.endpoint) and that the store is up");
    DeltactlException none = ObjectStores.failure(new RuntimeException("s3a://bkt/t: getFileStatus on"
        + " s3a://bkt/t: org.apache.hadoop.fs.s3a.auth.NoAuthWithAWSException: No AWS Credentials provided by"
        + " TemporaryAWSCredentialsProvider SimpleAWSCredentialsProvider EnvironmentVariableCredentialsProvider"
        + " IAMInstanceCredentialsProvider : software.amazon.awssdk.core.exception.SdkClientException: Unable to"
        + " load credentials from system settings."), null, () -> ObjectStores.hadoopConf(Map.of(
            "fs.s3a.secret.key", "s3cr3t-value")));
    assertThat(none.code()).isEqualTo(ErrorCode.STORE_ACCESS_DENIED);
    assertThat(none.getMessage()).isEqualTo("no S3 credentials for bucket 'bkt': looked in fs.s3a.session.token"
        + " with the keys, fs.s3a.access.key and fs.s3a.secret.key (or fs.s3a.bucket.bkt.access.key and"
        + " .secret.key), the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the instance's or"
        + " container's IAM role; give the keys with --conf or a profile");
    DeltactlException bucket = ObjectStores.failure(new RuntimeException("s3a://nope/t: getFileStatus on"
        + " s3a://nope/t: software.amazon.awssdk.services.s3.model.NoSuchBucketException: The specified bucket"
        + " does not exist (Service: S3, Status Code: 404)"), "s3a://nope/t",
        () -> ObjectStores.hadoopConf(Map.of("fs.s3a.endpoint", "http://127.0.0.1:9000")));
    assertThat(bucket.code()).isEqualTo(ErrorCode.BUCKET_NOT_FOUND);
    assertThat(bucket.getMessage()).isEqualTo(
        "S3 bucket 'nope' does not exist at http://127.0.0.1:9000: check the bucket name in the path");
    DeltactlException azure = ObjectStores.failure(new RuntimeException("Invalid configuration value detected for"
        + " fs.azure.account.hns.enabledStatus code: -1 error code: null error message: java.net.ConnectException:"
        + " Connection refused"), "abfss://c@acct.dfs.core.windows.net/t", null);
    assertThat(azure.code()).isEqualTo(ErrorCode.STORE_UNREACHABLE);
    assertThat(azure.getMessage()).isEqualTo("cannot reach Azure at acct.dfs.core.windows.net for container 'c' of"
        + " account acct.dfs.core.windows.net (connection refused): check the account name in the path, and that"
        + " the store is up");
    // not a store's failure: a Spark Connect server that does not answer, a local file
    assertThat(ObjectStores.failure(new java.net.ConnectException("Connection refused"))).isNull();
    assertThat(ObjectStores.failure(new java.io.IOException("file:/t: Connection refused"))).isNull();
  }
}
