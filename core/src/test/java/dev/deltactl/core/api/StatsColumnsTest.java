package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.api.HealthCheck.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsColumnsTest {
  /** c1 .. c34, then s.x and s.y. */
  private static List<String> leaves() {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= 34; i++) {
      out.add("c" + i);
    }
    out.addAll(List.of("s.x", "s.y"));
    return out;
  }

  @Test
  void beyondTheFirst32LeafColumnsAZOrderOrBloomColumnGetsNoStatistics() {
    Map<String, String> p = Map.of("deltactl.zorder.by", "c2, C33", "deltactl.bloomFilter.s.y", "fpp=0.1",
        "deltactl.bloomFilter.c1", "fpp=0.1");
    StatsColumns.Missing m = StatsColumns.missing(leaves(), p);
    assertThat(m.columns()).containsExactly("c33", "s.y");
    assertThat(m.advice()).isEqualTo("set delta.dataSkippingStatsColumns to include c33, s.y, or raise"
        + " delta.dataSkippingNumIndexedCols to 36");
    assertThat(StatsColumns.bloomIndexed(p)).containsExactly("c1", "s.y");
  }

  @Test
  void numIndexedColsDecidesWhenNoStatsColumnsAreListed() {
    Map<String, String> zorder = Map.of("deltactl.zorder.by", "c3");
    assertThat(StatsColumns.missing(leaves(), zorder).columns()).isEmpty();
    assertThat(StatsColumns.missing(leaves(), Map.of("deltactl.zorder.by", "c3",
        "delta.dataSkippingNumIndexedCols", "2")).columns()).containsExactly("c3");
    assertThat(StatsColumns.missing(leaves(), Map.of("deltactl.zorder.by", "c3",
        "delta.dataSkippingNumIndexedCols", "0")).columns()).containsExactly("c3");
    assertThat(StatsColumns.missing(leaves(), Map.of("deltactl.zorder.by", "s.y",
        "delta.dataSkippingNumIndexedCols", "-1")).columns()).isEmpty();
  }

  @Test
  void listedStatsColumnsDecideAndAStructCoversItsFields() {
    Map<String, String> p = Map.of("deltactl.zorder.by", "c1,c40,s.y", "deltactl.bloomFilter.c34", "fpp=0.1",
        "delta.dataSkippingStatsColumns", "c34, `s`");
    // c40 is not a column of the table: nothing to collect; c1 is among the first 32 but not listed
    StatsColumns.Missing m = StatsColumns.missing(leaves(), p);
    assertThat(m.columns()).containsExactly("c1");
    assertThat(m.advice()).isEqualTo("add c1 to delta.dataSkippingStatsColumns");
    assertThat(StatsColumns.missing(leaves(), Map.of("deltactl.zorder.by", "s.x",
        "delta.dataSkippingStatsColumns", "s.y")).columns()).containsExactly("s.x");
    assertThat(StatsColumns.missing(leaves(), Map.of()).columns()).isEmpty();
  }

  @Test
  void theStatisticsCheckIsDueNamingTheColumnsAndTheProperty() {
    HealthFigures.Rows rows = new HealthFigures.Rows(10, 0, 0, 0, 0, 0);
    StatsColumns.Missing m = StatsColumns.missing(leaves(), Map.of("deltactl.zorder.by", "c33"));
    HealthCheck c = HealthChecks.statistics(rows, new HealthFigures.Columns(m.columns(), m.advice(), List.of()),
        HealthPolicy.defaults());
    assertThat(c).isEqualTo(new HealthCheck("statistics", Verdict.DUE, 0L, ">= 1 files", "0 data files have no"
        + " statistics; column c33 is named by deltactl.zorder.by or deltactl.bloomFilter.* but gets no statistics:"
        + " set delta.dataSkippingStatsColumns to include c33, or raise delta.dataSkippingNumIndexedCols to 33, then"
        + " optimize rewrites the files with them"));
    HealthFigures.Rows without = new HealthFigures.Rows(10, 0, 0, 0, 0, 2);
    assertThat(HealthChecks.statistics(without, new HealthFigures.Columns(List.of("a", "b"), "add a, b to"
        + " delta.dataSkippingStatsColumns", List.of()), HealthPolicy.defaults()).reason()).isEqualTo("2 data files"
        + " have no statistics; columns a, b are named by deltactl.zorder.by or deltactl.bloomFilter.* but get no"
        + " statistics: data skipping cannot prune them; optimize rewrites them with statistics; add a, b to"
        + " delta.dataSkippingStatsColumns, then optimize rewrites the files with them");
    assertThat(HealthChecks.statistics(rows, HealthFigures.Columns.NONE, HealthPolicy.defaults()).verdict())
        .isEqualTo(Verdict.OK);
  }
}
