package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.PropertiesPlanner;
import dev.deltactl.core.api.PropertiesRequest;
import dev.deltactl.core.api.PropertiesResult;
import dev.deltactl.core.api.TableDetail;
import dev.deltactl.core.api.TableRef;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * properties on every Spark engine (classic or Connect): the table read as describe reads it, the change checked
 * and planned by {@link PropertiesPlanner}, then one {@code ALTER TABLE ... SET TBLPROPERTIES} or
 * {@code UNSET TBLPROPERTIES IF EXISTS} with only the keys that change. Delta upgrades the protocol a property
 * needs (deletion vectors, change data feed, column mapping, ...) in that same commit, as it does for any
 * {@code ALTER TABLE}.
 */
record SparkProperties(SparkSession spark, SparkTables tables) {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkProperties.class);

  PropertiesResult run(PropertiesRequest r) {
    long t0 = System.nanoTime();
    TableRef ref = r.table();
    PropertiesResult plan = PropertiesPlanner.plan(r, state(ref), millis(t0));
    if (plan.status() != PropertiesResult.Status.DRY_RUN || r.dryRun()) {
      return plan; // listed, nothing to change, or a dry run
    }
    String sql = statement(ref, r.action(), plan.changes());
    LOG.info("running: {}", sql);
    spark.sql(sql);
    PropertiesPlanner.TableState after = state(ref);
    return PropertiesPlanner.committed(plan, after.version(), after.properties(), millis(t0));
  }

  private PropertiesPlanner.TableState state(TableRef ref) {
    TableDetail d = tables.describe(ref);
    return PropertiesPlanner.TableState.of(ref.display(), d);
  }

  /** The one statement of a change; every key and value a literal. */
  static String statement(TableRef ref, PropertiesRequest.Action action, List<PropertiesResult.Change> changes) {
    String table = "ALTER TABLE " + Sql.table(ref);
    if (action == PropertiesRequest.Action.SET) {
      return table + " SET TBLPROPERTIES (" + changes.stream()
          .map(c -> Sql.literal(c.key()) + " = " + Sql.literal(c.after()))
          .collect(Collectors.joining(", ")) + ")";
    }
    return table + " UNSET TBLPROPERTIES IF EXISTS (" + changes.stream().map(c -> Sql.literal(c.key()))
        .collect(Collectors.joining(", ")) + ")";
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
