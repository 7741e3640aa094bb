package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.TableRef;
import java.util.List;
import java.util.stream.Collectors;

/** The one place that turns user values into SQL text: every identifier quoted, every literal escaped. */
final class Sql {
  private Sql() {}

  static String ident(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  static String idents(List<String> names) {
    return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
  }

  /** A string literal; Spark processes backslash escapes in literals, so both quote and backslash are escaped. */
  static String literal(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** The table as a SQL identifier: {@code delta.`/path`} or {@code `db`.`name`}. */
  static String table(TableRef ref) {
    if (ref.isPath()) {
      return "delta." + ident(ref.path());
    }
    return ref.nameParts().stream().map(Sql::ident).collect(Collectors.joining("."));
  }
}
