package dev.deltactl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
  @TempDir Path tmp;

  @Test
  void theQuickstartCreatesAPartitionedTableAndShowsItWithoutLogNoise() throws Exception {
    Path demo = tmp.resolve("demo");
    Launcher.Result r = Launcher.finish(Launcher.start(tmp.resolve("home"),
        List.of("bash", Launcher.EXAMPLES.resolve("quickstart.sh").toString()),
        Map.of("DELTACTL_DEMO_DIR", demo.toString())));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).as("nothing but results: no banner, no log lines, no warnings").isEmpty();
    Path table = demo.resolve("sales");
    assertThat(r.out())
        .contains("result             created\n")
        .contains("partitionColumns   region\n")
        .contains("description        quickstart sales\n")
        .contains("numFiles           4\n")
        .contains("version            1\n")
        .contains("order_id | INT    | true     | false     |\n")
        .contains("region   | STRING | true     | true      |\n")
        .containsPattern("\\n +1 \\| [0-9TZ:.-]+ \\| WRITE +\\| mode=Append, partitionBy=\\[\\] +\\| numFiles=1,")
        .containsPattern("\\n +0 \\| [0-9TZ:.-]+ \\| CREATE TABLE AS SELECT \\|.*numOutputRows=20 \\|")
        .endsWith("The table lives in " + table + "\n");
  }
}
