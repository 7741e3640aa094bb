package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.api.OptimizePlanner.FileEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Delta's selection and bin-packing rules, on made-up file lists. */
class OptimizePlannerTest {
  private static final TableRef T = TableRef.parse("/t");

  private static FileEntry file(String part, long size) {
    return new FileEntry(List.of(part), size, 100L, 0, false, true);
  }

  private static OptimizePlan plan(OptimizeRequest r, long max, long min, List<FileEntry> files) {
    return OptimizePlanner.planCompaction("/t", 3, List.of("p"), r, max, min, 0.05, files);
  }

  private static OptimizeRequest compaction() {
    return new OptimizeRequest(T, null, List.of(), null, null, false, 0);
  }

  @Test
  void packsSmallestFirstIntoBinsOfAtMostTheTargetSizeAndSkipsSingleFileBins() {
    List<FileEntry> files = new ArrayList<>();
    for (long s : new long[] {10, 20, 30, 40, 50}) {
      files.add(file("a", s));
    }
    files.add(file("b", 5));
    files.add(file("c", 500));
    files.add(file("c", 600));
    // a: [10,20,30,40] (100) then [50]; b: [5] alone; c: [500] [600] (each alone, 100 max) -> 1 bin
    OptimizePlan p = plan(compaction(), 100, 1000, files);
    assertThat(p.bins()).isEqualTo(1);
    assertThat(p.partitions()).isEqualTo(1);
    assertThat(p.candidateFiles()).isEqualTo(4);
    assertThat(p.candidateBytes()).isEqualTo(100);
    assertThat(p.totalFiles()).isEqualTo(8);
    assertThat(p.totalBytes()).isEqualTo(1255);
    assertThat(p.expectedFilesAfter()).isEqualTo(5);
    assertThat(p.version()).isEqualTo(3);
  }

  @Test
  void filesAtOrAboveTheMinimumSizeAreLeftAlone() {
    OptimizePlan p = plan(compaction(), 1000, 30, List.of(file("a", 10), file("a", 20), file("a", 30), file("a", 40)));
    assertThat(p.candidateFiles()).isEqualTo(2);
    assertThat(p.expectedFilesAfter()).isEqualTo(3);
  }

  @Test
  void filesWithManyDeletedRowsAreCandidatesWhateverTheirSize() {
    List<FileEntry> files = List.of(
        new FileEntry(List.of("a"), 900, 100L, 6, true, true),
        new FileEntry(List.of("a"), 900, 100L, 5, true, true),
        new FileEntry(List.of("a"), 10, 100L, 0, false, true));
    OptimizePlan p = plan(compaction(), 2000, 100, files);
    assertThat(p.candidateFiles()).isEqualTo(2);
    assertThat(p.candidateBytes()).isEqualTo(910);
  }

  @Test
  void onlyFilesMatchingWhereAreConsidered() {
    List<FileEntry> files = List.of(file("a", 1), file("a", 1),
        new FileEntry(List.of("b"), 1, 1L, 0, false, false), new FileEntry(List.of("b"), 1, 1L, 0, false, false));
    OptimizePlan p = plan(new OptimizeRequest(T, "p = 'a'", List.of(), null, null, false, 0), 100, 100, files);
    assertThat(p.consideredFiles()).isEqualTo(2);
    assertThat(p.candidateFiles()).isEqualTo(2);
    assertThat(p.expectedFilesAfter()).isEqualTo(3);
    assertThat(p.where()).isEqualTo("p = 'a'");
  }

  @Test
  void zOrderRewritesEveryFileOnePartitionPerBinAndSplitsByTargetSize() {
    List<FileEntry> files = List.of(file("a", 400), file("a", 400), file("b", 50));
    OptimizePlan p = plan(new OptimizeRequest(T, null, List.of("x", "y"), null, null, false, 0), 300, 10, files);
    assertThat(p.bins()).isEqualTo(2);
    assertThat(p.candidateFiles()).isEqualTo(3);
    // a: 800 bytes at 300 per file -> 3 files; b: 1 file
    assertThat(p.expectedFilesAfter()).isEqualTo(4);
    assertThat(p.zOrderBy()).containsExactly("x", "y");
  }

  @Test
  void anEmptyTableHasNothingToDo() {
    assertThat(plan(compaction(), 100, 100, List.of()).nothingToDo()).isTrue();
  }

  // ---------------------------------------------------------------- clustering

  private static FileEntry clustered(long size, String cube, List<String> columns) {
    return new FileEntry(List.of(), size, 100L, 0, false, true, cube, columns);
  }

  private static OptimizePlan clustering(boolean full, long minCube, List<FileEntry> files) {
    return OptimizePlanner.planClustering("/t", 5, List.of("a", "b"),
        new OptimizeRequest(T, null, List.of(), null, null, true, 0, full), 100, minCube, minCube, files);
  }

