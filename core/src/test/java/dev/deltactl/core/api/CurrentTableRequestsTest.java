package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests that only make sense on the current table refuse a time-travel suffix themselves, for every engine. */
class CurrentTableRequestsTest {
  private static void refused(Runnable build, String message) {
    assertThatThrownBy(build::run).isInstanceOfSatisfying(DeltactlException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }

  @Test
  void eachRequestThatWritesMaintainsOrDescribesTheCurrentTableRefusesAVersionOrATimestamp() {
    for (String text : List.of("/data/t@v3", "/data/t@20200101000000000", "db.t@v0")) {
      TableRef past = TableRef.parse(text);
      String tail = " works on the current table; drop the suffix of '" + text + "'";
      refused(() -> new VacuumRequest(past, Duration.ZERO, true, false, null), "vacuum" + tail);
      refused(() -> new OptimizeRequest(past, null, null, null, null, true, 0), "optimize" + tail);
      refused(() -> new OptimizeRequest(past, null, List.of("id"), null, null, true, 0), "zorder" + tail);
      for (BloomIndexRequest.Action a : BloomIndexRequest.Action.values()) {
        refused(() -> new BloomIndexRequest(a, past,
            List.of(new BloomIndexRequest.BloomColumn("id", 0.1, 10)), null, false), "bloom-index" + tail);
      }
      refused(() -> new DescribeRequest(past), "describe" + tail);
      refused(() -> new HistoryRequest(past, 10), "history" + tail);
      refused(() -> new CreateTableRequest(past, "id INT", null, null, null, null, null, null), "create" + tail);
      refused(() -> CopyIntoRequest.into(past).from("/src", SourceFormat.CSV).build(), "copy-into" + tail);
      refused(() -> new CloneRequest(TableRef.parse("/data/s"), null, past, false, false),
          "the clone target '" + text + "' cannot name a version");
    }
  }

  @Test
  void theCurrentTableAndReadsOfAPastVersionAreAccepted() {
    TableRef current = TableRef.parse("/data/t");
    assertThat(new VacuumRequest(current, null, true, false, null).table()).isEqualTo(current);
    assertThat(new OptimizeRequest(current, null, List.of("id"), null, null, true, 0).zOrder()).isTrue();
    assertThat(current.requireCurrent("vacuum")).isSameAs(current);
    // the source of a clone, and a show, read a past version
    TableRef past = TableRef.parse("/data/t@v3");
    assertThat(new CloneRequest(past, null, TableRef.parse("/data/c"), false, false).source().version())
        .isEqualTo(3L);
  }
}
