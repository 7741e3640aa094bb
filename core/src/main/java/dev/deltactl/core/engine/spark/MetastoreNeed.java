package dev.deltactl.core.engine.spark;

import io.delta.sql.parser.DeltaSqlParser;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.PersistedView$;
import org.apache.spark.sql.catalyst.analysis.TableFunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedGenerator;
import org.apache.spark.sql.catalyst.analysis.UnresolvedIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableOrView;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedView;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.apache.spark.sql.execution.command.CreateFunctionCommand;
import org.apache.spark.sql.execution.command.CreateViewCommand;
import org.apache.spark.sql.internal.SQLConf;
import scala.Tuple3;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;

/**
 * Whether a SQL statement needs the metastore: it does when it names a table, view, database or function that
 * is not a path ({@code delta.`/path`}, {@code parquet.`s3a://...`}), a name the statement defines itself (a
 * CTE, the temporary view it creates) or something of the running session (its temporary views and
 * functions, Spark's built-in functions). Spark's own parser says which names a statement references.
 * <p>
 * When in doubt the answer is yes: any part of the parsed plan this class does not know (a command, a leaf,
 * an {@code IDENTIFIER(...)} computed at run time) needs the metastore. A statement that does not parse needs
 * nothing: Spark reports the error when it runs it, with or without the metastore.
 */
final class MetastoreNeed {
  /** What a running session knows besides the metastore. */
  record Session(
      Predicate<List<String>> tempView,
      Predicate<String> function,
      Predicate<String> tableFunction,
      boolean caseSensitive,
      boolean filesInSql) {
    /** A session not started yet: Spark's built-in functions only. */
    static final Session NONE = new Session(
        parts -> false,
        name -> FunctionRegistry$.MODULE$.builtin().functionExists(FunctionIdentifier.apply(name)),
        name -> TableFunctionRegistry$.MODULE$.builtin().functionExists(FunctionIdentifier.apply(name)),
        false,
        true);
  }

  /** Formats Spark and Delta read from a path written as {@code format.`path`}. */
  private static final Set<String> PATH_FORMATS =
      Set.of("delta", "parquet", "orc", "json", "csv", "text", "avro", "binaryfile", "xml");

  /**
   * Commands whose own names are checked (a path, or a temporary view) and that otherwise touch no catalog;
   * every other command needs the metastore.
   */
  private static final Set<String> COMMANDS = Set.of(
      // Spark
      "InsertIntoStatement", "MergeIntoTable", "DeleteFromTable", "UpdateTable",
      "CreateTable", "CreateTableAsSelect", "ReplaceTable", "ReplaceTableAsSelect",
      "DescribeRelation", "DescribeColumn", "DescribeQueryCommand", "ShowTableProperties", "ShowColumns",
      "ShowCreateTable", "AddColumns", "ReplaceColumns", "DropColumns", "RenameColumn", "AlterColumns",
      "SetTableProperties", "UnsetTableProperties", "ExplainCommand", "SetCommand", "ResetCommand",
      "CacheTable", "CacheTableAsSelect", "UncacheTable", "ClearCacheCommand", "RefreshTable",
      // Delta
      "VacuumTableCommand", "OptimizeTableCommand", "DescribeDeltaHistory", "DescribeDeltaDetailCommand",
      "RestoreTableStatement", "ConvertToDeltaCommand", "CloneTableStatement", "DeltaReorgTable",
      "DeltaGenerateCommand", "AlterTableAddConstraint", "AlterTableDropConstraint", "AlterTableDropFeature");

  /** Query operators: they compute over their children and expressions, whose names are checked. */
  private static final Set<String> OPERATORS = Set.of(
      "Project", "Filter", "Aggregate", "Join", "LateralJoin", "Sort", "GlobalLimit", "LocalLimit", "Offset",
      "Tail", "Union", "Intersect", "Except", "Distinct", "Deduplicate", "Window", "WithWindowDefinition",
      "Generate", "SubqueryAlias", "Pivot", "Unpivot", "Sample", "RepartitionByExpression", "Repartition",
      "RebalancePartitions", "UnresolvedHint", "UnresolvedHaving", "UnresolvedSubqueryColumnAliases",
      "UnresolvedTVFAliases", "RelationTimeTravel", "TimeTravel", "Expand", "OneRowRelation", "LocalRelation",
      "UnresolvedInlineTable", "Range",
      // Delta: a table given by a quoted path ('/path' rather than delta.`/path`)
      "UnresolvedPathBasedDeltaTable", "UnresolvedPathBasedTable", "UnresolvedPathBasedDeltaTableRelation");

