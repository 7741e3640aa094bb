package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deltactl.core.engine.RoutingEngine;
import dev.deltactl.core.engine.kernel.KernelEngine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table paths with characters that a URI must escape (or that end a URI's path) stay on Delta Kernel for
 * describe, history and time-travel versions, with the same answers as on a plain path; and the Spark
 * engine creates, describes and queries tables at such paths.
 */
class OddPathsTest {
  /** A space, a backtick, a fragment and a query mark, a percent sign, a plus sign, a non-ASCII letter. */
  static final List<String> ODD = List.of("a b", "a`b", "a#b", "a%b", "a%20b", "a?b", "a+b", "ü");

  @TempDir Path tmp;

  private static JsonNode ok(String... args) {
    TestCli.Run r = TestCli.onKernelOnly(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.err()).as(r.toString()).isEmpty();
    return Json.parse(r.out());
  }

  /** What the three metadata commands answer, without the parts that name the path. */
  private static List<String> answers(Path table) {
    String t = table.toString();
    JsonNode describe = ok("describe", t, "-o", "json");
    assertThat(describe.get("location").asText()).isEqualTo("file:" + t);
    describe = ((com.fasterxml.jackson.databind.node.ObjectNode) describe).without(List.of("location"));
    List<String> out = new ArrayList<>();
    out.add(describe.toString());
    out.add(ok("history", t, "-o", "json").toString());
    JsonNode versions = ok("time-travel", "versions", t, "-o", "json");
    out.add(versions.toString().replace(t, "TABLE"));
    return out;
  }

  @Test
  void describeHistoryAndVersionsStayOnKernelWhateverThePathHolds() {
    // a partitioned table whose partition values need escaping, and one with deletion vectors
    for (String source : List.of("delta-0.8.0-special-partition", "table-with-dv-small")) {
      Path plain = TestCli.copy(TestCli.conformance().resolve(source), tmp.resolve("plain").resolve(source));
      List<String> expected = answers(plain);
      assertThat(expected.get(2)).as(source).doesNotContain("\"readable\":false");
      for (String name : ODD) {
        Path odd = TestCli.copy(TestCli.conformance().resolve(source), tmp.resolve(name).resolve(source));
        assertThat(answers(odd)).as(source + " in '" + name + "'").isEqualTo(expected);
      }
    }
  }

  @Test
  void sparkCreatesDescribesAndQueriesTablesAtOddPaths() {
    for (String name : ODD) {
      String t = tmp.resolve(name).resolve("t").toString();
      TestCli.Run create = TestCli.run("create", t, "--schema", "id BIGINT, p STRING", "--partitioned-by", "p", "-q");
      assertThat(create.exitCode()).as(name + " " + create).isZero();
      String quoted = "delta.`" + t.replace("`", "``") + "`";
      TestCli.Run insert = TestCli.run("sql", "INSERT INTO " + quoted + " VALUES (1, '" + name.replace("'", "''")
          + "'), (2, 'x')", "-q");
      assertThat(insert.exitCode()).as(name + " " + insert).isZero();
      TestCli.Run describe = TestCli.run("--conf", "deltactl.kernel=false", "describe", t, "-o", "json");
      assertThat(describe.exitCode()).as(name + " " + describe).isZero();
      JsonNode d = Json.parse(describe.out());
      assertThat(d.get("location").asText()).as(name).isEqualTo("file:" + t);
      assertThat(d.get("numFiles").asLong()).as(name).isEqualTo(2);
      assertThat(d.get("version").asLong()).as(name).isEqualTo(1);
      TestCli.Run select = TestCli.run("sql", "SELECT id, p FROM " + quoted + " ORDER BY id", "-o", "csv");
      assertThat(select.exitCode()).as(name + " " + select).isZero();
      assertThat(select.out()).as(name).isEqualTo("id,p\r\n1," + name + "\r\n2,x\r\n");
      TestCli.Run count = TestCli.run("time-travel", "show", t, "--count", "-o", "csv");
      assertThat(count.out()).as(name + " " + count).endsWith(",2\r\n");
      // and Kernel reads what Spark wrote there, partition folder names escaped
      assertThat(ok("time-travel", "versions", t, "-o", "json").toString()).doesNotContain("\"readable\":false");
    }
  }
}
