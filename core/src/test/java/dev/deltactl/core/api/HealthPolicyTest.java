package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.api.HealthPolicy.Key;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthPolicyTest {
  @TempDir Path tmp;

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    assertThat(HealthPolicy.defaults().values()).containsExactly(
        Map.entry("smallFileSize", 64L << 20),
        Map.entry("smallFilesDue", 50L),
        Map.entry("smallFileShareDue", 0.25),
        Map.entry("smallFilesBad", 10_000L),
        Map.entry("deletedRowShareDue", 0.05),
        Map.entry("deletedRowShareBad", 0.30),
        Map.entry("checkpointCommitsDue", 20L),
        Map.entry("checkpointCommitsBad", 1000L),
        Map.entry("logFilesPastRetentionDue", 100L),
        Map.entry("logFilesPastRetentionBad", 10_000L),
        Map.entry("filesWithoutStatsDue", 1L),
        Map.entry("reclaimableFilesDue", 1L),
        Map.entry("reclaimableBytesBad", 100L << 30));
  }

  @Test
  void theSmallFileSizeAndCheckpointDefaultsFollowTheTablesProperties() {
    HealthPolicy p = HealthPolicy.forTable(
        Map.of("delta.targetFileSize", "33554432", "delta.checkpointInterval", "100"), HealthPolicy.Overrides.NONE);
    assertThat(p.count(Key.SMALL_FILE_SIZE)).isEqualTo(16L << 20);
    assertThat(p.count(Key.CHECKPOINT_COMMITS_DUE)).isEqualTo(200);
    HealthPolicy unit = HealthPolicy.forTable(Map.of("delta.targetFileSize", "256m"), HealthPolicy.Overrides.NONE);
    assertThat(unit.count(Key.SMALL_FILE_SIZE)).isEqualTo(128L << 20);
  }

  @Test
  void theFileIsUnderTheTablesPropertiesWhichAreUnderTheOptions() throws IOException {
    Path file = tmp.resolve("policy.properties");
    Files.writeString(file, "# nightly\nsmallFilesDue = 10\ncheckpointCommitsDue=30\ndeletedRowShareDue=10%\n");
    Map<String, String> options = new LinkedHashMap<>();
    options.put("checkpointCommitsDue", "40");
    HealthPolicy.Overrides o = HealthPolicy.Overrides.of(file, options);
    HealthPolicy p = HealthPolicy.forTable(Map.of("deltactl.policy.smallFilesDue", "20",
        "deltactl.policy.checkpointCommitsDue", "35"), o);
    assertThat(p.count(Key.SMALL_FILES_DUE)).isEqualTo(20); // table over file
    assertThat(p.count(Key.CHECKPOINT_COMMITS_DUE)).isEqualTo(40); // option over table
    assertThat(p.share(Key.DELETED_ROW_SHARE_DUE)).isEqualTo(0.10); // file over default
    assertThat(p.share(Key.SMALL_FILE_SHARE_DUE)).isEqualTo(0.25); // default
  }

  @Test
  void anUnknownKeyIsExit2NamingTheNearestKnownOne() {
    assertThatThrownBy(() -> HealthPolicy.Overrides.of(null, Map.of("smallFileDue", "3")))
        .isInstanceOf(DeltactlException.class)
        .hasMessageStartingWith("unknown policy key 'smallFileDue' in --policy: did you mean smallFilesDue?")
        .extracting(e -> ((DeltactlException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThatThrownBy(() -> HealthPolicy.forTable(Map.of("deltactl.policy.checkpointcommitsbad", "5"),
        HealthPolicy.Overrides.NONE))
        .hasMessageStartingWith("unknown policy key 'checkpointcommitsbad' in the table's deltactl.policy.*"
            + " properties: did you mean checkpointCommitsBad?");
  }

  @Test
  void badValuesAreExit2NamingTheKeyTheValueAndWhereFrom() throws IOException {
    assertThatThrownBy(() -> HealthPolicy.Overrides.of(null, Map.of("smallFilesDue", "-1")))
        .hasMessage("invalid policy smallFilesDue in --policy '-1': expected a whole number >= 0");
    for (String bad : new String[] {"1.5", "150%", "x", "NaN", "-0.1"}) {
      assertThatThrownBy(() -> HealthPolicy.Overrides.of(null, Map.of("smallFileShareDue", bad))).as(bad)
          .hasMessage("invalid policy smallFileShareDue in --policy '" + bad
              + "': expected a share between 0 and 1, or a percentage such as 25%");
    }
    assertThatThrownBy(() -> HealthPolicy.Overrides.of(null, Map.of("smallFileSize", "big")))
        .hasMessageStartingWith("invalid policy smallFileSize in --policy 'big'");
    Path file = tmp.resolve("p.properties");
    Files.writeString(file, "smallFilesBad=lots\n");
    assertThatThrownBy(() -> HealthPolicy.Overrides.of(file, Map.of()))
        .hasMessage("invalid policy smallFilesBad in policy file " + file + " 'lots': expected a whole number >= 0");
    assertThatThrownBy(() -> HealthPolicy.Overrides.of(tmp.resolve("none"), Map.of()))
        .hasMessage("policy file not found: " + tmp.resolve("none"));
  }

  @Test
  void sharesAcceptFractionsAndPercentages() {
    HealthPolicy.Overrides o = HealthPolicy.Overrides.of(null, Map.of("smallFileShareDue", "0.5",
        "deletedRowShareDue", "12.5%", "deletedRowShareBad", "1"));
    HealthPolicy p = HealthPolicy.forTable(Map.of(), o);
    assertThat(p.share(Key.SMALL_FILE_SHARE_DUE)).isEqualTo(0.5);
    assertThat(p.share(Key.DELETED_ROW_SHARE_DUE)).isEqualTo(0.125);
    assertThat(p.share(Key.DELETED_ROW_SHARE_BAD)).isEqualTo(1.0);
  }
}
