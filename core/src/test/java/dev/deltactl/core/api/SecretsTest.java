package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SecretsTest {
  /** The keys object stores and Spark read credentials from, as documented by hadoop-aws, hadoop-azure, GCS. */
  static final List<String> SECRET_KEYS = List.of(
      "fs.s3a.access.key", "fs.s3a.secret.key", "fs.s3a.session.token", "fs.s3a.encryption.key",
      "fs.s3a.server-side-encryption.key", "fs.s3a.bucket.my-bucket.secret.key",
      "fs.s3a.bucket.my-bucket.access.key", "fs.s3a.bucket.my-bucket.session.token",
      "fs.s3a.bucket.my-bucket.encryption.key",
      "fs.azure.account.key.acct.dfs.core.windows.net", "fs.azure.account.key",
      "fs.azure.sas.container.acct.blob.core.windows.net", "fs.azure.sas.fixed.token",
      "fs.azure.sas.fixed.token.acct.dfs.core.windows.net", "fs.azure.account.oauth2.client.secret",
      "fs.azure.account.oauth2.client.secret.acct.dfs.core.windows.net",
      "fs.gs.auth.service.account.private.key", "fs.gs.auth.service.account.private.key.id",
      "google.cloud.auth.service.account.json.credential",
      "spark.authenticate.secret", "spark.connect.authenticate.token", "spark.ssl.keyPassword",
      "spark.ssl.keyStorePassword", "db.PASSWORD", "a.key", "my.token", "gcs.credential", "x.signature",
      "api.apiKey");

  @Test
  void keysThatNameASecretAreRecognisedUnderEverySpelling() {
    for (String k : SECRET_KEYS) {
      assertThat(Secrets.isSecretKey(k)).as(k).isTrue();
      assertThat(Secrets.isSecretKey("spark.hadoop." + k)).as("spark.hadoop." + k).isTrue();
      assertThat(Secrets.isSecretKey(k.toUpperCase())).as(k.toUpperCase()).isTrue();
      assertThat(Secrets.display(k, "v4lue")).as(k).isEqualTo(Secrets.MASK);
    }
  }

  @Test
  void ordinaryKeysAreNotSecretsNorAreKeysThatNameAKindASwitchOrASize() {
    for (String k : List.of("fs.s3a.endpoint", "spark.sql.shuffle.partitions", "spark.master",
        "spark.sql.mapKeyDedupPolicy", "fs.azure.sas.token.provider.type", "fs.s3a.aws.credentials.provider",
        "spark.security.credentials.hive.enabled", "spark.authenticate.secretBitLength",
        "fs.azure.account.keyprovider.acct.dfs.core.windows.net", "spark.network.crypto.saslFallback",
        "fs.s3a.encryption.algorithm", "google.cloud.auth.service.account.json.keyfile", "monkey.see")) {
      assertThat(Secrets.isSecretKey(k)).as(k).isFalse();
    }
    assertThat(Secrets.display("spark.sql.shuffle.partitions", "8")).isEqualTo("8");
    assertThat(Secrets.display("fs.s3a.endpoint", "http://minio:9000")).isEqualTo("http://minio:9000");
  }

  /**
   * The object stores' credential settings, as hadoop-aws, hadoop-azure and hadoop-gcp read them (and with
   * {@code spark.hadoop.}, as Spark passes them on): their values are masked where shown and wherever they
   * turn up in a text. Their kinds, classes and file paths are not secrets and stay readable.
   */
  @Test
  void objectStoreCredentialsAreMaskedInDisplayAndInAnyText() {
    List<String> keys = List.of("fs.s3a.session.token", "fs.s3a.encryption.key", "fs.s3a.secret.key",
        "fs.s3a.bucket.my-bucket.secret.key", "fs.s3a.bucket.type.secret.key", "fs.azure.sas.fixed.token",
        "fs.azure.sas.my-container.acct.blob.core.windows.net",
        // a container named like a kind: the key's last word is still the account's host
        "fs.azure.sas.type.acct.blob.core.windows.net",
        "fs.azure.account.key.acct.dfs.core.windows.net", "fs.azure.account.key.acct.blob.core.windows.net",
        "fs.azure.account.key.acct.dfs.core.chinacloudapi.cn", "fs.azure.account.oauth2.client.secret",
        "fs.azure.account.oauth2.client.secret.acct.dfs.core.windows.net",
        "fs.azure.account.oauth2.refresh.token", "fs.azure.encryption.encoded.client-provided-key",
        "fs.gs.auth.service.account.private.key", "fs.gs.auth.service.account.private.key.id",
        "fs.gs.encryption.key", "fs.gs.auth.client.secret", "fs.gs.auth.refresh.token");
    int i = 0;
    for (String k : keys) {
      for (String key : List.of(k, "spark.hadoop." + k)) {
        String value = "v4lue-" + i++;
        assertThat(Secrets.isSecretKey(key)).as(key).isTrue();
        assertThat(Secrets.display(key, value)).as(key).isEqualTo(Secrets.MASK);
        Map<String, String> conf = Map.of(key, value, "fs.s3a.endpoint", "http://127.0.0.1:9000");
        assertThat(Secrets.redact("rejected " + value + " at http://127.0.0.1:9000", Secrets.secretValues(conf)))
            .as(key).isEqualTo("rejected " + Secrets.MASK + " at http://127.0.0.1:9000");
        assertThat(Pattern.compile(Secrets.SPARK_REDACTION_REGEX).matcher(key).find()).as(key).isTrue();
      }
    }
  }

  /**
   * Decided: a setting that names a kind or a class ({@code fs.azure.sas.token.provider.type}, the SAS token
   * provider's class name; {@code fs.gs.auth.access.token.provider}; {@code fs.s3a.delegation.token.binding})
   * and a service account's key file path ({@code fs.gs.auth.service.account.json.keyfile}, the file holds
   * the secret, not its name) are shown as they are. The per-account form of a class setting
   * ({@code fs.azure.sas.token.provider.type.ACCOUNT.dfs.core.windows.net}) stays masked: its last word is the
   * account's host, like a SAS's {@code fs.azure.sas.CONTAINER.HOST}, whose container may be named
   * {@code type}; hiding a class name is the safe side.
   */
  @Test
  void objectStoreKindsClassesAndKeyFilePathsAreShown() {
    for (String k : List.of("fs.azure.sas.token.provider.type", "fs.gs.auth.service.account.json.keyfile",
        "fs.gs.auth.access.token.provider", "fs.s3a.delegation.token.binding", "fs.azure.account.auth.type",
        "fs.azure.account.oauth.provider.type.acct.dfs.core.windows.net", "fs.s3a.encryption.algorithm",
        "fs.gs.auth.type", "fs.azure.account.oauth2.client.id")) {
      for (String key : List.of(k, "spark.hadoop." + k)) {
        assertThat(Secrets.isSecretKey(key)).as(key).isFalse();
        assertThat(Secrets.display(key, "org.example.Provider")).as(key).isEqualTo("org.example.Provider");
      }
    }
    assertThat(Secrets.display("fs.gs.auth.service.account.json.keyfile", "/etc/deltactl/gcs.json"))
        .isEqualTo("/etc/deltactl/gcs.json");
    assertThat(Secrets.secretValues(Map.of("fs.gs.auth.service.account.json.keyfile", "/etc/deltactl/gcs.json")))
        .isEmpty();
    assertThat(Secrets.isSecretKey("fs.azure.sas.token.provider.type.acct.dfs.core.windows.net")).isTrue();
  }

  @Test
  void theUserInfoOfAUrlIsMaskedInAnyKeyAndAnyScheme() {
    assertThat(Secrets.display("fs.s3a.endpoint", "http://user:SECRET@host:9000"))
        .isEqualTo("http://***@host:9000");
    assertThat(Secrets.display("spark.hadoop.fs.s3a.endpoint", "https://SECRET@host")).isEqualTo("https://***@host");
    assertThat(Secrets.display("x", "s3a://AKIA:SECRET@bucket/t")).isEqualTo("s3a://***@bucket/t");
    assertThat(Secrets.display("x", "jdbc:postgresql://u:SECRET@db:5432/hive?ssl=true"))
        .isEqualTo("jdbc:postgresql://***@db:5432/hive?ssl=true");
    // an Azure path's container is where the table is, not a credential: kept, and never collected as a secret
    assertThat(Secrets.display("x", "abfss://deltactl-test@acct.dfs.core.windows.net/t"))
        .isEqualTo("abfss://deltactl-test@acct.dfs.core.windows.net/t");
    assertThat(Secrets.redactUrls("error: no table at wasbs://data@acct.blob.core.windows.net/t and ABFS://$root@a/t"))
        .isEqualTo("error: no table at wasbs://data@acct.blob.core.windows.net/t and ABFS://$root@a/t");
    assertThat(Secrets.inValue("abfs://data@acct.dfs.core.windows.net/t")).isEmpty();
    // but user-info that is not a container name (a password, upper case, a key) is masked on Azure schemes too
    assertThat(Secrets.display("x", "abfss://u:SECRET@acct.dfs.core.windows.net/t"))
        .isEqualTo("abfss://***@acct.dfs.core.windows.net/t");
    assertThat(Secrets.display("x", "wasb://AccountKey123@acct/t")).isEqualTo("wasb://***@acct/t");
    // a password with an @ of its own is masked whole
    assertThat(Secrets.display("x", "ftp://u:SEC@RET@host/f")).isEqualTo("ftp://***@host/f");
    // no user-info: unchanged, an @ in the path included
    assertThat(Secrets.display("x", "s3a://bucket/a@b/t")).isEqualTo("s3a://bucket/a@b/t");
    assertThat(Secrets.display("x", "mail me at a@b.c")).isEqualTo("mail me at a@b.c");
  }

  @Test
  void secretsInsideLongerTextAreMasked() {
    String text = "error: cannot open s3a://AKIA:SECRET@bucket/t (endpoint http://admin:hunter22@minio:9000),"
        + " via sc://h:15002/;token=TOKEN123;use_ssl=true";
    assertThat(Secrets.redactUrls(text)).isEqualTo("error: cannot open s3a://***@bucket/t (endpoint"
        + " http://***@minio:9000), via sc://h:15002/;token=" + Secrets.MASK + ";use_ssl=true");
    // a placeholder in a message stays
    assertThat(Secrets.redactUrls("expected sc://HOST[:PORT][/;token=...;use_ssl=true]"))
        .isEqualTo("expected sc://HOST[:PORT][/;token=...;use_ssl=true]");
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("fs.s3a.endpoint", "http://admin:hunter22@minio:9000");
    conf.put("fs.s3a.secret.key", "wJalrXUtnFEMI");
    // Hadoop may print the password apart from its URL
    assertThat(Secrets.redact("password hunter22 and key wJalrXUtnFEMI rejected", Secrets.secretValues(conf)))
        .isEqualTo("password " + Secrets.MASK + " and key " + Secrets.MASK + " rejected");
  }

  @Test
  void anInlinePrivateKeyIsASecretWhateverItsKey() {
    String json = "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n\"}";
    assertThat(Secrets.display("google.cloud.auth.service.account.json.keyfile", json)).isEqualTo(Secrets.MASK);
    assertThat(Secrets.display("google.cloud.auth.service.account.json.keyfile", "/etc/gcs.json"))
        .isEqualTo("/etc/gcs.json");
    String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0123456789\n-----END RSA PRIVATE KEY-----";
    assertThat(Secrets.secretValues(Map.of("some.file", pem))).contains(pem, "MIIEowIBAAKCAQEA0123456789");
  }

  @Test
  void redactionReplacesEveryOccurrenceLongestFirst() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("a.key", "abc");
    conf.put("b.secret", "abcdef");
    conf.put("endpoint", "abcdefgh");
    List<String> secrets = Secrets.secretValues(conf);
    assertThat(secrets).containsExactly("abcdef", "abc");
    assertThat(Secrets.redact("x abcdef y abc z", secrets))
        .isEqualTo("x *********(redacted) y *********(redacted) z");
  }

  @Test
  void switchesAreNotLearnedAsSecrets() {
    assertThat(Secrets.secretValues(Map.of("my.token", "true", "b.password", "no"))).isEmpty();
  }

  @Test
  void sparksRedactionRegexesFindTheSameKeysAndUserInfo() {
    Pattern keys = Pattern.compile(Secrets.SPARK_REDACTION_REGEX);
    for (String k : SECRET_KEYS) {
      assertThat(keys.matcher(k).find()).as(k).isTrue();
    }
    assertThat(keys.matcher("spark.sql.shuffle.partitions").find()).isFalse();
    assertThat(keys.matcher("http://u:p@host").find()).isTrue();
    assertThat(keys.matcher("http://host:9000").find()).isFalse();
    assertThat(Pattern.compile(Secrets.SPARK_STRING_REDACTION_REGEX).matcher("LOCATION 's3a://AK:SK@b/t'")
        .replaceAll("xx")).isEqualTo("LOCATION 's3a://xx@b/t'");
  }
}
