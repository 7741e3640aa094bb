package dev.deltactl.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Splits a shell line into the words of a command.
 *
 * <p>Words are split and unquoted as a POSIX shell does: blanks separate words; inside '...' every character
 * is itself; inside "..." a backslash escapes only $ ` " \ and a line end; outside quotes a backslash makes
 * the next character itself; a backslash before a line end joins the lines; a word that begins with # starts
 * a comment up to the line end. Nothing else is special: no variables, globs, pipes, and ; does not separate
 * commands.
 *
 * <p>The exception is {@code sql}: after the word {@code sql} and the options before the statement, the rest
 * of the line is the statement exactly as typed (quotes, backticks, backslashes and # included; a backslash
 * at a line end still joins the lines, outside SQL quotes). If the statement is one quoted word, optionally
 * followed by options ({@code sql "SELECT ..." -o csv}), it is unquoted as a POSIX shell would, like the
 * one-shot {@code deltactl sql "SELECT ..."}.
 */
final class ShellWords {
  /** The command whose statement is the rest of the line. */
  static final String SQL = "sql";

  /** A line that goes on: a quote or a comment still open, or a backslash at its end. */
  static final class Incomplete extends Exception {
    /** What is open: ' " ` /* or \ (a backslash at the end). */
    final String open;
    /** Where it was opened, in the text given. */
    final int offset;

    Incomplete(String open, int offset) {
      super(open.equals("\\") ? "the line ends with \\" : "the " + open + " opened here is never closed", null,
          false, false);
      this.open = open;
      this.offset = offset;
    }

    /** jline's name of what is missing, shown in the continuation prompt. */
    String missing() {
      return switch (open) {
        case "'" -> "quote";
        case "\"" -> "dquote";
        case "`" -> "bquote";
        case "/*" -> "comment";
        default -> "newline";
      };
    }

    /** What to do about it, for the user. */
    String advice() {
      return switch (open) {
        case "\\" -> "remove the \\";
        case "/*" -> "close the comment with */";
        default -> "close the quote";
      };
    }
  }

  private record Word(String value, int start, int end) {
    boolean quoted(String text) {
      char c = text.charAt(start);
      return c == '\'' || c == '"';
    }
  }

  private ShellWords() {}

  /** The words of a line, without the command tree: POSIX words, no {@code sql} statement kept as typed. */
  static List<String> posix(String text) throws Incomplete {
    List<String> words = new ArrayList<>();
    for (Word w = next(text, 0); w != null; w = next(text, w.end)) {
      words.add(w.value);
    }
    return words;
  }

  /**
   * The words of a line for the command tree under {@code root}: POSIX words, and the statement of
   * {@code sql} kept as typed.
   */
  static List<String> split(String text, CommandSpec root) throws Incomplete {
    List<String> words = new ArrayList<>();
    CommandSpec spec = root;
    boolean sql = false;
    Word w = next(text, 0);
    while (w != null) {
      if (sql && (w.value.equals("--") || !w.value.startsWith("-") || w.quoted(text))) {
        if (w.value.equals("--")) {
          words.add(w.value);
          w = next(text, w.end);
          if (w == null) {
            break;
          }
        }
        List<String> quoted = w.quoted(text) ? quotedStatement(text, w, spec) : null;
        if (quoted != null) {
          words.addAll(quoted);
        } else {
          words.add(statement(text, w.start));
        }
        return words;
      }
      words.add(w.value);
      if (w.value.startsWith("-") && !w.quoted(text)) {
        if (takesValue(spec, w.value)) {
          w = next(text, w.end);
          if (w == null) {
            break;
          }
          words.add(w.value);
        }
      } else {
        CommandLine sub = spec.subcommands().get(w.value);
        if (sub != null) {
          spec = sub.getCommandSpec();
          sql = spec.name().equals(SQL) && spec.parent() == root;
        }
      }
      w = next(text, w.end);
    }
    return words;
  }

  /** True when the option named takes a value in a word of its own (--name VALUE, not --name=VALUE). */
  private static boolean takesValue(CommandSpec spec, String word) {
    if (word.contains("=")) {
      return false;
    }
    OptionSpec option = spec.findOption(word);
    return option != null && option.arity().max() > 0;
  }

  /**
   * The words of {@code sql "STATEMENT" [OPTIONS]} as a POSIX shell gives them, or null when more than
   * options follow the quoted word (then the statement is the rest of the line, as typed).
   */
  private static List<String> quotedStatement(String text, Word statement, CommandSpec spec) throws Incomplete {
    List<String> words = new ArrayList<>(List.of(statement.value));
    try {
      for (Word w = next(text, statement.end); w != null; w = next(text, w.end)) {
        if (!w.value.startsWith("-") || w.quoted(text)) {
          return null;
        }
        words.add(w.value);
        if (takesValue(spec, w.value)) {
          w = next(text, w.end);
          if (w == null) {
            break;
          }
          words.add(w.value);
        }
      }
    } catch (Incomplete e) {
      return null; // the rest is not shell words: it is SQL, which says whether it is whole
    }
    return words;
  }

  /**
   * The next POSIX word from {@code from}, or null at the end (comments and blanks skipped).
   */
  private static Word next(String text, int from) throws Incomplete {
    int i = from;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < n && text.charAt(i + 1) == '\n') {
        i += 2; // a joined line
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '#') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
      } else {
        break;
      }
    }
    if (i >= n) {
      return null;
    }
    int start = i;
    StringBuilder word = new StringBuilder();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        break;
      } else if (c == '\'') {
        int close = text.indexOf('\'', i + 1);
        if (close < 0) {
          throw new Incomplete("'", i);
        }
        word.append(text, i + 1, close);
        i = close + 1;
      } else if (c == '"') {
        int open = i++;
        while (true) {
          if (i >= n) {
            throw new Incomplete("\"", open);
          }
          char d = text.charAt(i);
          if (d == '"') {
            i++;
            break;
          }
          if (d == '\\' && i + 1 < n && "$`\"\\\n".indexOf(text.charAt(i + 1)) >= 0) {
            if (text.charAt(i + 1) != '\n') {
              word.append(text.charAt(i + 1));
            }
            i += 2;
          } else {
            word.append(d);
            i++;
          }
        }
      } else if (c == '\\') {
        if (i + 1 >= n) {
          throw new Incomplete("\\", i);
        }
        if (text.charAt(i + 1) != '\n') {
          word.append(text.charAt(i + 1));
        }
        i += 2;
      } else {
        word.append(c);
        i++;
      }
    }
    return new Word(word.toString(), start, i);
  }

  /**
   * The statement from {@code from} to the end, as typed, but for a backslash before a line end outside SQL's
   * quotes and comments (it joins the lines) and the blanks at the end. SQL's quotes: '...' and "..." (a
   * backslash escapes the next character, R'...' raw), `...`, -- to the line end, and nested /* ... *&#47;.
   */
  private static String statement(String text, int from) throws Incomplete {
    StringBuilder sql = new StringBuilder();
    int n = text.length();
    int i = from;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        boolean raw = c != '`' && i > from && (text.charAt(i - 1) == 'r' || text.charAt(i - 1) == 'R')
            && (i - 1 == from || !isIdentifierPart(text.charAt(i - 2)));
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw new Incomplete(String.valueOf(c), i);
          }
          char d = text.charAt(j);
          if (d == '\\' && c != '`' && !raw) {
            j += 2;
          } else if (d == c) {
            break;
          } else {
            j++;
          }
        }
        sql.append(text, i, j + 1);
        i = j + 1;
      } else if (c == '-' && text.startsWith("--", i)) {
        int end = text.indexOf('\n', i);
        end = end < 0 ? n : end;
        sql.append(text, i, end);
        i = end;
      } else if (c == '/' && text.startsWith("/*", i)) {
        int depth = 0;
        int j = i;
        do {
          if (j >= n) {
            throw new Incomplete("/*", i);
          }
          if (text.startsWith("/*", j)) {
            depth++;
            j += 2;
          } else if (text.startsWith("*/", j)) {
            depth--;
            j += 2;
          } else {
            j++;
          }
        } while (depth > 0);
        sql.append(text, i, j);
        i = j;
      } else if (c == '\\' && i + 1 < n && text.charAt(i + 1) == '\n') {
        i += 2;
      } else if (c == '\\' && i + 1 >= n) {
        throw new Incomplete("\\", i);
      } else {
        sql.append(c);
        i++;
      }
    }
    return sql.toString().stripTrailing();
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
