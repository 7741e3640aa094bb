package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRefTest {
  @Test
  void absoluteAndRelativePathsAreNormalisedToAbsolute() {
    assertThat(TableRef.parse("/data/t/").path()).isEqualTo("/data/t");
    assertThat(TableRef.parse("/data/./x/../t").path()).isEqualTo("/data/t");
    assertThat(TableRef.parse("./t").path()).isEqualTo(Path.of("t").toAbsolutePath().toString());
    assertThat(TableRef.parse("dir/t").path()).isEqualTo(Path.of("dir/t").toAbsolutePath().toString());
    assertThat(TableRef.parse("~/t").path()).isEqualTo(System.getProperty("user.home") + "/t");
  }

  @Test
  void uriPathsAreKeptAsTheyAre() {
    assertThat(TableRef.parse("s3a://bucket/a/t/").path()).isEqualTo("s3a://bucket/a/t");
    assertThat(TableRef.parse("abfss://c@acct.dfs.core.windows.net/t").path())
        .isEqualTo("abfss://c@acct.dfs.core.windows.net/t");
  }

  @Test
  void deltaDotBacktickIsAPath() {
    TableRef r = TableRef.parse("delta.`/data/my t`");
    assertThat(r.isPath()).isTrue();
    assertThat(r.path()).isEqualTo("/data/my t");
  }

  @Test
  void bareWordsAreCatalogNames() {
    assertThat(TableRef.parse("sales").nameParts()).isEqualTo(List.of("sales"));
    assertThat(TableRef.parse("db.sales").nameParts()).isEqualTo(List.of("db", "sales"));
    assertThat(TableRef.parse("cat.db.sales").nameParts()).isEqualTo(List.of("cat", "db", "sales"));
    assertThat(TableRef.parse("`my db`.`odd``name`").nameParts()).isEqualTo(List.of("my db", "odd`name"));
    assertThat(TableRef.parse("db.sales").display()).isEqualTo("db.sales");
  }

  @Test
  void versionAndTimestampSuffixes() {
    TableRef v = TableRef.parse("/data/t@v12");
    assertThat(v.path()).isEqualTo("/data/t");
    assertThat(v.version()).isEqualTo(12L);
    assertThat(v.display()).isEqualTo("/data/t@v12");
    TableRef ts = TableRef.parse("sales@20261120163000123");
    assertThat(ts.nameParts()).isEqualTo(List.of("sales"));
    assertThat(ts.timestamp()).isEqualTo(Instant.parse("2026-11-20T16:30:00.123Z"));
    assertThat(ts.current().hasTimeTravel()).isFalse();
  }

  @Test
  void malformedNamesAreRejectedWithTheValue() {
    for (String bad : new String[] {"a..b", "a.b.c.d", "1abc", "`unclosed", "a.", "sales@20261399000000000", " "}) {
      assertThatThrownBy(() -> TableRef.parse(bad)).as(bad)
          .isInstanceOf(DeltactlException.class)
          .satisfies(e -> assertThat(((DeltactlException) e).code()).isEqualTo(ErrorCode.INVALID_TABLE_REF));
    }
    assertThatThrownBy(() -> TableRef.parse("a..b")).hasMessage(
        "invalid table 'a..b': expected a path (/data/t, ./t, s3a://bucket/t, delta.`/data/t`)"
            + " or a name ([catalog.][db.]table, `quoted name`)");
  }
}