  /** Delta's table function on a path; {@code table_changes} takes a table name and is not here. */
  private static final String TABLE_CHANGES_BY_PATH = "table_changes_by_path";

  private final Session session;

  private MetastoreNeed(Session session) {
    this.session = session;
  }

  /**
   * Before a session exists: parses with Spark's and Delta's parsers under the user's {@code spark.sql.*}
   * settings.
   *
   * @param settings the settings the session would be opened with
   */
  static boolean needed(String statement, Map<String, String> settings) {
    SQLConf conf = new SQLConf();
    settings.forEach((k, v) -> {
      if (k.startsWith("spark.sql.")) {
        try {
          conf.setConfString(k, v);
        } catch (RuntimeException e) {
          // a bad value is for the session to report
        }
      }
    });
    ParserInterface parser = new DeltaSqlParser(new SparkSqlParser());
    LogicalPlan plan = SQLConf.withExistingConf(conf, new AbstractFunction0<LogicalPlan>() {
      @Override
      public LogicalPlan apply() {
        try {
          return parser.parsePlan(statement);
        } catch (Exception e) {
          return null;
        }
      }
    });
    if (plan == null) {
      // the user's own parser extensions may know this syntax: in doubt
      String extensions = settings.getOrDefault("spark.sql.extensions", "").strip();
      return !extensions.isEmpty() && !extensions.equals("io.delta.sql.DeltaSparkSessionExtension");
    }
    return needed(plan, new Session(Session.NONE.tempView(), Session.NONE.function(),
        Session.NONE.tableFunction(), conf.caseSensitiveAnalysis(), conf.runSQLonFile()));
  }

  /** In a running session without the metastore: its parser, temporary views and functions. */
  static boolean needed(String statement, SparkSession spark) {
    LogicalPlan plan;
    try {
      plan = spark.sessionState().sqlParser().parsePlan(statement);
    } catch (Exception e) {
      return false;
    }
    var catalog = spark.sessionState().catalog();
    return needed(plan, new Session(
        parts -> catalog.isTempView(CollectionConverters.asScala(parts).toSeq()),
        name -> Session.NONE.function().test(name) || temporaryFunction(catalog, name),
        name -> Session.NONE.tableFunction().test(name) || temporaryFunction(catalog, name),
        spark.sessionState().conf().caseSensitiveAnalysis(),
        spark.sessionState().conf().runSQLonFile()));
  }

  /**
   * Whether the session has a temporary function of this name. Its function registry takes qualified names
   * only (Spark 4.2 asserts three parts), so the built-in functions are asked of Spark's built-in registry and
   * the session's own through its catalog; in doubt, not a known function.
   */
  private static boolean temporaryFunction(org.apache.spark.sql.catalyst.catalog.SessionCatalog catalog,
      String name) {
    try {
      return catalog.isTemporaryFunction(FunctionIdentifier.apply(name));
    } catch (RuntimeException | AssertionError e) {
      return false;
    }
  }

  static boolean needed(LogicalPlan plan, Session session) {
    return new MetastoreNeed(session).walk(plan, Set.of(), 0);
  }

  /** Any value found in a plan's fields: plans, expressions, identifiers, and the collections holding them. */
  private boolean walk(Object o, Set<String> ctes, int depth) {
    if (depth > 500) {
      return true; // in doubt
    }
    if (o instanceof LogicalPlan p) {
      return plan(p, ctes, depth);
    }
    if (o instanceof Expression e) {
      return expression(e, ctes, depth);
    }
    if (o instanceof TableIdentifier t) {
      return !notATable(parts(t), Set.of());
    }
    if (o instanceof FunctionIdentifier f) {
      return !knownFunction(f.database().isEmpty() ? List.of(f.funcName()) : List.of(f.database().get(), f.funcName()));
    }
    if (o instanceof scala.Option<?> opt) {
      return opt.isDefined() && walk(opt.get(), ctes, depth + 1);
    }
    if (o instanceof scala.collection.Iterable<?> it) {
      for (Object x : CollectionConverters.asJava(it)) {
        if (walk(x, ctes, depth + 1)) {
          return true;
        }
      }
      return false;
    }
    if (o instanceof scala.Product p) {
      return fields(p, ctes, depth);
    }
    return false;
  }

