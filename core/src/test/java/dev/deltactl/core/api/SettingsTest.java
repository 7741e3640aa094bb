package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static String masterError(String master) {
    try {
      Settings.checkMaster(master, "--master");
    } catch (DeltactlException e) {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      return e.getMessage();
    }
    throw new AssertionError("accepted: " + master);
  }

  @Test
  void theMastersSparkTakesAreAccepted() {
    for (String m : List.of("local", "local[1]", "local[16]", "local[*]", "local[2,3]", "local[*, 4]",
        "local-cluster[2,1,1024]", "spark://master:7077", "spark://m1:7077,m2:7078", "spark://10.0.0.1:7077",
        "spark://[::1]:7077", "yarn", "k8s://https://api.example.com:6443", "k8s://api.example.com:6443",
        "sc://host", "sc://host:15002", "sc://host:15002/;token=abc;use_ssl=true", "sc://127.0.0.1:15002/")) {
      assertThatCode(() -> Settings.checkMaster(m, "--master")).as(m).doesNotThrowAnyException();
    }
  }

  @Test
  void nonsenseMastersAreRefusedNamingTheValueAndWhy() {
    String expected = "expected " + Settings.MASTERS;
    assertThat(masterError("garbage://")).isEqualTo("invalid --master 'garbage://': " + expected);
    assertThat(masterError("")).isEqualTo("invalid --master '': it is empty; " + expected);
    for (String m : List.of("locale", "local[]", "local[x]", "LOCAL", "local[2", "yarn-client", "mesos://h:5050",
        "garbage", "http://host:7077")) {
      assertThat(masterError(m)).as(m).isEqualTo("invalid --master '" + m + "': " + expected);
    }
    assertThat(masterError("local[0]")).isEqualTo(
        "invalid --master 'local[0]': local needs at least 1 thread (local[1]), or local[*] for one per core");
    assertThat(masterError(" local")).isEqualTo("invalid --master ' local': it has spaces around it");
    assertThat(masterError("spark://master")).isEqualTo(
        "invalid --master 'spark://master': no port (spark://HOST:PORT, e.g. spark://master:7077)");
    assertThat(masterError("spark://")).isEqualTo(
        "invalid --master 'spark://': no host (spark://HOST:PORT, e.g. spark://master:7077)");
    assertThat(masterError("spark://m:7077,")).isEqualTo(
        "invalid --master 'spark://m:7077,': no host (spark://HOST:PORT, e.g. spark://master:7077)");
    assertThat(masterError("spark://m:0")).isEqualTo(
        "invalid --master 'spark://m:0': port 0 is not in 1 to 65535 (spark://HOST:PORT, e.g. spark://master:7077)");
    assertThat(masterError("spark://m:7077/path")).isEqualTo("invalid --master 'spark://m:7077/path':"
        + " a master URL has no path, query or user (spark://HOST:PORT, e.g. spark://master:7077)");
    assertThat(masterError("k8s://")).isEqualTo("invalid --master 'k8s://': no host (k8s://https://HOST:PORT)");
    // a user-info is never echoed
    assertThat(masterError("spark://u:SECRET@m:7077")).isEqualTo("invalid --master 'spark://***@m:7077':"
        + " a master URL has no path, query or user (spark://HOST:PORT, e.g. spark://master:7077)");
  }

  @Test
  void connectUrlsAreCheckedAsTheConnectClientParsesThem() {
    assertThatThrownBy(() -> Settings.checkRemote("spark://h:7077", "--remote")).hasMessage(
        "--remote takes a Spark Connect URL, sc://HOST[:PORT][/;token=...], not 'spark://h:7077'"
            + " (a master URL goes to --master)");
    assertThatThrownBy(() -> Settings.checkRemote("sc://", "--remote"))
        .hasMessage("invalid --remote 'sc://': no host; expected sc://HOST[:PORT][/;token=...;use_ssl=true]");
    assertThatThrownBy(() -> Settings.checkRemote("sc://h h", "--remote"))
        .hasMessageStartingWith("invalid --remote 'sc://h h': not a URL (Illegal character in authority");
    assertThatThrownBy(() -> Settings.checkRemote("sc://h:70000", "--remote"))
        .hasMessage("invalid --remote 'sc://h:70000': port 70000 is not in 1 to 65535");
    assertThatThrownBy(() -> Settings.checkRemote("sc://bad_host:15002", "--remote"))
        .hasMessage("invalid --remote 'sc://bad_host:15002': no host; expected sc://HOST[:PORT][/;token=...;use_ssl=true]");
    assertThatThrownBy(() -> Settings.checkRemote("sc://h:15002/db", "--remote")).hasMessage(
        "invalid --remote 'sc://h:15002/db': a Spark Connect URL has no path ('/db'); parameters go after /;"
            + " (sc://HOST:PORT/;token=...)");
    assertThatThrownBy(() -> Settings.checkRemote("sc://h:15002/;token=", "--remote"))
        .hasMessage("invalid --remote 'sc://h:15002/;token=': parameter 'token=*********(redacted)' is not NAME=VALUE");
    assertThatThrownBy(() -> Settings.checkRemote("sc://h:15002/;token=SECRET;use_ssl", "--remote")).hasMessage(
        "invalid --remote 'sc://h:15002/;token=*********(redacted);use_ssl': parameter 'use_ssl' is not NAME=VALUE");
    assertThatThrownBy(() -> Settings.checkRemote("sc://h:15002?token=x", "--remote")).hasMessage(
        "invalid --remote 'sc://h:15002?token=x': parameters go after /; (sc://HOST:PORT/;token=...), not after ? or #");
  }

  @Test
  void settingsNeedAKeyWithoutSpacesAndDeltactlsOwnValuesAreChecked() {
    assertThatThrownBy(() -> Settings.checkConf("", "x", "--conf")).hasMessage(
        "invalid --conf '=x': the key is empty; give KEY=VALUE, e.g. spark.sql.shuffle.partitions=8");
    assertThatThrownBy(() -> Settings.checkConf("a b", "x", "--conf")).hasMessage("invalid --conf 'a b=x':"
        + " a key has no spaces or control characters; give KEY=VALUE, e.g. spark.sql.shuffle.partitions=8");
    assertThatThrownBy(() -> Settings.checkConf(" fs.s3a.secret.key", "SECRET", "--conf"))
        .hasMessageStartingWith("invalid --conf ' fs.s3a.secret.key=*********(redacted)': a key has no spaces");
    assertThatThrownBy(() -> Settings.checkConf("a\tb", "x", "--conf")).hasMessageContaining("control characters");
    assertThatThrownBy(() -> Settings.checkConf("deltactl.connect.timeout", "soon", "--conf")).hasMessage(
        "invalid --conf deltactl.connect.timeout 'soon': expected a number and a unit (ms, s, m, h, d), e.g. 30s or 168h");
    assertThatThrownBy(() -> Settings.checkConf("deltactl.kernel", "maybe", "--conf"))
        .hasMessage("invalid --conf 'deltactl.kernel=maybe': deltactl.kernel is true or false");
    for (String[] ok : new String[][] {{"spark.sql.shuffle.partitions", "8"}, {"fs.s3a.endpoint", ""},
        {"deltactl.connect.timeout", "2s"}, {"deltactl.kernel", "FALSE"}, {"deltactl.shell.warmup", "0"}}) {
      assertThatCode(() -> Settings.checkConf(ok[0], ok[1], "--conf")).as(ok[0]).doesNotThrowAnyException();
    }
  }
}
