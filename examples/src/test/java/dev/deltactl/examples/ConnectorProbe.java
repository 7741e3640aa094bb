package dev.deltactl.examples;

import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Run by {@link ObjectStoresTest} in a JVM whose class path is the distribution's lib/ (and this class): opens
 * each object store's file system with deltactl's Hadoop configuration, the way a command does ({@code FileSystem.newInstance}, whose
 * {@code initialize} builds the store's client), with settings that make no connection, and prints one line
 * per store: the scheme, the file system's class, and the client class it built.
 */
public final class ConnectorProbe {
  private ConnectorProbe() {}

  public static void main(String[] args) throws Exception {
    // deltactl's own Hadoop configuration (s3:// and s3n:// through S3A), as its engines build it
    Configuration conf = dev.deltactl.core.engine.ObjectStores.hadoopConf(java.util.Map.of());
    // S3A: an endpoint nothing listens on, anonymous credentials, no bucket probe at initialize
    conf.set("fs.s3a.endpoint", "http://127.0.0.1:1");
    conf.set("fs.s3a.endpoint.region", "us-east-1");
    conf.set("fs.s3a.path.style.access", "true");
    conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.AnonymousAWSCredentialsProvider");
    conf.set("fs.s3a.bucket.probe", "0");
    // ABFS: a shared key (any base64), a flat-namespace account, no container created at initialize
    conf.set("fs.azure.account.key.acct.dfs.core.windows.net", "ZGVsdGFjdGwtcHJvYmUta2V5LW5vdC1hLXNlY3JldA==");
    conf.set("fs.azure.account.hns.enabled", "false");
    conf.set("fs.azure.createRemoteFileSystemDuringInitialization", "false");
    conf.set("fs.azure.abfs.endpoint", "127.0.0.1:1");
    conf.set("fs.azure.always.use.https", "false");
    conf.set("fs.azure.io.retry.max.retries", "0");
    // GCS: user credentials refreshed only on a first request, from a token server nothing listens on
    // (UNAUTHENTICATED fails hadoop-gcp 3.5.0's initialize with a NullPointerException)
    conf.set("fs.gs.auth.type", "USER_CREDENTIALS");
    conf.set("fs.gs.auth.client.id", "probe");
    conf.set("fs.gs.auth.client.secret", "probe");
    conf.set("fs.gs.auth.refresh.token", "probe");
    conf.set("fs.gs.token.server.url", "http://127.0.0.1:1/token");
    conf.set("fs.gs.project.id", "deltactl-probe");
    for (String uri : args) {
      try (FileSystem fs = FileSystem.newInstance(URI.create(uri), conf)) {
        String client = "";
        if (fs.getClass().getName().equals("org.apache.hadoop.fs.s3a.S3AFileSystem")) {
          // the SDK's S3 client with its HTTP client, built (not connected) as the first request would
          Object internals = fs.getClass().getMethod("getS3AInternals").invoke(fs);
          Object s3 = Class.forName("org.apache.hadoop.fs.s3a.S3AInternals", true, fs.getClass().getClassLoader())
              .getMethod("getAmazonS3Client", String.class).invoke(internals, "probe");
          client = " " + Class.forName("software.amazon.awssdk.services.s3.S3Client").isInstance(s3);
        }
        System.out.println(URI.create(uri).getScheme() + " " + fs.getClass().getName() + client);
      }
    }
  }
}
