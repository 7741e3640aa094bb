package dev.deltactl.core.engine.spark;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import io.delta.sql.parser.DeltaSqlParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.UnresolvedNamedLambdaVariable;
import org.apache.spark.sql.catalyst.parser.ParserInterface;
import org.apache.spark.sql.execution.SparkSqlParser;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The checks of user-given SQL (a {@code --where} predicate, an {@code --as-select} query) that both Spark
 * engines make, classic and Connect, with the same words. Parsing needs no session: Spark's and Delta's
 * parsers run in this process, also when the work runs on a Spark Connect server.
 */
final class SparkChecks {
  /** Spark's SQL parser with Delta's statements (VACUUM, OPTIMIZE, ...) in front, as a Delta session has it. */
  private static final ParserInterface PARSER = new DeltaSqlParser(new SparkSqlParser());

  private SparkChecks() {}

  /**
   * A {@code --where} parsed as one boolean-valued expression: Spark's syntax error, or "not a predicate" when
   * the text is an expression followed by a word (Spark's expression parser reads {@code 'part = 1 OR'} as
   * {@code part = 1} named {@code OR}). Null for null.
   */
  static Expression predicate(String where) {
    if (where == null) {
      return null;
    }
    Expression e;
    try {
      e = PARSER.parseExpression(where);
    } catch (Exception ex) { // ParseException, thrown undeclared by Scala
      throw new DeltactlException(ErrorCode.INVALID_SQL,
          "invalid --where '" + where + "': " + SparkErrors.firstLine(ex), ex);
    }
    if (e instanceof Alias || e instanceof NamedExpression && !(e instanceof UnresolvedAttribute)) {
      throw DeltactlException.invalid("invalid --where '" + where + "': not a predicate");
    }
    return e;
  }

  /** The columns an expression refers to (the first part of each name, as written), in order of appearance. */
  static List<String> columns(Expression e) {
    Set<String> out = new LinkedHashSet<>();
    collect(e, Set.of(), out);
    return new ArrayList<>(out);
  }

  private static void collect(Expression e, Set<String> lambdaArgs, Set<String> out) {
    if (e instanceof UnresolvedAttribute a) {
      out.add(a.nameParts().head());
      return;
    }
    if (e instanceof UnresolvedNamedLambdaVariable v) {
      // the parser turns every name in a lambda's body into a lambda variable: those not bound are columns
      String name = v.nameParts().head();
      if (lambdaArgs.stream().noneMatch(n -> n.equalsIgnoreCase(name))) {
        out.add(name);
      }
      return;
    }
    Set<String> bound = lambdaArgs;
    if (e instanceof LambdaFunction f) {
      bound = new HashSet<>(lambdaArgs);
      for (Object arg : CollectionConverters.asJava(f.arguments())) {
        if (arg instanceof UnresolvedNamedLambdaVariable v) {
          bound.add(v.nameParts().head());
        }
      }
    }
    for (Expression c : CollectionConverters.asJava(e.children())) {
      collect(c, bound, out);
    }
  }

  /**
   * A {@code --where} of optimize, zorder or bloom-index build: it parses as a predicate, names partition
   * columns only, and resolves against the table's schema (Spark's analyzer, on whichever engine the
   * session is; an empty relation, so no job and no data read).
   */
  static void checkPartitionPredicate(SparkSession spark, StructType schema, List<String> partitionColumns,
      String where) {
    if (where == null) {
      return;
    }
    checkPartitionColumnsOnly(where, schema, partitionColumns);
    try {
      spark.createDataFrame(List.of(), schema).where(where).schema();
    } catch (Exception e) {
      // the classic analyzer ends its line with the position ("line 1 pos 0;"), a Connect server's does not
      throw new DeltactlException(ErrorCode.INVALID_SQL, "invalid --where '" + where + "': "
          + SparkErrors.firstLine(e).replaceFirst("\\s*line \\d+ pos \\d+;?$", ""), e);
    }
  }

