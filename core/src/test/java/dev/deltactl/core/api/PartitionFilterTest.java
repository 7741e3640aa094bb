package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.api.PartitionFilter.And;
import dev.deltactl.core.api.PartitionFilter.Compare;
import dev.deltactl.core.api.PartitionFilter.In;
import dev.deltactl.core.api.PartitionFilter.IsNull;
import dev.deltactl.core.api.PartitionFilter.Literal;
import dev.deltactl.core.api.PartitionFilter.Not;
import dev.deltactl.core.api.PartitionFilter.Or;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionFilterTest {
  private static Literal s(String text) {
    return new Literal(text, true);
  }

  private static Literal n(String text) {
    return new Literal(text, false);
  }

  @Test
  void comparisonsInListsAndNullTestsParseWithAndBindingTighterThanOr() {
    assertThat(PartitionFilter.parse("region = 'eu'")).isEqualTo(new Compare("region", "=", s("eu")));
    assertThat(PartitionFilter.parse("year>=2024 AND `my col` <> 'it''s'")).isEqualTo(new And(
        new Compare("year", ">=", n("2024")), new Not(new Compare("my col", "=", s("it's")))));
    assertThat(PartitionFilter.parse("a = 1 OR b = 2 AND c = 3")).isEqualTo(new Or(new Compare("a", "=", n("1")),
        new And(new Compare("b", "=", n("2")), new Compare("c", "=", n("3")))));
    assertThat(PartitionFilter.parse("(a = 1 or b = 2) and not c in ('x', 'y')")).isEqualTo(new And(
        new Or(new Compare("a", "=", n("1")), new Compare("b", "=", n("2"))),
        new Not(new In("c", List.of(s("x"), s("y"))))));
    assertThat(PartitionFilter.parse("d NOT IN (-1, 2.5e3) AND e IS NOT NULL AND f IS NULL AND g != true"))
        .isEqualTo(new And(new And(new And(new Not(new In("d", List.of(n("-1"), n("2.5e3")))),
            new Not(new IsNull("e"))), new IsNull("f")), new Not(new Compare("g", "=", n("true")))));
    assertThat(PartitionFilter.columns(PartitionFilter.parse("b = 1 AND a = 2 OR b = 3"))).containsExactly("b", "a");
  }

  @Test
  void badPredicatesAreInvalidInputNamingWhatWentWrong() {
    String[][] cases = {
        {"region = 'eu' OR", "invalid --where 'region = 'eu' OR': expected a partition column at the end"},
        {"region = ", "invalid --where 'region = ': expected a value at the end"},
        {"region = 'eu' x", "invalid --where 'region = 'eu' x': unexpected 'x'"},
        {"1=1; DROP TABLE x", "invalid --where '1=1; DROP TABLE x': expected a partition column, found '1'"},
        {"region = eu", "invalid --where 'region = eu': expected a value ('text', a number, true or false), found 'eu'"},
        {"region = NULL", "invalid --where 'region = NULL': expected a value ('text', a number, true or false),"
            + " found 'NULL'; use IS NULL"},
        {"region IN (SELECT 'eu')", "invalid --where 'region IN (SELECT 'eu')': expected a value ('text', a number,"
            + " true or false), found 'SELECT'"},
        {"region LIKE 'e%'", "invalid --where 'region LIKE 'e%'': expected a comparison (=, !=, <, <=, >, >=, IN,"
            + " IS NULL) after region, found 'LIKE'"},
        {"region = 'eu", "invalid --where 'region = 'eu': unclosed quote"},
        {"(region = 'eu'", "invalid --where '(region = 'eu'': expected ')'"},
        {"region IS 'eu'", "invalid --where 'region IS 'eu'': expected NULL after IS"},
        {"  ", "--where must not be empty"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> PartitionFilter.parse(c[0])).as(c[0]).isInstanceOf(DeltactlException.class)
          .hasMessage(c[1]).extracting(e -> ((DeltactlException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
  }

  @Test
  void onlyPartitionColumnsMayBeNamedAndTheirSpellingIsTheTables() {
    PartitionFilter.Node n = PartitionFilter.checkColumns(PartitionFilter.parse("REGION = 'eu' AND Day > '2026-01-01'"),
        List.of("region", "day"), "/data/t");
    assertThat(PartitionFilter.columns(n)).containsExactly("region", "day");
    assertThatThrownBy(() -> PartitionFilter.checkColumns(PartitionFilter.parse("region = 'eu' AND id = 1"),
        List.of("region", "day"), "/data/t"))
        .hasMessage("--where may only name partition columns (region, day); 'id' is not one");
    assertThatThrownBy(() -> PartitionFilter.checkColumns(PartitionFilter.parse("id = 1"), List.of(), "/data/t"))
        .hasMessage("--where filters on partition columns and /data/t has none; drop --where");
  }
}
