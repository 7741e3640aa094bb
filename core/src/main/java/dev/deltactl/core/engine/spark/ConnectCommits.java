package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.DescribeRequest;
import dev.deltactl.core.api.HistoryRequest;
import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.TableDetail;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@link Commits} over Spark Connect: Delta's own Java API does not reach the server, its write options do,
 * and this client reads the log with Kernel. copy-into makes each file its own commit, an append that carries
 * the file's record as Delta's idempotent-write options ({@code txnAppId}, {@code txnVersion}), which write the
 * same {@code txn} action the classic engine writes. A run stopped midway leaves whole files loaded and
 * recorded, and the next run loads the rest; a file another run recorded meanwhile is skipped by Delta.
 *
 * @param at the table by its location
 * @param writeConf the Parquet settings of a write into the table (its bloom filters)
 * @param notices where to tell the user what a command does differently here
 */
record ConnectCommits(SparkSession spark, KernelEngine kernel, TableRef at,
    Function<TableDetail, Map<String, String>> writeConf, Consumer<String> notices) implements Commits {

  @Override
  public Load startLoad() {
    TableDetail detail = kernel.describe(new DescribeRequest(at));
    Map<String, Long> ids = new LinkedHashMap<>();
    String retention = detail.properties().get(SparkCopyInto.RECORD_RETENTION);
    return new Load(retention == null ? null : dev.deltactl.core.api.TableProperties.interval(detail.properties(),
        SparkCopyInto.RECORD_RETENTION), false) {
      @Override
      Function<String, Long> records(List<String> wanted) {
        ids.putAll(kernel.transactionVersions(at.path(), wanted));
        return ids::get;
      }

      @Override
      StructType schema() {
        return spark.read().format("delta").load(at.path()).schema();
      }

      @Override
      Loaded commitLoad(SparkCopyInto.Loading l) {
        return load(l, detail, ids);
      }
    };
  }

  /** Loads the checked files, one commit each, in order; a file recorded by another run meanwhile is skipped. */
  private Loaded load(SparkCopyInto.Loading l, TableDetail detail, Map<String, Long> ids) {
    CopyIntoRequest r = l.request();
    // each file is read on its own with the schema all of them have together, as the check read them
    StructType readSchema = new StructType();
    for (StructField f : CopyIntoRows.source(spark, r, l.files(), l.tableSchema(),
        r.onError() == CopyIntoRequest.OnError.BAD_RECORDS && r.format().textual()).schema().fields()) {
      if (!f.name().equals("_metadata")) { // Spark's hidden file column, added to the source for --select
        readSchema = readSchema.add(f);
      }
    }
    l.setAside().accept(null); // the files that do not read: the check found them before any commit
    Map<String, String> bloom = writeConf.apply(detail);
    String runId = java.util.UUID.randomUUID().toString();
    long rowsInserted = 0;
    long badRecords = 0;
    long skipped = 0;
    Long version = null;
    List<CopyIntoFiles.SourceFile> loaded = new ArrayList<>();
    for (CopyIntoFiles.SourceFile f : l.files()) {
      String id = CopyIntoFiles.appId(f);
      long mtime = f.status().getModificationTime();
      // a forced reload of an unchanged file keeps its record: Delta skips a write whose txnVersion it has
      boolean record = ids.getOrDefault(id, -1L) < mtime;
      try (CopyIntoRows.Shaped rows = CopyIntoRows.rows(spark, r, List.of(f), l.tableSchema(), readSchema, true)) {
        long bad = rows.badRecords();
        if (bad > 0) {
          // set aside before the rows are committed: a record that does not parse is never lost
          l.setAside().accept(rows.malformed());
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("source", l.folder());
        metrics.put("format", r.format().sourceName());
        metrics.put("file", f.relative());
        metrics.put("numBadRecords", bad);
        metrics.put("bytesRead", f.status().getLen());
        metrics.put("runId", runId);
        String userMetadata = JSON.writeValueAsString(Map.of("copyInto", metrics));
        var writer = rows.rows().write().format("delta").mode("append").option("mergeSchema", r.mergeSchema())
            .option("userMetadata", userMetadata);
        if (record) {
          writer = writer.option("txnAppId", id).option("txnVersion", mtime);
        }
        var w = writer;
        RunConf.with(spark, bloom, () -> {
          w.save(at.path());
          return null;
        });
        HistoryResult.Entry commit = kernel.history(new HistoryRequest(at, 100)).entries().stream()
            .filter(e -> userMetadata.equals(e.userMetadata())).findFirst().orElse(null); // its file and run: unique
        if (commit == null) {
          skipped++; // recorded by another run meanwhile: Delta skipped this write
          continue;
        }
        version = version == null ? commit.version() : Math.max(version, commit.version());
        String n = commit.operationMetrics().get("numOutputRows");
        rowsInserted += n == null ? 0 : Long.parseLong(n);
        badRecords += bad;
        loaded.add(f);
      } catch (DeltactlException e) {
        throw e;
      } catch (Exception e) {
        // the check read this file; it changed or went since: what is loaded stays, each file its own commit
        String outcome = loaded.isEmpty() ? "nothing was loaded" : "loaded before it, each in a commit of its own"
            + " over Spark Connect: " + String.join(", ", loaded.stream().map(CopyIntoFiles.SourceFile::relative)
            .toList());
        DeltactlException d = CopyIntoRows.parseFailure(e, outcome);
        throw loaded.isEmpty() || d.getMessage().contains(outcome) ? d
            : new DeltactlException(d.code(), d.getMessage() + "; " + outcome, e);
      }
    }
    return new Loaded(version, rowsInserted, badRecords, loaded, skipped);
  }

  /**
   * Delta's write options cannot replace single files: a build rewrites, one file each and with
   * {@code dataChange=false}, the partitions (all of an unpartitioned table) that hold a file without
   * filters: an overwrite with {@code replaceWhere} on those partitions, whose scan Delta runs in the write's
   * own transaction (a concurrent change to the files conflicts, exit 4).
   */
  @Override
  public Rewrite startRewrite() {
    TableDetail detail = kernel.describe(new DescribeRequest(at));
    return new Rewrite(detail.version(), detail.properties(), table().schema(), detail.partitionColumns()) {
      private List<KernelEngine.DataFile> listed;

      @Override
      List<KernelEngine.DataFile> files() {
        listed = files(version);
        return listed;
      }

      private List<KernelEngine.DataFile> files(long version) {
        return kernel.dataFiles(at.path(), version).orElseThrow(() -> new DeltactlException(
            ErrorCode.UNSUPPORTED_FEATURE, "cannot list the files of " + at.display() + " from its log here"));
      }

      private List<String> partition(KernelEngine.DataFile f) {
        return SparkConnectEngine.partition(f, partitionColumns);
      }

      @Override
      Map<String, String> physicalNames() {
        return kernel.fileColumnNames(at.path());
      }

      @Override
      List<KernelEngine.DataFile> replaced(List<KernelEngine.DataFile> files, List<KernelEngine.DataFile> lacking) {
        Set<List<String>> partitions = lacking.stream().map(this::partition).collect(Collectors.toSet());
        List<KernelEngine.DataFile> rewrite = files.stream().filter(f -> partitions.contains(partition(f))).toList();
        if (rewrite.size() > lacking.size()) {
          notices.accept("over Spark Connect, build rewrites whole " + (partitionColumns.isEmpty() ? "tables"
              : "partitions") + ": " + rewrite.size() + " files, " + lacking.size() + " of them without a filter");
        }
        return rewrite;
      }

      @Override
      Rewritten commitRewrite(List<KernelEngine.DataFile> replaced, Map<String, String> conf, String what) {
        Set<List<String>> partitions = replaced.stream().map(this::partition)
            .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        long version = rewrite(partitionColumns.isEmpty() ? null : partitions.stream()
            .map(p -> partitionPredicate(schema, partitionColumns, p)).collect(Collectors.joining(" OR ")), conf);
        // files written are in the rewritten partitions: new ones are those the partitions did not have
        Set<String> kept = listed.stream().map(KernelEngine.DataFile::path).collect(Collectors.toSet());
        List<KernelEngine.DataFile> added = files(version).stream()
            .filter(f -> partitions.contains(partition(f)) && !kept.contains(f.path())).toList();
        return new Rewritten(version, added.size(), added.stream().mapToLong(KernelEngine.DataFile::size).sum());
      }
    };
  }

  private Dataset<Row> table() {
    return spark.read().format("delta").load(at.path());
  }

  /** Overwrites the partitions of {@code predicate} (the whole table when null) with their own rows: the version. */
  private long rewrite(String predicate, Map<String, String> conf) {
    Dataset<Row> rows = predicate == null ? table() : table().where(predicate);
    String userMetadata;
    try {
      userMetadata = JSON.writeValueAsString(Map.of("bloomIndexBuild", Map.of("runId",
          java.util.UUID.randomUUID().toString())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    var writer = rows.write().format("delta").mode("overwrite").option("dataChange", "false")
        .option("userMetadata", userMetadata);
    if (predicate != null) {
      writer = writer.option("replaceWhere", predicate);
    }
    var w = writer;
    try {
      RunConf.with(spark, conf, () -> {
        w.save(at.path());
        return null;
      });
    } catch (Exception e) {
      DeltactlException d = SparkErrors.translate(e);
      if (d.code() == ErrorCode.CONCURRENT_MODIFICATION) {
        throw new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent commit changed files this"
            + " build rewrites; nothing was committed, run it again", e);
      }
      throw d;
    }
    // this build's commit, whatever else committed meanwhile
    return kernel.history(new HistoryRequest(at, 100)).entries().stream()
        .filter(e -> userMetadata.equals(e.userMetadata())).mapToLong(HistoryResult.Entry::version).findFirst()
        .orElseThrow(() -> new DeltactlException(ErrorCode.OPERATION_FAILED, "the build of " + at.display()
            + " committed, but its commit is not among the table's last 100"));
  }

  /** One partition as a predicate: its values, as the log holds them, cast to the columns' types. */
  private static String partitionPredicate(StructType schema, List<String> partitionColumns, List<String> values) {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < partitionColumns.size(); i++) {
      String c = partitionColumns.get(i);
      String v = values.get(i);
      terms.add(v == null ? Sql.ident(c) + " IS NULL" : Sql.ident(c) + " = CAST(" + Sql.literal(v) + " AS "
          + schema.apply(schema.fieldIndex(c)).dataType().sql() + ")");
    }
    return "(" + String.join(" AND ", terms) + ")";
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
}