  private boolean fields(scala.Product p, Set<String> ctes, int depth) {
    scala.collection.Iterator<Object> it = p.productIterator();
    while (it.hasNext()) {
      if (walk(it.next(), ctes, depth + 1)) {
        return true;
      }
    }
    return false;
  }

  private boolean plan(LogicalPlan p, Set<String> ctes, int depth) {
    if (p instanceof UnresolvedWith w) {
      Set<String> scope = new HashSet<>(ctes);
      for (Tuple3<String, SubqueryAlias, scala.Option<Object>> def : CollectionConverters.asJava(w.cteRelations())) {
        Set<String> inDefinition = new HashSet<>(scope);
        if (w.allowRecursion()) {
          inDefinition.add(norm(def._1()));
        }
        if (walk(def._2(), inDefinition, depth + 1)) {
          return true;
        }
        scope.add(norm(def._1()));
      }
      return walk(w.child(), scope, depth + 1);
    }
    if (p instanceof UnresolvedRelation r) {
      return !notATable(list(r.multipartIdentifier()), ctes) || fields(r, ctes, depth);
    }
    if (p instanceof UnresolvedTableOrView r) {
      return !notATable(list(r.multipartIdentifier()), Set.of());
    }
    if (p instanceof UnresolvedTable r) {
      return !notATable(list(r.multipartIdentifier()), Set.of());
    }
    if (p instanceof UnresolvedView r) {
      return !notATable(list(r.multipartIdentifier()), Set.of());
    }
    if (p instanceof UnresolvedIdentifier r) {
      return !isPath(list(r.nameParts()));
    }
    if (p instanceof UnresolvedTableValuedFunction f) {
      List<String> name = list(f.name());
      boolean known = name.size() == 1 && !name.get(0).equalsIgnoreCase("table_changes")
          && (name.get(0).equalsIgnoreCase(TABLE_CHANGES_BY_PATH) || session.tableFunction().test(name.get(0)));
      return !known || fields(f, ctes, depth);
    }
    if (p instanceof CreateViewCommand v) {
      // a temporary view is the session's; a persisted one goes to the metastore
      return v.viewType() == PersistedView$.MODULE$ || walk(v.plan(), ctes, depth + 1);
    }
    if (p instanceof CreateFunctionCommand f) {
      return !f.isTemp();
    }
    String kind = p.getClass().getSimpleName().replace("$", ""); // case objects
    if (!COMMANDS.contains(kind) && !OPERATORS.contains(kind)) {
      return true;
    }
    return fields(p, ctes, depth);
  }

  private boolean expression(Expression e, Set<String> ctes, int depth) {
    if (e instanceof UnresolvedFunction f) {
      return !knownFunction(list(f.nameParts())) || fields(f, ctes, depth);
    }
    if (e instanceof UnresolvedGenerator g) {
      return walk(g.name(), ctes, depth + 1) || fields(g, ctes, depth);
    }
    if (e.getClass().getSimpleName().equals("ExpressionWithUnresolvedIdentifier")) {
      return true; // a name computed when the statement runs
    }
    return fields(e, ctes, depth);
  }

  private boolean knownFunction(List<String> name) {
    return name.size() == 1 && session.function().test(name.get(0));
  }

  /** A path, a CTE in scope, or a temporary view of the session. */
  private boolean notATable(List<String> parts, Set<String> ctes) {
    return isPath(parts)
        || parts.size() == 1 && ctes.contains(norm(parts.get(0)))
        || session.tempView().test(parts);
  }

  /**
   * {@code format.`path`}: a name whose second part holds a character no metastore table name has ({@code /},
   * {@code \}, {@code :}), so that {@code parquet.data} stays a table name.
   */
  private boolean isPath(List<String> parts) {
    if (!session.filesInSql() || parts.size() != 2 || !PATH_FORMATS.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
      return false;
    }
    String p = parts.get(1);
    return p.contains("/") || p.contains("\\") || p.contains(":");
  }

  private String norm(String name) {
    return session.caseSensitive() ? name : name.toLowerCase(Locale.ROOT);
  }

  private static List<String> parts(TableIdentifier t) {
    List<String> out = new java.util.ArrayList<>();
    if (t.catalog().isDefined()) {
      out.add(t.catalog().get());
    }
    if (t.database().isDefined()) {
      out.add(t.database().get());
    }
    out.add(t.table());
    return out;
  }

  private static List<String> list(scala.collection.Seq<String> s) {
    return List.copyOf(CollectionConverters.asJava(s));
  }
}