  /**
   * The part of {@link #checkPartitionPredicate} that needs no session: the predicate parses and names no
   * column of the table but its partition columns. A name that is no column at all is left to the analyzer,
   * which says so with its suggestions.
   */
  /**
   * The partitions (values as the log holds them, in partition column order) that satisfy {@code where}, a
   * predicate {@link #checkPartitionPredicate} accepted: evaluated on their distinct values, cast to the
   * columns' types, in a local relation, so that no file of the table is read.
   */
  static Set<List<String>> partitionsWhere(SparkSession spark, StructType schema, List<String> partitionColumns,
      java.util.Collection<List<String>> partitionValues, String where) {
    List<List<String>> partitions = partitionValues.stream().distinct().toList();
    List<StructField> fields = new ArrayList<>(List.of(
        org.apache.spark.sql.types.DataTypes.createStructField("deltactl_row", org.apache.spark.sql.types.DataTypes.IntegerType, false)));
    List<String> typed = new ArrayList<>(List.of("deltactl_row"));
    for (int i = 0; i < partitionColumns.size(); i++) {
      String c = partitionColumns.get(i);
      fields.add(org.apache.spark.sql.types.DataTypes.createStructField("deltactl_raw_" + i,
          org.apache.spark.sql.types.DataTypes.StringType, true));
      typed.add("CAST(deltactl_raw_" + i + " AS " + schema.apply(c).dataType().sql() + ") AS " + Sql.ident(c));
    }
    List<org.apache.spark.sql.Row> rows = new ArrayList<>();
    for (int r = 0; r < partitions.size(); r++) {
      List<Object> values = new ArrayList<>(List.of(r));
      values.addAll(partitions.get(r));
      rows.add(org.apache.spark.sql.RowFactory.create(values.toArray()));
    }
    Set<List<String>> matching = new HashSet<>();
    for (org.apache.spark.sql.Row r : spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new)))
        .selectExpr(typed.toArray(String[]::new)).where(where).select("deltactl_row").collectAsList()) {
      matching.add(partitions.get(r.getInt(0)));
    }
    return matching;
  }

  static void checkPartitionColumnsOnly(String where, StructType schema, List<String> partitionColumns) {
    Expression e = predicate(where);
    if (hasSubquery(e)) {
      // it would read another table; Delta's optimize refuses it too, after the session has started
      throw DeltactlException.invalid("invalid --where '" + where + "': a subquery cannot select partitions;"
          + " name the partition values");
    }
    for (String name : columns(e)) {
      if (partitionColumns.stream().anyMatch(p -> p.equalsIgnoreCase(name))) {
        continue;
      }
      for (StructField f : schema.fields()) {
        if (f.name().equalsIgnoreCase(name)) {
          throw DeltactlException.invalid("--where may use partition columns only ("
              + (partitionColumns.isEmpty() ? "the table has none" : String.join(", ", partitionColumns))
              + "); '" + name + "' is a data column");
        }
      }
    }
  }

  private static boolean hasSubquery(Expression e) {
    if (e instanceof org.apache.spark.sql.catalyst.expressions.SubqueryExpression) {
      return true;
    }
    return CollectionConverters.asJava(e.children()).stream().anyMatch(SparkChecks::hasSubquery);
  }

  /**
   * An {@code --as-select} is a query: a command (DROP TABLE, INSERT, VACUUM, SET, ...) is refused before any
   * engine sees it, since Spark runs a command given to {@code sql()} at once. The query itself is read by
   * Spark's {@code query} rule, the one a subquery uses; what fails it but parses as a statement is a command.
   */
  static void checkQuery(String query) {
    try {
      // the query rule takes no statement terminator; a statement does
      PARSER.parseQuery(query.replaceAll("[\\s;]+$", ""));
      return;
    } catch (Exception notAQuery) {
      try {
        PARSER.parsePlan(query);
      } catch (Exception e) {
        throw new DeltactlException(ErrorCode.INVALID_SQL, "invalid --as-select query: " + SparkErrors.firstLine(e),
            e);
      }
      throw new DeltactlException(ErrorCode.INVALID_SQL,
          "--as-select takes a query (SELECT, VALUES, WITH ...), not a command: " + query);
    }
  }
}
