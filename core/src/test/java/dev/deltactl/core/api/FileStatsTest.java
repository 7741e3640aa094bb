package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileStatsTest {
  @Test
  void nestedStatisticsFlattenToDottedLogicalNamesKeepingTheirJsonTypes() {
    String json = "{\"numRecords\":3,\"minValues\":{\"id\":1,\"name\":\"ann\",\"s\":{\"x\":1.5,\"y\":\"a\"},"
        + "\"d\":\"2026-11-01\",\"big\":123.45},\"maxValues\":{\"id\":9,\"name\":\"cid\",\"s\":{\"x\":2.5}},"
        + "\"nullCount\":{\"id\":0,\"name\":1,\"s\":{\"x\":0,\"y\":2}},\"tightBounds\":false}";
    FileStats s = FileStats.parse(json, Map.of());
    assertThat(s.numRecords()).isEqualTo(3L);
    assertThat(s.tightBounds()).isFalse();
    assertThat(s.minValues()).containsExactly(Map.entry("id", 1L), Map.entry("name", "ann"), Map.entry("s.x", 1.5),
        Map.entry("s.y", "a"), Map.entry("d", "2026-11-01"), Map.entry("big", 123.45));
    assertThat(s.maxValues()).containsExactly(Map.entry("id", 9L), Map.entry("name", "cid"), Map.entry("s.x", 2.5));
    assertThat(s.nullCount()).containsExactly(Map.entry("id", 0L), Map.entry("name", 1L), Map.entry("s.x", 0L),
        Map.entry("s.y", 2L));
    Map<String, Object> flat = s.flat(List.of("name", "s.y", "id", "nosuch"));
    assertThat(flat).containsExactly(Map.entry("min.name", "ann"), Map.entry("max.name", "cid"),
        Map.entry("nullCount.name", 1L), Map.entry("min.s.y", "a"), Map.entry("nullCount.s.y", 2L),
        Map.entry("min.id", 1L), Map.entry("max.id", 9L), Map.entry("nullCount.id", 0L));
  }

  @Test
  void physicalNamesOfColumnMappingBecomeLogicalOnesAndDottedNamesAreQuoted() {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("col-5f1a", "id");
    names.put("col-77b2.col-0c9d", "s.x");
    String json = "{\"numRecords\":2,\"minValues\":{\"col-5f1a\":4,\"col-77b2\":{\"col-0c9d\":7},\"a.b\":1},"
        + "\"maxValues\":{},\"nullCount\":{\"col-5f1a\":0}}";
    FileStats s = FileStats.parse(json, names);
    assertThat(s.minValues()).containsExactly(Map.entry("id", 4L), Map.entry("s.x", 7L), Map.entry("`a.b`", 1L));
    assertThat(s.nullCount()).containsExactly(Map.entry("id", 0L));
    assertThat(s.tightBounds()).isNull();
  }

  @Test
  void missingOrDamagedStatisticsAreEmptyNotAnError() {
    for (String json : new String[] {null, "", "not json", "[1]", "{\"numRecords\":\"x\"}"}) {
      FileStats s = FileStats.parse(json, Map.of());
      assertThat(s.numRecords()).as(json).isNull();
      assertThat(s.minValues()).as(json).isEmpty();
      assertThat(FileStats.numRecords(json)).as(json).isNull();
    }
    assertThat(FileStats.numRecords("{\"numRecords\":12345678901}")).isEqualTo(12345678901L);
    // the row count wherever it is among the figures, read without the rest
    assertThat(FileStats.numRecords("{\"minValues\":{\"numRecords\":1,\"a\":[1,{\"b\":2}]},\"tightBounds\":true,"
        + "\"numRecords\":7,\"maxValues\":{}}")).isEqualTo(7L);
    assertThat(FileStats.numRecords("{\"minValues\":{\"numRecords\":1}}")).isNull();
    assertThat(FileStats.numRecords("{\"numRecords\":7.0}")).isEqualTo(7L);
    assertThat(FileStats.numRecords("{\"numRecords\":null}")).isNull();
    assertThat(FileStats.numRecords("{\"numRecords\":123456789012345678901234567890}")).isNull();
    assertThat(FileStats.numRecords("{\"numRecords\":{\"x\":1}}")).isNull();
    assertThat(FileStats.numRecords("{\"numRecords\":5, broken")).isNull();
    assertThat(FileStats.numRecords("{\"numRecords\":5,\"minValues\":{\"a\":1}")).isNull();
    assertThat(FileStats.parse("{\"minValues\":{\"d\":12345678901234567890123.5}}", Map.of()).minValues().get("d"))
        .isIn(new BigDecimal("12345678901234567890123.5"), 1.2345678901234568E22);
  }
}
