package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void keysThatNameASecretAreRecognised() {
    for (String k : List.of("fs.s3a.secret.key", "fs.s3a.access.key", "fs.azure.account.key.a.dfs.core.windows.net",
        "fs.azure.sas.c.a.blob.core.windows.net", "spark.hadoop.fs.gs.auth.token", "db.PASSWORD",
        "google.cloud.auth.service.account.json.credential")) {
      assertThat(Secrets.isSecretKey(k)).as(k).isTrue();
    }
    for (String k : List.of("fs.s3a.endpoint", "spark.sql.shuffle.partitions", "spark.master")) {
      assertThat(Secrets.isSecretKey(k)).as(k).isFalse();
    }
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
}
