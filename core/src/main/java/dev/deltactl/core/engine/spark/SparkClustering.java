package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.ClusterByRequest;
import dev.deltactl.core.api.ClusterByResult;
import dev.deltactl.core.api.TableDetail;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.error.DeltactlException;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * cluster-by on every Spark engine (classic or Connect): the table read as describe reads it, the new columns
 * checked ({@link ClusterColumns}), then one {@code ALTER TABLE ... CLUSTER BY (...)} or {@code CLUSTER BY NONE}
 * when they change. Delta adds the clustering feature to the protocol of a table that was not clustered.
 */
record SparkClustering(SparkSession spark, SparkTables tables) {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkClustering.class);

  ClusterByResult run(ClusterByRequest r) {
    long t0 = System.nanoTime();
    TableRef ref = r.table();
    TableDetail before = tables.describe(ref);
    String table = ref.display();
    List<String> after = List.of();
    if (!r.none()) {
      if (!before.partitionColumns().isEmpty()) {
        throw DeltactlException.invalid("cannot cluster " + table + ": it is partitioned by "
            + String.join(", ", before.partitionColumns()) + ", and Delta Lake clusters only tables without"
            + " partitions; create a new table with create --cluster-by");
      }
      StructType schema = spark.sql("SELECT * FROM " + Sql.table(ref.current())).schema();
      after = ClusterColumns.check(table, r.columns(), schema, before.properties());
    }
    List<String> now = before.clusteringColumns();
    if (now.equals(after)) {
      return new ClusterByResult(table, ClusterByResult.Status.UNCHANGED, now, after, before.version(),
          before.version(), millis(t0));
    }
    if (r.dryRun()) {
      return new ClusterByResult(table, ClusterByResult.Status.DRY_RUN, now, after, before.version(),
          before.version(), millis(t0));
    }
    String sql = "ALTER TABLE " + Sql.table(ref) + " CLUSTER BY " + (after.isEmpty() ? "NONE"
        : "(" + after.stream().map(c -> List.of(c.split("\\.", -1)).stream().map(Sql::ident)
            .collect(Collectors.joining("."))).collect(Collectors.joining(", ")) + ")");
    LOG.info("running: {}", sql);
    spark.sql(sql);
    TableDetail changed = tables.describe(ref);
    return new ClusterByResult(table, ClusterByResult.Status.CHANGED, now, changed.clusteringColumns(),
        before.version(), changed.version(), millis(t0));
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }
}
