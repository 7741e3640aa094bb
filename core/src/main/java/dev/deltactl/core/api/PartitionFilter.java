package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@code --where} on partition columns, parsed into a tree an engine turns into its own predicate: comparisons
 * of a column with a literal ({@code =, !=, <>, <, <=, >, >=}), {@code [NOT] IN (...)}, {@code IS [NOT] NULL},
 * joined by {@code AND}, {@code OR}, {@code NOT} and parentheses. Columns are plain or {@code `quoted`} names;
 * literals are {@code 'text'} (a quote doubled inside), numbers, {@code true} and {@code false}.
 */
public final class PartitionFilter {
  /** A node of the tree. */
  public sealed interface Node permits Compare, In, IsNull, And, Or, Not {}

  /** {@code column op literal}; op is one of {@code = < <= > >=} ({@code !=} is a {@link Not} of {@code =}). */
  public record Compare(String column, String op, Literal value) implements Node {}

  public record In(String column, List<Literal> values) implements Node {}

  public record IsNull(String column) implements Node {}

  public record And(Node left, Node right) implements Node {}

  public record Or(Node left, Node right) implements Node {}

  public record Not(Node child) implements Node {}

  /** A literal as typed: its text and whether it was quoted (a string) or bare (a number or boolean). */
  public record Literal(String text, boolean quoted) {}

  private final String source;
  private final List<String> tokens;
  private int pos;

  private PartitionFilter(String source, List<String> tokens) {
    this.source = source;
    this.tokens = tokens;
  }

  /** Parses a predicate; invalid input is an {@link DeltactlException#invalid} error naming where it went wrong. */
  public static Node parse(String text) {
    if (text == null || text.isBlank()) {
      throw DeltactlException.invalid("--where must not be empty");
    }
    PartitionFilter p = new PartitionFilter(text, tokenize(text));
    Node n = p.or();
    if (p.pos < p.tokens.size()) {
      throw p.error("unexpected '" + p.shown(p.tokens.get(p.pos)) + "'");
    }
    return n;
  }

  /** The columns a predicate names, in order of appearance. */
  public static Set<String> columns(Node n) {
    Set<String> out = new LinkedHashSet<>();
    collect(n, out);
    return out;
  }

  /**
   * Checks that a predicate names only partition columns (compared as Delta compares names: ignoring case) and
   * gives it with each name spelt as the table spells it.
   */
  public static Node checkColumns(Node n, List<String> partitionColumns, String table) {
    for (String c : columns(n)) {
      if (find(c, partitionColumns) == null) {
        throw DeltactlException.invalid(partitionColumns.isEmpty()
            ? "--where filters on partition columns and " + table + " has none; drop --where"
            : "--where may only name partition columns (" + String.join(", ", partitionColumns) + "); '" + c
                + "' is not one");
      }
    }
    return rename(n, partitionColumns);
  }

  private static String find(String c, List<String> columns) {
    for (String p : columns) {
      if (p.equalsIgnoreCase(c)) {
        return p;
      }
    }
    return null;
  }

  private static Node rename(Node n, List<String> cols) {
    if (n instanceof Compare c) {
      return new Compare(find(c.column(), cols), c.op(), c.value());
    }
    if (n instanceof In i) {
      return new In(find(i.column(), cols), i.values());
    }
    if (n instanceof IsNull i) {
      return new IsNull(find(i.column(), cols));
    }
    if (n instanceof And a) {
      return new And(rename(a.left(), cols), rename(a.right(), cols));
    }
    if (n instanceof Or o) {
      return new Or(rename(o.left(), cols), rename(o.right(), cols));
    }
    return new Not(rename(((Not) n).child(), cols));
  }

  private static void collect(Node n, Set<String> out) {
    if (n instanceof Compare c) {
      out.add(c.column());
    } else if (n instanceof In i) {
      out.add(i.column());
    } else if (n instanceof IsNull i) {
      out.add(i.column());
    } else if (n instanceof And a) {
      collect(a.left(), out);
      collect(a.right(), out);
    } else if (n instanceof Or o) {
      collect(o.left(), out);
      collect(o.right(), out);
    } else {
      collect(((Not) n).child(), out);
    }
  }

  // ---------------------------------------------------------------- grammar

