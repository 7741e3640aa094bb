package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FileSelectionTest {
  private static FileEntry file(String path, long size, long modified, Long records, long deleted) {
    return new FileEntry(path, size, Instant.ofEpochMilli(modified), Map.of(), records, deleted, deleted > 0, null);
  }

  private static List<String> paths(List<FileEntry> files) {
    return files.stream().map(FileEntry::path).toList();
  }

  private static final List<FileEntry> FILES = List.of(
      file("c", 30, 3, 300L, 0), file("a", 10, 5, null, 0), file("e", 30, 1, 100L, 4), file("b", 50, 2, 500L, 0),
      file("d", 20, 4, 200L, 1));

  private static List<String> select(FileSort sort, boolean desc, Integer limit) {
    FileSelection s = new FileSelection(sort, desc, limit);
    FILES.forEach(s::add);
    return paths(s.files());
  }

  @Test
  void everySortOrdersByItsKeyThenByPath() {
    assertThat(select(FileSort.PATH, false, null)).containsExactly("a", "b", "c", "d", "e");
    assertThat(select(FileSort.PATH, true, null)).containsExactly("e", "d", "c", "b", "a");
    // c and e are both 30 bytes: by path, in either direction of the size
    assertThat(select(FileSort.SIZE, false, null)).containsExactly("a", "d", "c", "e", "b");
    assertThat(select(FileSort.SIZE, true, null)).containsExactly("b", "c", "e", "d", "a");
    assertThat(select(FileSort.MODIFIED, false, null)).containsExactly("e", "b", "c", "d", "a");
    assertThat(select(FileSort.MODIFIED, true, null)).containsExactly("a", "d", "c", "b", "e");
    // a file without statistics has no record count: first ascending, last descending
    assertThat(select(FileSort.RECORDS, false, null)).containsExactly("a", "e", "d", "c", "b");
    assertThat(select(FileSort.RECORDS, true, null)).containsExactly("b", "c", "d", "e", "a");
  }

  @Test
  void aLimitKeepsTheFirstInOrderAndTheTotalsCountEveryFile() {
    assertThat(select(FileSort.SIZE, true, 2)).containsExactly("b", "c");
    assertThat(select(FileSort.PATH, false, 3)).containsExactly("a", "b", "c");
    assertThat(select(FileSort.RECORDS, false, 1)).containsExactly("a");
    assertThat(select(FileSort.MODIFIED, false, 10)).containsExactly("e", "b", "c", "d", "a");
    FileSelection s = new FileSelection(FileSort.SIZE, false, 1);
    FILES.forEach(s::add);
    assertThat(s.totals()).isEqualTo(new FilesResult.Totals(5, 140, 1100, 5, 1));
    assertThat(s.totals().liveRows()).isNull();
    assertThat(new FilesResult.Totals(2, 10, 100, 4, 0).liveRows()).isEqualTo(96L);
  }

  @Test
  void theTopNOfManyShuffledFilesEqualsTheFirstNOfAFullSortAndHoldsOnlyN() {
    List<FileEntry> many = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      many.add(file(String.format("part-%06d", i), i % 977, i % 13, (long) (i % 101), 0));
    }
    Collections.shuffle(many, new Random(7));
    for (FileSort sort : FileSort.values()) {
      for (boolean desc : List.of(false, true)) {
        FileSelection s = new FileSelection(sort, desc, 25);
        many.forEach(s::add);
        List<FileEntry> sorted = new ArrayList<>(many);
        sorted.sort(FileSelection.order(sort, desc));
        assertThat(paths(s.files())).as(sort + (desc ? " desc" : "")).isEqualTo(paths(sorted.subList(0, 25)));
        assertThat(s.totals().files()).isEqualTo(100_000);
      }
    }
  }

  @Test
  void aRequestRefusesALimitBelowOneAndAnEmptyWhere() {
    TableRef t = TableRef.ofPath("/data/t");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FilesRequest(t, null, null, null, false, 0))
        .hasMessage("--limit must be at least 1, got 0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FilesRequest(t, null, " ", null, false, null))
        .hasMessage("--where must not be empty");
    FilesRequest r = new FilesRequest(t, null, null, null, false, null);
    assertThat(r.sort()).isEqualTo(FileSort.PATH);
    assertThat(r.at().isLatest()).isTrue();
  }
}
