package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.cli.command.RootCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/** How the shell splits a line into words: as a POSIX shell does, and the rest of a sql line as typed. */
class ShellWordsTest {
  private static final CommandSpec COMMANDS = Cli.commandLine(new RootCommand(
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
      (config, notices) -> {
        throw new AssertionError("no engine while splitting");
      }, new Redactor())).getCommandSpec();

  private static List<String> split(String line) throws ShellWords.Incomplete {
    return ShellWords.split(line, COMMANDS);
  }

  private static ShellWords.Incomplete incomplete(String line) {
    try {
      throw new AssertionError("whole: " + split(line));
    } catch (ShellWords.Incomplete e) {
      return e;
    }
  }

  @Test
  void theStatementOfSqlIsTheRestOfTheLineAsTyped() throws Exception {
    assertThat(split("sql SELECT 'id' AS lit, count(*) AS c FROM range(3) GROUP BY 1"))
        .containsExactly("sql", "SELECT 'id' AS lit, count(*) AS c FROM range(3) GROUP BY 1");
    assertThat(split("sql DELETE FROM delta.`/t` WHERE name = 'name'"))
        .containsExactly("sql", "DELETE FROM delta.`/t` WHERE name = 'name'");
    // double quotes, doubled and escaped quotes, backslashes, backticks, # and ; are the statement's
    assertThat(split("sql  SELECT \"a  b\", 'it''s', 'it\\'s', `c ``d`, '\\\\' # not a comment;  "))
        .containsExactly("sql", "SELECT \"a  b\", 'it''s', 'it\\'s', `c ``d`, '\\\\' # not a comment;");
    // a string in double quotes that is not the whole statement is SQL's
    assertThat(split("sql \"a\" AS x")).containsExactly("sql", "\"a\" AS x");
    assertThat(split("sql SELECT -1")).containsExactly("sql", "SELECT -1");
  }

  @Test
  void theOptionsBeforeTheStatementAreShellWords() throws Exception {
    assertThat(split("sql -n 5 SELECT 'x'")).containsExactly("sql", "-n", "5", "SELECT 'x'");
    assertThat(split("sql --limit '5' -o json SELECT 'x'"))
        .containsExactly("sql", "--limit", "5", "-o", "json", "SELECT 'x'");
    assertThat(split("sql --limit=5 SELECT 'x'")).containsExactly("sql", "--limit=5", "SELECT 'x'");
    assertThat(split("-o json sql SELECT 'x'")).containsExactly("-o", "json", "sql", "SELECT 'x'");
    assertThat(split("sql -- SELECT 'x'")).containsExactly("sql", "--", "SELECT 'x'");
    assertThat(split("sql --help")).containsExactly("sql", "--help");
    // an unknown option is picocli's to report
    assertThat(split("sql --nope SELECT 'x'")).containsExactly("sql", "--nope", "SELECT 'x'");
  }

  @Test
  void aStatementInOneQuotedWordIsUnquotedAsInTheOneShotCli() throws Exception {
    assertThat(split("sql \"SELECT 'x' FROM delta.`/t`\" -o csv -n 3"))
        .containsExactly("sql", "SELECT 'x' FROM delta.`/t`", "-o", "csv", "-n", "3");
    assertThat(split("sql -n 2 'SELECT \"a\"'")).containsExactly("sql", "-n", "2", "SELECT \"a\"");
    assertThat(split("sql 'SELECT '\\''x'\\'''")).containsExactly("sql", "SELECT 'x'");
    // more than options after it: the statement is as typed (and Spark says what is wrong with it)
    assertThat(split("sql 'a' AS x")).containsExactly("sql", "'a' AS x");
  }

  @Test
  void otherWordsAreUnquotedAsAPosixShellDoes() throws Exception {
    assertThat(split("time-travel show /t --where \"name = 'x'\" --columns 'a b'"))
        .containsExactly("time-travel", "show", "/t", "--where", "name = 'x'", "--columns", "a b");
    // single quotes keep every character; double quotes escape $ ` " \ only; a backslash outside quotes
    assertThat(split("a 'it'\\''s' 'x\\y' \"say \\\"hi\\\" \\$HOME \\x \\\\\" b\\ c d#e '' #a comment 'open"))
        .containsExactly("a", "it's", "x\\y", "say \"hi\" $HOME \\x \\", "b c", "d#e", "");
    assertThat(split("time-travel show /t --where 'name LIKE \"%\\_%\"'"))
        .containsExactly("time-travel", "show", "/t", "--where", "name LIKE \"%\\_%\"");
    assertThat(split("time-travel show /t --where 'name = '\"'it''s'\""))
        .containsExactly("time-travel", "show", "/t", "--where", "name = 'it''s'");
    assertThat(split("set conf k='a b'")).containsExactly("set", "conf", "k=a b");
    assertThat(split("# a comment")).isEmpty();
    assertThat(split("  \t ")).isEmpty();
    assertThat(split("describe /t # sql 'x")).containsExactly("describe", "/t");
  }

  @Test
  void aBackslashAtALineEndJoinsTheLinesAndQuotesSpanLines() throws Exception {
    assertThat(split("describe \\\n/t")).containsExactly("describe", "/t");
    assertThat(split("describe /\\\nt")).containsExactly("describe", "/t");
    assertThat(split("history '/a\nb' -n \"1\\\n0\"")).containsExactly("history", "/a\nb", "-n", "10");
    assertThat(split("sql SELECT 1 \\\nFROM t")).containsExactly("sql", "SELECT 1 FROM t");
    assertThat(split("sql \\\n  SELECT 1")).containsExactly("sql", "SELECT 1");
    assertThat(split("sql SELECT 'a\\\nb',\n  2 -- it's\n")).containsExactly("sql", "SELECT 'a\\\nb',\n  2 -- it's");
    assertThat(split("sql SELECT r'C:\\', R\"\\\" /* it's /* nested */ */ FROM t"))
        .containsExactly("sql", "SELECT r'C:\\', R\"\\\" /* it's /* nested */ */ FROM t");
  }

  @Test
  void anOpenQuoteOrCommentOrATrailingBackslashSaysWhatIsOpenAndWhere() {
    record Case(String line, String open, int offset) {}
    for (Case c : List.of(
        new Case("sql SELECT 'it''s", "'", 15),
        new Case("sql SELECT 'it\\'s", "'", 11),
        new Case("sql SELECT \"x", "\"", 11),
        new Case("sql SELECT `x", "`", 11),
        new Case("sql SELECT 1 /* x /* y */", "/*", 13),
        new Case("sql SELECT 1 \\", "\\", 13),
        new Case("sql 'SELECT 1", "'", 4),
        new Case("sql \"SELECT 1\" -n '2", "'", 18),
        new Case("describe 'x", "'", 9),
        new Case("describe \"x\\\"", "\"", 9),
        new Case("describe x\\", "\\", 10),
        new Case("time-travel show /t --where \"name = 'x'", "\"", 28))) {
      ShellWords.Incomplete e = incomplete(c.line);
      assertThat(List.of(e.open, e.offset)).as(c.line).containsExactly(c.open, c.offset);
    }
    assertThat(incomplete("sql SELECT 'x").getMessage()).isEqualTo("the ' opened here is never closed");
    assertThat(incomplete("sql SELECT 'x").missing()).isEqualTo("quote");
    assertThat(incomplete("describe x\\").getMessage()).isEqualTo("the line ends with \\");
  }
}
