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
}
