package dev.deltactl.core.engine.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deltactl.core.api.HealthChecks;
import dev.deltactl.core.api.HealthFigures;
import dev.deltactl.core.api.HealthPolicy;
import dev.deltactl.core.api.HealthRequest;
import dev.deltactl.core.api.HealthResult;
import dev.deltactl.core.api.LogCleanupPlanner;
import dev.deltactl.core.api.LogFile;
import dev.deltactl.core.api.StatsColumns;
import dev.deltactl.core.api.TableProperties;
import dev.deltactl.core.engine.LogMaintenance;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.engine.FileReadRequest;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.replay.ActionsIterator;
import io.delta.kernel.internal.tablefeatures.TableFeature;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The figures of {@code health} from a snapshot, at a cost proportional to the table: one scan of the current
 * files (from the checkpoint and the commits after it), one listing of {@code _delta_log}, and the commitInfo of
 * the commits since the last OPTIMIZE, read newest first.
 */
final class KernelHealth {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The maintenance properties health shows, with Delta's default when the table does not set them. */
  private static final Map<String, String> MAINTENANCE = maintenanceDefaults();

  private final io.delta.kernel.engine.Engine kernel;

  KernelHealth(io.delta.kernel.engine.Engine kernel) {
    this.kernel = kernel;
  }