  @Test
  void anIncrementalRunClustersNewFilesWithTheSmallClustersAndLeavesOneWholeCluster() {
    List<String> ab = List.of("a", "b");
    // new files and a small cluster: all together, in bins of at most the target cube size
    OptimizePlan p = clustering(false, 1000, List.of(clustered(300, "c1", ab), clustered(40, null, null),
        clustered(50, null, null), clustered(200, "c1", ab)));
    assertThat(p.candidateFiles()).isEqualTo(4);
    assertThat(p.candidateBytes()).isEqualTo(590);
    assertThat(p.bins()).isEqualTo(1);
    assertThat(p.expectedFilesAfter()).isEqualTo(6); // ceil(590 / 100) files
    assertThat(p.fullRewriteFiles()).isEqualTo(4);
    assertThat(p.fullRewriteBytes()).isEqualTo(590);
    // one cluster and nothing new: nothing to do, for a full run too (Delta's FULL)
    OptimizePlan one = clustering(false, 1000, List.of(clustered(300, "c1", ab), clustered(200, "c1", ab)));
    assertThat(one.nothingToDo()).isTrue();
    assertThat(one.fullRewriteBytes()).isZero();
    assertThat(clustering(true, 1000, List.of(clustered(300, "c1", ab), clustered(200, "c1", ab))).nothingToDo())
        .isTrue();
    // two small clusters are merged
    assertThat(clustering(false, 1000, List.of(clustered(300, "c1", ab), clustered(200, "c2", ab))).candidateFiles())
        .isEqualTo(2);
  }

  @Test
  void clustersAtTheMinimumCubeSizeAndClustersOfOtherColumnsAreLeftToTheRightRun() {
    List<String> ab = List.of("a", "b");
    List<FileEntry> files = List.of(clustered(600, "big", ab), clustered(500, "big", ab), clustered(70, "old",
        List.of("x")), clustered(30, null, null));
    OptimizePlan incremental = clustering(false, 1000, files);
    assertThat(incremental.candidateFiles()).isEqualTo(1); // the new file only
    assertThat(incremental.candidateBytes()).isEqualTo(30);
    assertThat(incremental.fullRewriteFiles()).isEqualTo(2); // and the cluster of other columns
    assertThat(incremental.fullRewriteBytes()).isEqualTo(100);
    OptimizePlan full = clustering(true, 1000, files);
    assertThat(full.candidateFiles()).isEqualTo(2);
    // with files of other columns, a full run takes a single small cluster too
    assertThat(clustering(true, 1000, List.of(clustered(300, "c1", ab), clustered(70, "old", List.of("x"))))
        .candidateBytes()).isEqualTo(370);
    assertThat(clustering(false, 1000, List.of(clustered(300, "c1", ab), clustered(70, "old", List.of("x"))))
        .nothingToDo()).isTrue();
    assertThat(full.full()).isTrue();
    assertThat(full.clusteringColumns()).containsExactly("a", "b");
    assertThat(full.totalFiles()).isEqualTo(4);
    assertThat(full.totalBytes()).isEqualTo(1200);
  }

  @Test
  void theSizesAreTheRequestsElseTheSettingsElseDeltasDefaults() {
    List<FileEntry> files = List.of(file("a", 10), file("a", 20), file("a", 3000));
    java.util.Map<String, String> set = java.util.Map.of(OptimizePlanner.MAX_FILE_SIZE, " 50 ",
        OptimizePlanner.MIN_FILE_SIZE, "100");
    OptimizePlan fromSettings = OptimizePlanner.plan("/t", 3, List.of("p"), List.of(), compaction(), set::get, files);
    assertThat(fromSettings.targetFileSize()).isEqualTo(50);
    assertThat(fromSettings.minFileSize()).isEqualTo(100);
    assertThat(fromSettings.candidateFiles()).isEqualTo(2);
    OptimizePlan fromRequest = OptimizePlanner.plan("/t", 3, List.of("p"), List.of(),
        new OptimizeRequest(T, null, List.of(), 10L, 5000L, false, 0), set::get, files);
    assertThat(fromRequest.targetFileSize()).isEqualTo(10);
    assertThat(fromRequest.minFileSize()).isEqualTo(5000);
    assertThat(fromRequest.bins()).isZero(); // no two files fit in 10 bytes
    OptimizePlan defaults = OptimizePlanner.plan("/t", 3, List.of("p"), List.of(), compaction(), k -> null, files);
    assertThat(defaults.targetFileSize()).isEqualTo(OptimizePlanner.DEFAULT_MAX_FILE_SIZE);
    assertThat(defaults.minFileSize()).isEqualTo(OptimizePlanner.DEFAULT_MIN_FILE_SIZE);
    assertThat(defaults.candidateFiles()).isEqualTo(3);
    // a clustered table: the cube sizes of the settings
    OptimizePlan cubes = OptimizePlanner.plan("/t", 3, List.of(), List.of("a"), compaction(),
        java.util.Map.of(OptimizePlanner.MIN_CUBE_SIZE, "15", OptimizePlanner.TARGET_CUBE_SIZE, "25")::get,
        List.of(clustered(10, null, null), clustered(10, null, null), clustered(10, null, null)));
    assertThat(cubes.bins()).isEqualTo(2); // 25 bytes at most together: [10, 10] [10]
  }