  private Node or() {
    Node n = and();
    while (keyword("OR")) {
      n = new Or(n, and());
    }
    return n;
  }

  private Node and() {
    Node n = unary();
    while (keyword("AND")) {
      n = new And(n, unary());
    }
    return n;
  }

  private Node unary() {
    if (keyword("NOT")) {
      return new Not(unary());
    }
    if (symbol("(")) {
      Node n = or();
      expect(")");
      return n;
    }
    String column = column();
    if (keyword("IS")) {
      boolean not = keyword("NOT");
      if (!keyword("NULL")) {
        throw error("expected NULL after IS" + (not ? " NOT" : ""));
      }
      return not ? new Not(new IsNull(column)) : new IsNull(column);
    }
    boolean not = keyword("NOT");
    if (keyword("IN")) {
      expect("(");
      List<Literal> values = new ArrayList<>();
      do {
        values.add(literal());
      } while (symbol(","));
      expect(")");
      return not ? new Not(new In(column, values)) : new In(column, values);
    }
    if (not) {
      throw error("expected IN after NOT");
    }
    String op = next("a comparison (=, !=, <, <=, >, >=, IN, IS NULL)");
    return switch (op) {
      case "=", "==" -> new Compare(column, "=", literal());
      case "!=", "<>" -> new Not(new Compare(column, "=", literal()));
      case "<", "<=", ">", ">=" -> new Compare(column, op, literal());
      default -> {
        pos--;
        throw error("expected a comparison (=, !=, <, <=, >, >=, IN, IS NULL) after " + column + ", found '"
            + shown(op) + "'");
      }
    };
  }

  private String column() {
    String t = next("a partition column");
    if (t.startsWith("`")) {
      return t.substring(1, t.length() - 1).replace("``", "`");
    }
    if (!t.matches("[A-Za-z_][A-Za-z0-9_]*") || isKeyword(t)) {
      pos--;
      throw error("expected a partition column, found '" + shown(t) + "'");
    }
    return t;
  }

  private Literal literal() {
    String t = next("a value");
    if (t.startsWith("'")) {
      return new Literal(t.substring(1, t.length() - 1).replace("''", "'"), true);
    }
    if (t.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?") || t.equalsIgnoreCase("true")
        || t.equalsIgnoreCase("false")) {
      return new Literal(t, false);
    }
    pos--;
    throw error("expected a value ('text', a number, true or false), found '" + shown(t) + "'"
        + (t.equalsIgnoreCase("null") ? "; use IS NULL" : ""));
  }

  private static boolean isKeyword(String t) {
    return List.of("AND", "OR", "NOT", "IN", "IS", "NULL").contains(t.toUpperCase(Locale.ROOT));
  }

  private boolean keyword(String k) {
    if (pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(k)) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean symbol(String s) {
    if (pos < tokens.size() && tokens.get(pos).equals(s)) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(String s) {
    if (!symbol(s)) {
      throw error("expected '" + s + "'" + (pos < tokens.size() ? ", found '" + shown(tokens.get(pos)) + "'" : ""));
    }
  }

  private String next(String what) {
    if (pos >= tokens.size()) {
      throw error("expected " + what + " at the end");
    }
    return tokens.get(pos++);
  }

  private static String shown(String token) {
    return token.length() > 40 ? token.substring(0, 39) + "…" : token;
  }

  private DeltactlException error(String what) {
    return DeltactlException.invalid("invalid --where '" + source + "': " + what);
  }

  private static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '\'' || c == '`') {
        int j = i + 1;
        while (true) {
          if (j >= s.length()) {
            throw DeltactlException.invalid("invalid --where '" + s + "': unclosed " + (c == '\'' ? "quote" : "backquote"));
          }
          if (s.charAt(j) == c) {
            if (j + 1 < s.length() && s.charAt(j + 1) == c) {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        out.add(s.substring(i, j + 1));
        i = j + 1;
      } else if ("(),".indexOf(c) >= 0) {
        out.add(String.valueOf(c));
        i++;
      } else if ("=<>!".indexOf(c) >= 0) {
        int j = i + 1;
        while (j < s.length() && "=<>".indexOf(s.charAt(j)) >= 0) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      } else {
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "(),'`=<>!".indexOf(s.charAt(j)) < 0) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