  /**
   * The maintenance properties health shows, each with Delta's default from {@link TableProperties} (null when
   * Delta has none: then the session's configuration decides). {@code delta.targetFileSize} is not an OSS Delta
   * key: it is shown only when a table sets it.
   */
  private static Map<String, String> maintenanceDefaults() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String k : List.of("delta.autoOptimize.autoCompact", "delta.autoOptimize.optimizeWrite",
        "delta.checkpointInterval", "delta.checkpointPolicy", "delta.dataSkippingNumIndexedCols",
        "delta.dataSkippingStatsColumns", "delta.deletedFileRetentionDuration", "delta.enableDeletionVectors",
        "delta.enableExpiredLogCleanup", "delta.logRetentionDuration")) {
      m.put(k, TableProperties.deltaDefault(k).orElse(null));
    }
    return m;
  }

  HealthResult health(HealthRequest request, SnapshotImpl s, List<KernelEngine.DataFile> dataFiles, Instant now)
      throws IOException {
    Map<String, String> conf = s.getMetadata().getConfiguration();
    HealthPolicy policy = HealthPolicy.forTable(conf, request.policy());
    long smallSize = policy.count(HealthPolicy.Key.SMALL_FILE_SIZE);

    long[] sizes = new long[dataFiles.size()];
    long records = 0;
    long deleted = 0;
    long withDv = 0;
    long overThreshold = 0;
    long withoutStats = 0;
    for (int i = 0; i < sizes.length; i++) {
      KernelEngine.DataFile f = dataFiles.get(i);
      sizes[i] = f.size();
      if (f.numRecords() == null) {
        withoutStats++;
      } else {
        records += f.numRecords();
        if (f.deletedRows() > 0 && f.deletedRows() > HealthFigures.Rows.REWRITE_RATIO * f.numRecords()) {
          overThreshold++;
        }
      }
      if (f.hasDeletionVector()) {
        withDv++;
        deleted += f.deletedRows();
      }
    }
    HealthFigures.Files files = HealthFigures.Files.of(sizes, smallSize);
    HealthFigures.Rows rows = new HealthFigures.Rows(records, deleted, records == 0 ? 0 : (double) deleted / records,
        withDv, overThreshold, withoutStats);
    HealthFigures.Log log = log(s, conf, now);
    HealthFigures.Tombstones tombstones = tombstones(s, conf, dataFiles, now);
    List<String> leaves = new ArrayList<>();
    leaves(s.getSchema(), "", new java.util.HashSet<>(s.getPartitionColumnNames().stream()
        .map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList()), leaves);
    StatsColumns.Missing missing = StatsColumns.missing(leaves, conf);
    HealthFigures.Columns columns = new HealthFigures.Columns(missing.columns(), missing.advice(),
        StatsColumns.bloomIndexed(conf));
    Set<String> features = new TreeSet<>(s.getProtocol().getReaderAndWriterFeatures());
    for (TableFeature f : s.getProtocol().getImplicitlySupportedFeatures()) {
      features.add(f.featureName());
    }
    Map<String, String> maintenance = new LinkedHashMap<>();
    MAINTENANCE.forEach((k, v) -> maintenance.put(k, conf.getOrDefault(k, v)));
    if (conf.containsKey("delta.targetFileSize")) {
      maintenance.put("delta.targetFileSize", conf.get("delta.targetFileSize"));
    }
    HealthFigures.Protocol protocol = new HealthFigures.Protocol(s.getProtocol().getMinReaderVersion(),
        s.getProtocol().getMinWriterVersion(), List.copyOf(features), maintenance);
    List<HealthFigures.Partition> partitions = request.byPartition()
        ? partitions(s.getPartitionColumnNames(), dataFiles, smallSize) : List.of();
    return new HealthResult(request.table().display(), files, rows, log, tombstones, columns, protocol,
        HealthFigures.histogram(sizes), partitions, policy.values(),
        HealthChecks.evaluate(files, rows, log, tombstones, columns, policy));
  }

  private static List<HealthFigures.Partition> partitions(List<String> columns, List<KernelEngine.DataFile> files,
      long smallSize) {
    if (columns.isEmpty()) {
      return List.of();
    }
    Map<String, List<KernelEngine.DataFile>> byPartition = new TreeMap<>();
    for (KernelEngine.DataFile f : files) {
      StringBuilder name = new StringBuilder();
      for (String c : columns) {
        name.append(name.isEmpty() ? "" : "/").append(c).append('=').append(value(f.partitionValues(), c));
      }
      byPartition.computeIfAbsent(name.toString(), k -> new ArrayList<>()).add(f);
    }
    List<HealthFigures.Partition> out = new ArrayList<>();
    byPartition.forEach((name, list) -> {
      long[] sizes = list.stream().mapToLong(KernelEngine.DataFile::size).toArray();
      HealthFigures.Files p = HealthFigures.Files.of(sizes, smallSize);
      long deleted = list.stream().mapToLong(KernelEngine.DataFile::deletedRows).sum();
      out.add(new HealthFigures.Partition(name, p.numFiles(), p.sizeInBytes(), p.medianFileSize(), p.numSmallFiles(),
          p.smallFileShare(), deleted));
    });
    return out;
  }

  /** A partition value as the file gives it; the physical name may differ in case from the logical one. */
  private static String value(Map<String, String> values, String column) {
    if (values.containsKey(column)) {
      return String.valueOf(values.get(column));
    }
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (e.getKey().equalsIgnoreCase(column)) {
        return String.valueOf(e.getValue());
      }
    }
    return "null";
  }

  /**
   * The log's figures from one listing. What is past the retention is what {@code log-cleanup} would delete: the
   * same parse of the names ({@link LogFile#parse}), the same retention and the same {@link LogCleanupPlanner}.
   */
  private HealthFigures.Log log(SnapshotImpl s, Map<String, String> conf, Instant now) throws IOException {
    long version = s.getVersion();
    Duration retention = LogMaintenance.logRetention(conf);
    int interval = HealthPolicy.checkpointInterval(conf);
    List<FileStatus> commits = new ArrayList<>();
    List<LogFile> parsed = new ArrayList<>();
    long commitBytes = 0;
    long logFiles = 0;
    long logBytes = 0;
    try (CloseableIterator<FileStatus> it = kernel.getFileSystemClient()
        .listFrom(KernelEngine.logFile(s, String.format("%020d", 0)))) {
      while (it.hasNext()) {
        FileStatus f = it.next();
        String name = f.getPath().substring(f.getPath().lastIndexOf('/') + 1);
        logFiles++;
        logBytes += f.getSize();
        Optional<LogFile> file = LogFile.parse(name, f.getSize(), Instant.ofEpochMilli(f.getModificationTime()));
        if (file.isEmpty()) {
          continue;
        }
        parsed.add(file.get());
        if (file.get().kind() == LogFile.Kind.COMMIT) {
          commitBytes += f.getSize();
          if (file.get().version() <= version) {
            commits.add(f);
          }
        }
      }
    }
    // a table that keeps its log (delta.enableExpiredLogCleanup=false) has nothing log-cleanup would delete
    LogCleanupPlanner.Decision cleanup = LogCleanupPlanner.plan(LogMaintenance.cleanupEnabled(conf) ? parsed
        : List.of(), retention, now);
    Long checkpointVersion = s.getLogSegment().getCheckpointVersionOpt().orElse(null);
    String kind = null;
    Instant checkpointTime = null;
    Long age = null;
    if (checkpointVersion != null && !s.getLogSegment().getCheckpoints().isEmpty()) {
      FileStatus c = s.getLogSegment().getCheckpoints().get(0);
      kind = kind(c.getPath().substring(c.getPath().lastIndexOf('/') + 1));
      checkpointTime = Instant.ofEpochMilli(c.getModificationTime());
      age = Math.max(0, Duration.between(checkpointTime, now).toSeconds());
    }
    long sinceCheckpoint = checkpointVersion == null ? version + 1 : version - checkpointVersion;
    commits.sort((a, b) -> a.getPath().compareTo(b.getPath()));
    long[] written = new long[1];
    Long optimized = lastOptimize(commits, written);
    long sinceOptimize = optimized == null ? commits.size() : version - optimized;
    return new HealthFigures.Log(version, checkpointVersion, kind, checkpointTime, age, sinceCheckpoint, interval,
        commits.size(), commitBytes, logFiles, logBytes, retention, cleanup.toDelete().size(), cleanup.totalBytes(),
        optimized, sinceOptimize, written[0]);
  }

  /** The leaf columns of a schema in order, nested fields as {@code a.b}, the top-level partition columns left out. */
  private static void leaves(StructType schema, String prefix, Set<String> partitions, List<String> out) {
    for (io.delta.kernel.types.StructField f : schema.fields()) {
      if (prefix.isEmpty() && partitions.contains(f.getName().toLowerCase(java.util.Locale.ROOT))) {
        continue;
      }
      if (f.getDataType() instanceof StructType st) {
        leaves(st, prefix + f.getName() + ".", partitions, out);
      } else {
        out.add(prefix + f.getName());
      }
    }
  }

  /** The part of a remove action health reads. */
  private static final StructType REMOVE = new StructType().add("remove", new StructType()
      .add("path", StringType.STRING, true)
      .add("deletionTimestamp", LongType.LONG, true)
      .add("size", LongType.LONG, true), true);

  /**
   * The snapshot's tombstones, from the remove actions of its checkpoint and the commits after it (Kernel's own
   * reader of the log segment, newest first: a file's newest remove counts), less the files the current version
   * still has (a deletion vector rewrite removes and adds the same file).
   */
  private HealthFigures.Tombstones tombstones(SnapshotImpl s, Map<String, String> conf,
      List<KernelEngine.DataFile> live, Instant now) throws IOException {
    Duration retention = TableProperties.interval(conf, "delta.deletedFileRetentionDuration");
    long before = now.toEpochMilli() - retention.toMillis();
    Set<String> current = new java.util.HashSet<>();
    for (KernelEngine.DataFile f : live) {
      current.add(f.path());
    }
    io.delta.kernel.internal.fs.Path root = new io.delta.kernel.internal.fs.Path(s.getDataPath().toUri());
    Set<String> seen = new java.util.HashSet<>();
    long removed = 0;
    long removedBytes = 0;
    long reclaimable = 0;
    long reclaimableBytes = 0;
    try (ActionsIterator it = new ActionsIterator(kernel, s.getLogSegment().allLogFilesReversed(), REMOVE,
        Optional.empty())) {
      while (it.hasNext()) {
        ColumnarBatch batch = it.next().getColumnarBatch();
        ColumnVector remove = batch.getColumnVector(batch.getSchema().indexOf("remove"));
        ColumnVector path = remove.getChild(0);
        ColumnVector time = remove.getChild(1);
        ColumnVector size = remove.getChild(2);
        for (int i = 0; i < batch.getSize(); i++) {
          if (remove.isNullAt(i) || path.isNullAt(i)) {
            continue;
          }
          String file = new io.delta.kernel.internal.fs.Path(root,
              new io.delta.kernel.internal.fs.Path(java.net.URI.create(path.getString(i)))).toString();
          if (!seen.add(file) || current.contains(file)) {
            continue;
          }
          long bytes = size.isNullAt(i) ? 0 : size.getLong(i);
          removed++;
          removedBytes += bytes;
          // Delta reads a tombstone without a time as removed at 0
          if ((time.isNullAt(i) ? 0 : time.getLong(i)) < before) {
            reclaimable++;
            reclaimableBytes += bytes;
          }
        }
      }
    }
    return new HealthFigures.Tombstones(retention, removed, removedBytes, reclaimable, reclaimableBytes);
  }

  /** classic, multi-part or v2 for a checkpoint file's name, else null. */
  static String kind(String name) {
    return LogFile.parse(name, 0, Instant.EPOCH).map(f -> switch (f.kind()) {
      case CHECKPOINT -> "classic";
      case CHECKPOINT_PART -> "multi-part";
      case CHECKPOINT_V2 -> "v2";
      default -> null;
    }).orElse(null);
  }

  /**
   * The version of the newest commit whose operation is OPTIMIZE, reading back in batches of 64; null if none.
   *
   * @param written gets the sum of numOutputBytes of the commits after it
   */
  private Long lastOptimize(List<FileStatus> commits, long[] written) throws IOException {
    int batch = 64;
    for (int end = commits.size(); end > 0; end -= batch) {
      List<FileStatus> part = commits.subList(Math.max(0, end - batch), end);
      List<FileReadRequest> requests = new ArrayList<>(part.size());
      for (FileStatus f : part) {
        requests.add(KernelEngine.readWhole(f));
      }
      List<JsonNode> infos = new ArrayList<>(part.size());
      try (CloseableIterator<ByteArrayInputStream> it = kernel.getFileSystemClient()
          .readFiles(io.delta.kernel.internal.util.Utils.toCloseableIterator(requests.iterator()))) {
        while (it.hasNext()) {
          infos.add(commitInfo(new String(it.next().readAllBytes(), StandardCharsets.UTF_8)));
        }
      }
      for (int i = infos.size() - 1; i >= 0; i--) {
        if ("OPTIMIZE".equals(infos.get(i).path("operation").asText(null))) {
          String name = part.get(i).getPath().substring(part.get(i).getPath().lastIndexOf('/') + 1);
          return Long.parseLong(name.substring(0, 20));
        }
        JsonNode bytes = infos.get(i).path("operationMetrics").path("numOutputBytes");
        written[0] += bytes.isMissingNode() || bytes.isNull() ? 0 : bytes.asLong(0);
      }
    }
    return null;
  }

  /** A commit's commitInfo (a missing node when it has none). */
  private static JsonNode commitInfo(String commit) throws IOException {
    for (String line : (Iterable<String>) commit.lines()::iterator) {
      if (line.startsWith("{\"commitInfo\"")) {
        return JSON.readTree(line).path("commitInfo");
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