  @Test
  void aSettingDeltaWouldNotReadIsNamed() {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OptimizePlanner.plan("/t", 3, List.of("p"),
        List.of(), compaction(), java.util.Map.of(OptimizePlanner.MAX_FILE_SIZE, "1g")::get, List.of())))
        .hasMessage("the setting spark.databricks.delta.optimize.maxFileSize is '1g': expected a whole number"
            + " of bytes, 1 or more, such as 134217728");
    // 0 would divide by zero in the plan of a clustered table
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OptimizePlanner.plan("/t", 3, List.of(),
        List.of("a"), compaction(), java.util.Map.of(OptimizePlanner.MAX_FILE_SIZE, "0")::get, List.of())))
        .hasMessage("the setting spark.databricks.delta.optimize.maxFileSize is '0': expected a whole number"
            + " of bytes, 1 or more, such as 134217728");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OptimizePlanner.plan("/t", 3, List.of("p"),
        List.of(), compaction(), java.util.Map.of(OptimizePlanner.MIN_FILE_SIZE, "-1")::get, List.of())))
        .hasMessage("the setting spark.databricks.delta.optimize.minFileSize is '-1': expected a whole number of"
            + " bytes, 0 or more, such as 134217728");
    for (String ratio : List.of("five", "1.5", "-0.1", "NaN")) {
      assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OptimizePlanner.plan("/t", 3, List.of("p"),
          List.of(), compaction(), java.util.Map.of(OptimizePlanner.MAX_DELETED_ROWS_RATIO, ratio)::get, List.of())))
          .hasMessage("the setting spark.databricks.delta.optimize.maxDeletedRowsRatio is '" + ratio + "': expected"
              + " a ratio from 0 to 1 such as 0.05");
    }
    // the bounds themselves are accepted
    OptimizePlanner.plan("/t", 3, List.of("p"), List.of(), compaction(), java.util.Map.of(
        OptimizePlanner.MAX_FILE_SIZE, "1", OptimizePlanner.MIN_FILE_SIZE, "0",
        OptimizePlanner.MAX_DELETED_ROWS_RATIO, "1")::get, List.of());
    OptimizePlanner.plan("/t", 3, List.of(), List.of("a"), compaction(), java.util.Map.of(
        OptimizePlanner.MIN_CUBE_SIZE, "0", OptimizePlanner.TARGET_CUBE_SIZE, "0")::get, List.of());
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OptimizePlanner.plan("/t", 3, List.of(),
        List.of("a"), compaction(), java.util.Map.of(OptimizePlanner.TARGET_CUBE_SIZE, "-5")::get, List.of())))
        .hasMessage("the setting " + OptimizePlanner.TARGET_CUBE_SIZE + " is '-5': expected a whole number of bytes,"
            + " 0 or more, such as 134217728");
  }

  @Test
  void theLayoutRefusesWhatDeltaDoesNotDo() {
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OptimizePlanner.checkLayout("/t", List.of("a", "b"),
        new OptimizeRequest(T, null, List.of("a"), null, null, true, 0, false))))
        .hasMessage("cannot Z-order /t: it is clustered by a, b (liquid clustering); change its clustering columns"
            + " with 'cluster-by /t --by COL,...' and run optimize to cluster it");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OptimizePlanner.checkLayout("/t", List.of("a"),
        new OptimizeRequest(T, "p = 1", List.of(), null, null, true, 0, false))))
        .hasMessage("optimize --where is for partitions, and /t is clustered by a (not partitioned); run optimize"
            + " without --where");
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> OptimizePlanner.checkLayout("/t", List.of(),
        new OptimizeRequest(T, null, List.of(), null, null, true, 0, true))))
        .hasMessage("optimize --full reclusters a clustered table, and /t is not clustered; run optimize without"
            + " --full, or cluster it first with 'cluster-by /t --by COL,...'");
    OptimizePlanner.checkLayout("/t", List.of("a"), new OptimizeRequest(T, null, List.of(), null, null, true, 0, true));
    OptimizePlanner.checkLayout("/t", List.of(), new OptimizeRequest(T, "p = 1", List.of("x"), null, null, true, 0,
        false));
  }
}
