package dev.deltactl.core.engine.kernel;

import dev.deltactl.core.api.VersionsRequest;
import dev.deltactl.core.api.ColumnInfo;
import dev.deltactl.core.api.DescribeRequest;
import dev.deltactl.core.api.Engine;
import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.api.HistoryRequest;
import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.Secrets;
import dev.deltactl.core.api.TableDetail;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VersionSpec;
import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.engine.CannotAnswer;
import dev.deltactl.core.engine.ObjectStores;
import dev.deltactl.core.engine.Readability;
import dev.deltactl.core.engine.VersionResolver;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.FileReadRequest;
import io.delta.kernel.internal.util.VectorUtils;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.actions.Metadata;
import io.delta.kernel.internal.actions.Protocol;
import io.delta.kernel.internal.checksum.CRCInfo;
import io.delta.kernel.internal.tablefeatures.TableFeature;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the questions the transaction log alone can answer (describe, history, the versions and which
 * version a timestamp means, files, health, a count from statistics, optimize's dry run, bloom-index show,
 * checkpoints and log cleanup) with Delta Kernel, without Spark: in well under a second and a fraction of
 * the memory. Its answers equal the Spark engine's field by field; tables it cannot read the way Spark
 * would (names that need the metastore, catalog-managed commits, features Kernel does not know) make it
 * decline with {@link CannotAnswer}, so that {@link dev.deltactl.core.engine.Routing#ask} asks Spark instead.
 */
public final class KernelEngine implements Engine {
  private static final Logger LOG = LoggerFactory.getLogger(KernelEngine.class);
  private static final Pattern DELTA_FILE = Pattern.compile("(\\d{20})\\.json");
  private static final Pattern CHECKPOINT_FILE = Pattern.compile("(\\d{20})\\.checkpoint.*\\.parquet");
  /** Writer features whose commits may live outside {@code _delta_log} until a catalog publishes them. */
  private static final Set<String> CATALOG_COMMITS = Set.of("catalogManaged", "catalogOwned-preview",
      "coordinatedCommits-preview");
  private static final MapType STRING_MAP = new MapType(StringType.STRING, StringType.STRING, true);
  /** Every commitInfo field {@code DESCRIBE HISTORY} shows, plus the in-commit timestamp. */
  private static final StructType COMMIT_INFO = new StructType()
      .add("inCommitTimestamp", LongType.LONG)
      .add("userId", StringType.STRING)
      .add("userName", StringType.STRING)
      .add("operation", StringType.STRING)
      .add("operationParameters", STRING_MAP)
      .add("readVersion", LongType.LONG)
      .add("isolationLevel", StringType.STRING)
      .add("isBlindAppend", BooleanType.BOOLEAN)
      .add("operationMetrics", STRING_MAP)
      .add("userMetadata", StringType.STRING)
      .add("engineInfo", StringType.STRING);
  private static final StructType PATH_ONLY = new StructType().add("path", StringType.STRING);
  private static final StructType COMMIT_READ = new StructType().add("commitInfo", COMMIT_INFO);
  private static final StructType REPLAY_READ = new StructType()
      .add("commitInfo", COMMIT_INFO).add("add", PATH_ONLY).add("remove", PATH_ONLY)
      .add("metaData", new StructType().add("schemaString", StringType.STRING));

  private final Configuration hadoopConf;
  private final io.delta.kernel.engine.Engine kernel;
  /** The user's settings (profile and --conf), as a Spark session opened here would be given them. */
  private final Map<String, String> settings;

  /** How the errors of a log Kernel cannot read begin (the routing engine then asks Spark). */

  public KernelEngine(EngineConfig config) {
    this.settings = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(config.conf()));
    this.hadoopConf = hadoopConf(config.conf());
    this.kernel = DefaultEngine.create(hadoopConf);
    if (LOG.isInfoEnabled()) {
      StringBuilder settings = new StringBuilder();
      config.conf().forEach((k, v) -> {
        if (k.startsWith("spark.hadoop.") || (!k.startsWith("spark.") && !k.startsWith("deltactl."))) {
          settings.append(settings.isEmpty() ? "" : ", ").append(k.replaceFirst("^spark\\.hadoop\\.", ""))
              .append('=').append(Secrets.display(k, v));
        }
      });
      LOG.info("reading the log with Delta Kernel, without Spark; Hadoop settings: {}",
          settings.isEmpty() ? "none" : settings);
    }
  }

  /** The Hadoop configuration of this process's engines: see {@link ObjectStores#hadoopConf}. */
  public static Configuration hadoopConf(Map<String, String> conf) {
    return ObjectStores.hadoopConf(conf);
  }

  @Override
  public String name() {
    return "kernel";
  }

  // ---------------------------------------------------------------- opening a table

  /** The latest snapshot of a table given by path, or the error Spark would give for it. */
  private SnapshotImpl snapshot(TableRef ref, String command) {
    if (!ref.isPath()) {
      throw new CannotAnswer(command, ref.display(), "a metastore table (Kernel reads paths)", null);
    }
    String path = ref.path();
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(hadoopConf);
      if (!fs.exists(p)) {
        throw ObjectStores.pathNotFound(fs, p, path);
      }
      SnapshotImpl snapshot;
      long t0 = System.nanoTime();
      try {
        snapshot = (SnapshotImpl) TableManager.loadSnapshot(path).build(kernel);
        LOG.debug("snapshot of {} at version {} in {} ms", path, snapshot.getVersion(), (System.nanoTime() - t0) / 1_000_000);
      } catch (TableNotFoundException e) {
        throw DeltactlException.notADeltaTable(path, fs.exists(new Path(p, "_delta_log")));
      } catch (io.delta.kernel.exceptions.InvalidTableException e) {
        throw gap(p, e);
      } catch (RuntimeException e) {
        // Kernel replays the commits after the checkpoint to find the protocol and metadata: a damaged one
        // fails here, named by the same check as below
        DeltactlException damaged = damagedLog(p);
        throw damaged != null ? damaged : e;
      }
      Set<String> features = snapshot.getProtocol().getReaderAndWriterFeatures();
      for (String f : features) {
        if (CATALOG_COMMITS.contains(f)) {
          throw new CannotAnswer(command, path, "the table has the " + f + " feature", null);
        }
      }
      checkCommits(snapshot);
      return snapshot;
    } catch (DeltactlException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      throw cannotRead(command, path, e);
    }
  }

  private static final Pattern NOT_CONTIGUOUS = Pattern.compile("not contiguous: \\(\\[([0-9, ]+)\\]\\)");
  private static final Pattern MISSING_VERSION = Pattern.compile("Missing delta files?:? (?:for )?versions? (\\d+)");

  /** A commit missing from the sequence (Kernel refuses such a log) as the error that names its file. */
  private DeltactlException gap(Path table, io.delta.kernel.exceptions.InvalidTableException e) throws IOException {
    String message = String.valueOf(e.getMessage());
    Matcher m = MISSING_VERSION.matcher(message);
    long missing = -1;
    if (m.find()) {
      missing = Long.parseLong(m.group(1));
    } else {
      Matcher list = NOT_CONTIGUOUS.matcher(message);
      if (list.find()) {
        long previous = -1;
        for (String v : list.group(1).split(",\\s*")) {
          long n = Long.parseLong(v.strip());
          if (previous >= 0 && n != previous + 1) {
            missing = previous + 1;
            break;
          }
          previous = n;
        }
      }
    }
    if (missing < 0) {
      throw e;
    }
    Path log = new Path(table, "_delta_log");
    long next = -1;
    try (CloseableIterator<FileStatus> it = kernel.getFileSystemClient()
        .listFrom(new Path(log, String.format("%020d", missing)).toString())) {
      while (it.hasNext() && next < 0) {
        Long v = version(it.next(), DELTA_FILE);
        next = v != null && v > missing ? v : -1;
      }
    }
    return CommitCheck.missing(CommitCheck.display(new Path(log, String.format("%020d.json", missing)).toString()),
        missing - 1, next);
  }

  /**
   * Checks the commit files the snapshot is built from (those after its checkpoint, the ones any reader of
   * the current version replays): each must be whole. Kernel alone would not notice a damaged last commit
   * when the checksum file of that version gives the protocol, metadata and file counts.
   */
  private void checkCommits(SnapshotImpl s) throws IOException {
    List<FileStatus> deltas = s.getLogSegment().getDeltas();
    if (deltas.isEmpty()) {
      return;
    }
    long t0 = System.nanoTime();
    List<FileReadRequest> requests = new ArrayList<>(deltas.size());
    for (FileStatus f : deltas) {
      requests.add(readWhole(f));
    }
    try (CloseableIterator<ByteArrayInputStream> it = kernel.getFileSystemClient()
        .readFiles(io.delta.kernel.internal.util.Utils.toCloseableIterator(requests.iterator()))) {
      for (int i = 0; it.hasNext(); i++) {
        String problem = CommitCheck.problem(it.next().readAllBytes());
        if (problem != null) {
          throw CommitCheck.damaged(CommitCheck.display(deltas.get(i).getPath()), problem);
        }
      }
    }
    for (FileStatus c : s.getLogSegment().getCheckpoints()) {
      // a V2 checkpoint may be JSON: its lines are actions, as in a commit
      DeltactlException d = c.getPath().endsWith(".parquet") ? damagedCheckpoint(c) : null;
      if (d != null) {
        throw d;
      }
    }
    LOG.debug("{} commit files after the checkpoint checked in {} ms", deltas.size(), (System.nanoTime() - t0) / 1_000_000);
  }

  /** A read of a whole file, for Kernel's JSON and Parquet handlers. */
  static FileReadRequest readWhole(FileStatus f) {
    return new FileReadRequest() {
      @Override
      public String getPath() {
        return f.getPath();
      }

      @Override
      public int getStartOffset() {
        return 0;
      }

      @Override
      public int getReadLength() {
        return (int) f.getSize();
      }
    };
  }

  /**
   * The first damaged file among the last checkpoint and the commits after it, found by listing the log, or
   * null: for a log Kernel failed to build a snapshot from.
   */
  private DeltactlException damagedLog(Path table) {
    try (CloseableIterator<FileStatus> it = kernel.getFileSystemClient()
        .listFrom(new Path(new Path(table, "_delta_log"), String.format("%020d", 0)).toString())) {
      List<FileStatus> files = new ArrayList<>();
      it.forEachRemaining(files::add);
      long checkpoint = -1;
      for (FileStatus f : files) {
        Long v = version(f, CHECKPOINT_FILE);
        checkpoint = v != null ? Math.max(checkpoint, v) : checkpoint;
      }
      for (FileStatus f : files) {
        Long c = version(f, CHECKPOINT_FILE);
        if (c != null && c == checkpoint && f.getPath().endsWith(".parquet") && damagedCheckpoint(f) != null) {
          return damagedCheckpoint(f);
        }
        Long v = version(f, DELTA_FILE);
        if (v != null && v > checkpoint) {
          DeltactlException d = damaged(f);
          if (d != null) {
            return d;
          }
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The error for a checkpoint file that is not whole Parquet (its first and last bytes), or null. */
  private DeltactlException damagedCheckpoint(FileStatus c) throws IOException {
    Path p = new Path(c.getPath());
    byte[] head = new byte[4];
    byte[] tail = new byte[4];
    if (c.getSize() >= 12) {
      try (var in = p.getFileSystem(hadoopConf).open(p)) {
        in.readFully(0, head);
        in.readFully(c.getSize() - 4, tail);
      }
    }
    String problem = CommitCheck.checkpointProblem(head, tail, c.getSize());
    return problem == null ? null : CommitCheck.damagedCheckpoint(CommitCheck.display(c.getPath()), problem);
  }

  /** The error for a commit file Kernel could not parse, or null when the file is whole (another failure). */
  private DeltactlException damaged(FileStatus file) {
    try (CloseableIterator<ByteArrayInputStream> it = kernel.getFileSystemClient()
        .readFiles(io.delta.kernel.internal.util.Utils.singletonCloseableIterator(readWhole(file)))) {
      String problem = CommitCheck.problem(it.next().readAllBytes());
      return problem == null ? null : CommitCheck.damaged(CommitCheck.display(file.getPath()), problem);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The table's folder. Kernel gives it in Hadoop's string form ({@code file:/data/a b/t}: not escaped, so not a
   * URI), which only Hadoop's own parser reads back: {@code URI.create} rejects a space or a backtick and cuts
   * the path at a {@code #} or {@code ?}.
   */
  static Path root(SnapshotImpl s) {
    return new Path(s.getPath());
  }

  /** A file of the table's log, in the string form Kernel's file system client reads. */
  static String logFile(SnapshotImpl s, String name) {
    return new Path(new Path(root(s), "_delta_log"), name).toString();
  }

  DeltactlException cannotRead(String command, String path, Throwable e) {
    // no file system for the path (an unknown scheme, a connector missing): Spark would fail the same way
    DeltactlException store = ObjectStores.failure(e, path, () -> hadoopConf);
    if (store != null) {
      return store;
    }
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip().lines().findFirst().orElse("");
    LOG.debug("kernel cannot answer {} for {}", command, path, e);
    return new CannotAnswer(command, path, why, e);
  }

  // ---------------------------------------------------------------- describe

  @Override
  public TableDetail describe(DescribeRequest r) {
    SnapshotImpl s = snapshot(r.table(), "describe");
    try {
      Metadata m = s.getMetadata();
      Protocol p = s.getProtocol();
      long[] filesAndBytes = filesAndBytes(s);
      Set<String> features = features(p);
      List<String> clustering = clusteringColumns(s);
      List<ColumnInfo> columns = new ArrayList<>();
      for (StructField f : s.getSchema().fields()) {
        columns.add(new ColumnInfo(f.getName(), KernelTypes.sql(f.getDataType()), f.isNullable(),
            KernelTypes.comment(f)));
      }
      return new TableDetail(
          "delta",
          m.getId(),
          m.getName().orElse(null),
          m.getDescription().orElse(null),
          s.getPath(),
          m.getCreatedTime().map(Instant::ofEpochMilli).orElse(null),
          Instant.ofEpochMilli(deltaFileStatus(s, s.getVersion()).getModificationTime()),
          s.getPartitionColumnNames(),
          clustering,
          filesAndBytes[0],
          filesAndBytes[1],
          new TreeMap<>(m.getConfiguration()),
          p.getMinReaderVersion(),
          p.getMinWriterVersion(),
          List.copyOf(features),
          s.getVersion(),
          columns);
    } catch (DeltactlException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      throw cannotRead("describe", r.table().path(), e);
    }
  }

  /** Every feature a protocol supports, named: those it lists and those its versions imply, sorted. */
  static Set<String> features(Protocol p) {
    Set<String> features = new TreeSet<>(p.getReaderAndWriterFeatures());
    for (TableFeature f : p.getImplicitlySupportedFeatures()) {
      features.add(f.featureName());
    }
    return features;
  }

  /**
   * The logical names of the snapshot's clustering columns; empty when it is not clustered (clustering is a
   * writer feature its protocol lists: no protocol version implies it).
   */
  static List<String> clusteringColumns(SnapshotImpl s) {
    List<String> clustering = new ArrayList<>();
    if (s.getProtocol().getReaderAndWriterFeatures().contains("clustering")) {
      s.getClusteringColumnInfos().ifPresent(cs -> cs.forEach(
          c -> clustering.add(String.join(".", c.getLogicalColumn().getNames()))));
    }
    return clustering;
  }

  /** The latest snapshot of a path table, for a question of this package: see {@link #snapshot(TableRef, String)}. */
  SnapshotImpl latest(TableRef ref, String question) {
    return snapshot(ref, question);
  }

  /** The number and bytes of the snapshot's files: from its checksum file when there is one. */
  private long[] filesAndBytes(SnapshotImpl s) throws IOException {
    Optional<CRCInfo> crc = s.getCurrentCrcInfo();
    if (crc.isPresent()) {
      return new long[] {crc.get().getNumFiles(), crc.get().getTableSizeBytes()};
    }
    long files = 0;
    long bytes = 0;
    try (CloseableIterator<FilteredColumnarBatch> it = s.getScanBuilder().build().getScanFiles(kernel)) {
      while (it.hasNext()) {
        try (CloseableIterator<Row> rows = it.next().getRows()) {
          while (rows.hasNext()) {
            files++;
            bytes += InternalScanFileUtils.getAddFileStatus(rows.next()).getSize();
          }
        }
      }
    }
    return new long[] {files, bytes};
  }

  /** A data file of a snapshot, as planning needs it: its absolute path, partition, size and rows. */
  public record DataFile(String path, Map<String, String> partitionValues, long size, Long numRecords, long deletedRows,
      boolean hasDeletionVector, String deletionVectorPath, Map<String, String> tags) {}

  /** The ordinal of {@code tags} in a scan file's add struct. */
  private static final int ADD_FILE_TAGS_ORDINAL = io.delta.kernel.internal.actions.AddFile.SCHEMA_WITH_STATS.indexOf("tags");

  private static final com.fasterxml.jackson.databind.ObjectMapper STATS = new com.fasterxml.jackson.databind.ObjectMapper();

  /** The table property that turns Delta's change data feed on. */
  public static final String CHANGE_DATA_FEED = "delta.enableChangeDataFeed";

  /**
   * For each version from {@code from} to {@code to} of a path table, whether {@link #CHANGE_DATA_FEED} is on at
   * it: the snapshot at {@code from}, then the metadata of each later commit file, read here without a Spark job.
   */
  public boolean[] changeFeedOn(String path, long from, long to) {
    boolean[] on = new boolean[(int) (to - from + 1)];
    SnapshotImpl s = (SnapshotImpl) TableManager.loadSnapshot(path).atVersion(from).build(kernel);
    boolean current = feedOn(s.getMetadata().getConfiguration().get(CHANGE_DATA_FEED));
    on[0] = current;
    Path log = new Path(new Path(path), "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(hadoopConf);
      for (long v = from + 1; v <= to; v++) {
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
            fs.open(new Path(log, String.format("%020d.json", v))), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.contains("\"metaData\"")) {
              com.fasterxml.jackson.databind.JsonNode m = STATS.readTree(line).get("metaData");
              if (m != null) {
                com.fasterxml.jackson.databind.JsonNode value = m.path("configuration").get(CHANGE_DATA_FEED);
                current = feedOn(value == null ? null : value.asText());
              }
            }
          }
        }
        on[(int) (v - from)] = current;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return on;
  }

  private static boolean feedOn(String value) {
    return value != null && value.strip().equalsIgnoreCase("true");
  }

  /**
   * The data files of a path table at a version, read from the log in this process (no Spark job), with the
   * record counts of their statistics; empty when Kernel cannot read the table (the caller asks Spark).
   */
  public Optional<List<DataFile>> dataFiles(String path, long version) {
    SnapshotImpl s;
    try {
      s = (SnapshotImpl) TableManager.loadSnapshot(path).atVersion(version).build(kernel);
    } catch (RuntimeException e) {
      LOG.debug("kernel cannot list the files of {} at version {}", path, version, e);
      return Optional.empty();
    }
    return dataFiles(s);
  }

  /** The data files of a snapshot: see {@link #dataFiles(String, long)}. */
  Optional<List<DataFile>> dataFiles(SnapshotImpl s) {
    try {
      for (String f : s.getProtocol().getReaderAndWriterFeatures()) {
        if (CATALOG_COMMITS.contains(f)) {
          return Optional.empty();
        }
      }
      List<DataFile> out = new ArrayList<>();
      try (CloseableIterator<FilteredColumnarBatch> it =
          ((io.delta.kernel.internal.ScanImpl) s.getScanBuilder().build()).getScanFiles(kernel, true)) {
        while (it.hasNext()) {
          try (CloseableIterator<Row> rows = it.next().getRows()) {
            while (rows.hasNext()) {
              Row scanFile = rows.next();
              Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
              Long records = null;
              if (!add.isNullAt(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL)) {
                var n = STATS.readTree(add.getString(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL)).get("numRecords");
                records = n == null || n.isNull() ? null : n.asLong();
              }
              var dv = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
              var status = InternalScanFileUtils.getAddFileStatus(scanFile);
              out.add(new DataFile(status.getPath(), InternalScanFileUtils.getPartitionValues(scanFile),
                  status.getSize(), records,
                  dv == null ? 0 : dv.getCardinality(), dv != null,
                  dv == null || !dv.isOnDisk() ? null : dv.getAbsolutePath(root(s).toString()),
                  add.isNullAt(ADD_FILE_TAGS_ORDINAL) ? Map.of()
                      : io.delta.kernel.internal.util.VectorUtils.toJavaMap(add.getMap(ADD_FILE_TAGS_ORDINAL))));
            }
          }
        }
      }
      return Optional.of(out);
    } catch (IOException | RuntimeException e) {
      LOG.debug("kernel cannot list the files of {} at version {}", s.getPath(), s.getVersion(), e);
      return Optional.empty();
    }
  }

  /**
   * The first file a version of a path table needs (a data file or a deletion vector file) that is not on
   * storage, relative to the table's folder when it is inside it; empty when every file is there, or when
   * Kernel cannot list the version's files. One recursive listing of the folder, which object stores answer
   * page by page, rather than a request per file.
   */
  public Optional<String> missingFile(String path, long version) {
    FileCheck c = checkFiles(path, version);
    if (!c.listed()) {
      LOG.info("cannot check that the files of version {} of {} exist", version, path);
    }
    return Optional.ofNullable(c.missing());
  }

  /**
   * Whether Kernel could list a version's files ({@code listed}) and, if so, the first of them not on storage
   * ({@code missing}, null when every file is there).
   */
  public record FileCheck(boolean listed, String missing) {}

  /** {@link #missingFile}, telling apart a version whose files are all there from one Kernel cannot list. */
  public FileCheck checkFiles(String path, long version) {
    Optional<List<DataFile>> files = dataFiles(path, version);
    return files.isEmpty() ? new FileCheck(false, null) : checkFiles(path, files.get());
  }

  /** Whether these files of a path table (and their deletion vector files) are all on storage: one listing. */
  private FileCheck checkFiles(String path, List<DataFile> files) {
    List<String> paths = new ArrayList<>(files.size());
    for (DataFile f : files) {
      paths.add(f.path());
      if (f.deletionVectorPath() != null) {
        paths.add(f.deletionVectorPath());
      }
    }
    return checkPaths(path, paths);
  }

  /** Whether these files (absolute paths as a snapshot gives them) are all on storage: one listing. */
  private FileCheck checkPaths(String path, List<String> files) {
    try {
      Path root = new Path(path);
      FileSystem fs = root.getFileSystem(hadoopConf);
      String prefix = fs.makeQualified(root).toUri().getPath() + "/";
      Set<String> present = new HashSet<>();
      var it = fs.listFiles(root, true);
      while (it.hasNext()) {
        present.add(fs.makeQualified(it.next().getPath()).toUri().getPath());
      }
      for (String file : files) {
        Path given = new Path(file);
        FileSystem own = given.toUri().getScheme() == null ? fs : given.getFileSystem(hadoopConf);
        if (own != fs) { // a file on another store (a shallow clone's): asked there
          if (!own.exists(given)) {
            return new FileCheck(true, file);
          }
          continue;
        }
        Path p = fs.makeQualified(given);
        String abs = p.toUri().getPath();
        boolean inside = abs.startsWith(prefix);
        if (inside ? !present.contains(abs) : !fs.exists(p)) {
          return new FileCheck(true, inside ? abs.substring(prefix.length()) : file);
        }
      }
      return new FileCheck(true, null);
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot list the files of " + path + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The names of a path table's top-level columns in its data files (their physical names under column
   * mapping), by column name, in schema order.
   */
  public Map<String, String> fileColumnNames(String path) {
    SnapshotImpl s = snapshot(TableRef.ofPath(path), "bloom-index");
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (StructField f : s.getSchema().fields()) {
      out.put(f.getName(), io.delta.kernel.internal.util.ColumnMapping.getPhysicalName(f));
    }
    return out;
  }

  /**
   * The versions the latest snapshot of a path table records for these application transaction ids
   * ({@code txn} actions); ids it has no record of are left out.
   */
  public Map<String, Long> transactionVersions(String path, java.util.Collection<String> appIds) {
    SnapshotImpl s = snapshot(TableRef.ofPath(path), "copy-into");
    Map<String, Long> out = new java.util.HashMap<>();
    for (String id : appIds) {
      s.getLatestTransactionVersion(kernel, id).ifPresent(v -> out.put(id, v));
    }
    return out;
  }

  private org.apache.hadoop.fs.FileStatus deltaFileStatus(SnapshotImpl s, long version) throws IOException {
    Path file = new Path(root(s), "_delta_log/" + String.format("%020d.json", version));
    return file.getFileSystem(hadoopConf).getFileStatus(file);
  }

  // ---------------------------------------------------------------- history

  @Override
  public HistoryResult history(HistoryRequest r) {
    SnapshotImpl s = snapshot(r.table(), "history");
    try {
      List<Commit> commits = commits(s, r.limit(), false);
      List<HistoryResult.Entry> entries = new ArrayList<>(commits.size());
      for (int i = commits.size() - 1; i >= 0; i--) {
        entries.add(commits.get(i).entry());
      }
      return new HistoryResult(r.table().display(), entries);
    } catch (DeltactlException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      throw cannotRead("history", r.table().path(), e);
    }
  }

  /** One commit: its version, the timestamp history shows, its commitInfo and the files it added/removed. */
  private record Commit(long version, long timestamp, Row info, List<String> added, List<String> removed,
      String schema) {
    HistoryResult.Entry entry() {
      if (info == null) {
        return new HistoryResult.Entry(version, Instant.ofEpochMilli(timestamp), null, null, null, new TreeMap<>(),
            null, null, null, new TreeMap<>(), null, null);
      }
      return new HistoryResult.Entry(version, Instant.ofEpochMilli(timestamp), str(info, 1), str(info, 2),
          str(info, 3), map(info, 4), info.isNullAt(5) ? null : info.getLong(5), str(info, 6),
          info.isNullAt(7) ? null : info.getBoolean(7), map(info, 8), str(info, 9), str(info, 10));
    }

    Commit withTimestamp(long t) {
      return new Commit(version, t, info, added, removed, schema);
    }
  }

  private static String str(Row row, int i) {
    return row.isNullAt(i) ? null : row.getString(i);
  }

  private static Map<String, String> map(Row row, int i) {
    Map<String, String> out = new TreeMap<>();
    if (!row.isNullAt(i)) {
      MapValue m = row.getMap(i);
      for (int k = 0; k < m.getSize(); k++) {
        out.put(m.getKeys().getString(k), m.getValues().isNullAt(k) ? null : m.getValues().getString(k));
      }
    }
    return out;
  }

  /**
   * The commits of the snapshot in ascending order, as Delta's history manager reads them: the delta files
   * from the earliest (or the last {@code limit} versions), the file's modification time as the timestamp
   * made strictly increasing, or the in-commit timestamp from the version that enabled it on.
   */
  private List<Commit> commits(SnapshotImpl s, Integer limit, boolean withFiles) throws IOException {
    long end = s.getVersion();
    // the last N versions: the listing starts at the first of them, so that its cost does not grow with the log
    long from = limit == null ? 0 : Math.max(end - limit + 1, 0);
    List<FileStatus> deltas = new ArrayList<>();
    List<FileStatus> read = s.getLogSegment().getDeltas();
    if (!read.isEmpty() && version(read.get(0), DELTA_FILE) <= from) {
      // the commits asked for are those the snapshot read after its checkpoint (or from version 0, when it has
      // none): no second listing
      for (FileStatus f : read) {
        if (version(f, DELTA_FILE) >= from) {
          deltas.add(f);
        }
      }
    } else {
      try (CloseableIterator<FileStatus> it = kernel.getFileSystemClient()
          .listFrom(logFile(s, String.format("%020d", from)))) {
        while (it.hasNext()) {
          FileStatus f = it.next();
          Long v = version(f, DELTA_FILE);
          if (v != null && v <= end) {
            deltas.add(f);
          }
        }
      }
    }
    deltas.sort((a, b) -> Long.compare(version(a, DELTA_FILE), version(b, DELTA_FILE)));
    long t0 = System.nanoTime();
    long start = limit == null ? (deltas.isEmpty() ? end + 1 : version(deltas.get(0), DELTA_FILE)) : from;
    List<FileStatus> range = deltas.stream().filter(f -> version(f, DELTA_FILE) >= start).toList();
    List<Commit> commits = read(range, withFiles);
    LOG.debug("{} commit files read in {} ms", range.size(), (System.nanoTime() - t0) / 1_000_000);

    Map<String, String> conf = s.getMetadata().getConfiguration();
    boolean ict = "true".equalsIgnoreCase(conf.get("delta.enableInCommitTimestamps"));
    long ictFrom = Long.MAX_VALUE;
    if (ict) {
      String enabledAt = conf.get("delta.inCommitTimestampEnablementVersion");
      ictFrom = enabledAt == null ? Long.MIN_VALUE : Long.parseLong(enabledAt);
    }
    List<Commit> out = new ArrayList<>(commits.size());
    for (Commit c : commits) {
      if (c.version() >= ictFrom) {
        if (c.info() == null || c.info().isNullAt(0)) {
          throw new IllegalStateException("commit " + c.version() + " has no in-commit timestamp");
        }
        out.add(c.withTimestamp(c.info().getLong(0)));
      } else if (!out.isEmpty() && out.get(out.size() - 1).version() < ictFrom
          && out.get(out.size() - 1).timestamp() >= c.timestamp()) {
        out.add(c.withTimestamp(out.get(out.size() - 1).timestamp() + 1));
      } else {
        out.add(c);
      }
    }
    return out;
  }

  private static Long version(FileStatus f, Pattern p) {
    String name = f.getPath().substring(f.getPath().lastIndexOf('/') + 1);
    Matcher m = p.matcher(name);
    return m.matches() ? Long.parseLong(m.group(1)) : null;
  }

  /** Reads the commit files, a few at a time; a file deleted meanwhile is skipped, as Spark skips it. */
  private List<Commit> read(List<FileStatus> files, boolean withFiles) throws IOException {
    if (!withFiles) {
      return readCommitInfos(files);
    }
    if (files.size() < 8) {
      List<Commit> out = new ArrayList<>();
      for (FileStatus f : files) {
        readOne(f, withFiles).ifPresent(out::add);
      }
      return out;
    }
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "deltactl-log-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Optional<Commit>>> futures = new ArrayList<>(files.size());
      for (FileStatus f : files) {
        futures.add(pool.submit(() -> readOne(f, withFiles)));
      }
      List<Commit> out = new ArrayList<>(files.size());
      for (Future<Optional<Commit>> f : futures) {
        f.get().ifPresent(out::add);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the log", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The commitInfo of each commit file, fast: the files' bytes are read in a few parallel batches, the
   * first commitInfo line of each is kept, and Kernel parses them all in one call.
   */
  private List<Commit> readCommitInfos(List<FileStatus> files) throws IOException {
    String[] lines = new String[files.size()];
    int chunks = files.size() < 64 ? 1 : 4;
    int per = (files.size() + chunks - 1) / Math.max(chunks, 1);
    List<Runnable> work = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      int from = c * per;
      int to = Math.min(files.size(), from + per);
      work.add(() -> firstCommitInfoLines(files, from, to, lines));
    }
    parallel(work);
    List<String> json = new ArrayList<>(lines.length);
    for (String l : lines) {
      json.add(l == null ? "{}" : l);
    }
    List<Commit> out = new ArrayList<>(files.size());
    if (json.isEmpty()) {
      return out;
    }
    ColumnarBatch batch;
    try {
      batch = kernel.getJsonHandler().parseJson(
          VectorUtils.buildColumnVector(json, StringType.STRING), COMMIT_READ, Optional.empty());
    } catch (RuntimeException e) {
      for (FileStatus f : files) {
        DeltactlException d = damaged(f);
        if (d != null) {
          throw d;
        }
      }
      throw e;
    }
    try (CloseableIterator<Row> rows = batch.getRows()) {
      int i = 0;
      while (rows.hasNext()) {
        Row row = rows.next();
        FileStatus f = files.get(i++);
        out.add(new Commit(version(f, DELTA_FILE), f.getModificationTime(), row.isNullAt(0) ? null : row.getStruct(0),
            List.of(), List.of(), null));
      }
    }
    return out;
  }

  private void firstCommitInfoLines(List<FileStatus> files, int from, int to, String[] lines) {
    List<FileReadRequest> requests = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      requests.add(readWhole(files.get(i)));
    }
    try (CloseableIterator<ByteArrayInputStream> it = kernel.getFileSystemClient()
        .readFiles(io.delta.kernel.internal.util.Utils.toCloseableIterator(requests.iterator()))) {
      for (int i = from; it.hasNext(); i++) {
        byte[] bytes = it.next().readAllBytes();
        String problem = CommitCheck.problem(bytes);
        if (problem != null) {
          // the bytes are read already: a commit whose history entry would be blank or partial is named
          throw CommitCheck.damaged(CommitCheck.display(files.get(i).getPath()), problem);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (String line : (Iterable<String>) text.lines()::iterator) {
          if (line.startsWith("{\"commitInfo\"")) {
            lines[i] = line;
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void parallel(List<Runnable> work) throws IOException {
    if (work.size() == 1) {
      work.get(0).run();
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(work.size(), r -> {
      Thread t = new Thread(r, "deltactl-log-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable r : work) {
        futures.add(pool.submit(r));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the log", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private Optional<Commit> readOne(FileStatus file, boolean withFiles) throws IOException {
    long version = version(file, DELTA_FILE);
    Row info = null;
    List<String> added = withFiles ? new ArrayList<>() : List.of();
    List<String> removed = withFiles ? new ArrayList<>() : List.of();
    String schema = null;
    try (CloseableIterator<ColumnarBatch> batches = kernel.getJsonHandler().readJsonFiles(
        singleton(file), withFiles ? REPLAY_READ : COMMIT_READ, Optional.empty())) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Row row = rows.next();
            if (info == null && !row.isNullAt(0)) {
              info = row.getStruct(0);
            }
            if (withFiles) {
              if (!row.isNullAt(1) && !row.getStruct(1).isNullAt(0)) {
                added.add(row.getStruct(1).getString(0));
              }
              if (!row.isNullAt(2) && !row.getStruct(2).isNullAt(0)) {
                removed.add(row.getStruct(2).getString(0));
              }
              if (!row.isNullAt(3)) {
                schema = row.getStruct(3).isNullAt(0) ? "" : row.getStruct(3).getString(0);
              }
            }
          }
        }
      }
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof FileNotFoundException) {
        return Optional.empty();
      }
      throw e;
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      DeltactlException d = damaged(file);
      throw d != null ? d : e;
    }
    return Optional.of(new Commit(version, file.getModificationTime(), info, added, removed, schema));
  }

  private static CloseableIterator<FileStatus> singleton(FileStatus f) {
    return io.delta.kernel.internal.util.Utils.singletonCloseableIterator(f);
  }

  // ---------------------------------------------------------------- versions

  @Override
  public VersionsResult versions(VersionsRequest request) {
    TableRef table = request.table();
    TableRef ref = table.current();
    SnapshotImpl s = snapshot(ref, "time-travel versions");
    try {
      if (request.limit() != null) {
        try {
          return versions(ref, s, request.limit());
        } catch (RuntimeException e) {
          // the snapshot of the first of the N does not load (a gap in the log before it): the whole log, cut
          LOG.debug("versions from the snapshot of the first of {} failed; reading them all", request.limit(), e);
          return request.limited(versions(ref, s, null));
        }
      }
      return versions(ref, s, null);
    } catch (DeltactlException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      throw cannotRead("time-travel versions", ref.path(), e);
    }
  }

  /**
   * Replays the log once, from version 0 or from the oldest checkpoint when the first commits are gone,
   * keeping the set of live files: a version is readable by {@link Readability}'s rule, when every one of
   * its files is present on storage (each file is looked up once).
   */
  private VersionsResult versions(TableRef ref, SnapshotImpl s, Integer limit) throws IOException {
    List<Commit> commits = commits(s, limit, true);
    if (commits.isEmpty()) {
      throw new IllegalStateException("no commit file in the log");
    }
    long first = commits.get(0).version();
    long replayFrom = first;
    boolean fromCheckpoint = first > 0;
    Set<String> live = new HashSet<>();
    if (fromCheckpoint) {
      // the newest N versions start from the snapshot of the first of them (its checkpoint and the commits
      // after it); all of them, from the oldest complete checkpoint when the first commits are gone
      replayFrom = limit != null ? first : oldestCheckpoint(s, first);
      if (replayFrom >= 0) {
        SnapshotImpl start = (SnapshotImpl) TableManager.loadSnapshot(ref.path()).atVersion(replayFrom).build(kernel);
        try (CloseableIterator<FilteredColumnarBatch> it = start.getScanBuilder().build().getScanFiles(kernel)) {
          while (it.hasNext()) {
            try (CloseableIterator<Row> rows = it.next().getRows()) {
              rows.forEachRemaining(row -> live.add(InternalScanFileUtils.getFilePath(row)));
            }
          }
        }
      }
    }
    Path root = root(s);
    FileSystem fs = root.getFileSystem(hadoopConf);
    // existence from one listing per folder; the live files that are missing kept as the replay goes, so that
    // each file is looked up once and each version costs what its commit adds and removes
    dev.deltactl.core.engine.FolderListings listings = new dev.deltactl.core.engine.FolderListings(fs);
    Set<String> missingLive = new HashSet<>();
    for (String f : live) {
      if (!present(listings, root, f)) {
        missingLive.add(f);
      }
    }
    List<VersionsResult.Entry> out = new ArrayList<>(commits.size());
    boolean noColumns = false;
    for (Commit c : commits) {
      String reason = null;
      if (replayFrom < 0 || c.version() < replayFrom) {
        reason = "the log no longer holds the commits needed to read it";
      } else {
        if (!fromCheckpoint || c.version() > replayFrom) {
          for (String f : c.removed()) {
            live.remove(f);
            missingLive.remove(f);
          }
          for (String f : c.added()) {
            if (live.add(f) && !present(listings, root, f)) {
              missingLive.add(f);
            }
          }
        }
        if (c.schema() != null) {
          noColumns = c.schema().isEmpty() || c.schema().replace(" ", "").contains("\"fields\":[]");
        }
        reason = missingLive.isEmpty() ? null : Readability.FILES_MISSING;
        if (reason == null && noColumns) {
          reason = "the table has no columns at this version";
        }
      }
      out.add(new VersionsResult.Entry(c.version(), Instant.ofEpochMilli(c.timestamp()),
          c.info() == null ? null : str(c.info(), 3), reason == null, reason));
    }
    Collections.reverse(out);
    return new VersionsResult(ref.display(), s.getVersion(), out);
  }

  /**
   * The oldest complete checkpoint (classic, v2 with a parquet or json top-level file, or every part of a
   * multi-part one) at or after the first commit in the log, or -1 when there is none.
   */
  private long oldestCheckpoint(SnapshotImpl s, long first) throws IOException {
    List<dev.deltactl.core.api.LogFile> files = new ArrayList<>();
    try (CloseableIterator<FileStatus> it = kernel.getFileSystemClient()
        .listFrom(logFile(s, String.format("%020d", 0)))) {
      while (it.hasNext()) {
        FileStatus f = it.next();
        dev.deltactl.core.api.LogFile.parse(new Path(f.getPath()).getName(), f.getSize(),
            Instant.ofEpochMilli(f.getModificationTime())).ifPresent(files::add);
      }
    }
    Long oldest = dev.deltactl.core.api.LogCleanupPlanner.completeCheckpoints(files).ceiling(first);
    return oldest == null || oldest > s.getVersion() ? -1 : oldest;
  }

  /** Whether a file of the log (a path as the log writes it: relative and URI-encoded, or absolute) is there. */
  private static boolean present(dev.deltactl.core.engine.FolderListings listings, Path root, String file)
      throws IOException {
    return listings.exists(new Path(root, new Path(URI.create(file))));
  }

  // ---------------------------------------------------------------- version resolution

  /** A commit as time travel sees it. */
  public record CommitRef(long version, Instant timestamp, String operation) {}

  /**
   * Every commit in the log, ascending, with the timestamps history shows: what the Spark engine needs to
   * resolve versions and timestamps, without a Spark job over the whole log.
   */
  public List<CommitRef> timeline(TableRef ref) {
    SnapshotImpl s = snapshot(ref.current(), "time-travel");
    try {
      return commits(s, null, false).stream()
          .map(c -> new CommitRef(c.version(), Instant.ofEpochMilli(c.timestamp()),
              c.info() == null ? null : str(c.info(), 3)))
          .toList();
    } catch (IOException | RuntimeException | LinkageError e) {
      throw cannotRead("time-travel", ref.path(), e);
    }
  }

  /**
   * The version a spec means for a table, with the same rules and errors as the Spark engine: a version
   * must be in the log; a timestamp means the last commit at or before it, within the log's range.
   */
  public long resolve(TableRef ref, VersionSpec spec) {
    List<long[]> commits = timeline(ref).stream()
        .map(c -> new long[] {c.version(), c.timestamp().toEpochMilli()})
        .toList();
    return VersionResolver.resolve(ref.current(), spec, commits);
  }

  // ---------------------------------------------------------------- checkpoint and log cleanup

  /**
   * Writes a classic checkpoint of the latest version with Kernel's own writer (which also rewrites
   * {@code _last_checkpoint}); a table with the {@code v2Checkpoint} feature, or one Kernel refuses to checkpoint,
   * is declined so that Delta on Spark writes it.
   */
  @Override
  public dev.deltactl.core.api.CheckpointResult checkpoint(dev.deltactl.core.api.CheckpointRequest request) {
    long t0 = System.nanoTime();
    SnapshotImpl snapshot = snapshot(request.table(), "checkpoint");
    String path = request.table().path();
    boolean v2Feature = snapshot.getProtocol().getReaderAndWriterFeatures().contains("v2Checkpoint");
    // what Delta writes for such a table: v2 under delta.checkpointPolicy=v2, classic otherwise
    boolean v2 = v2Feature && "v2".equalsIgnoreCase(
        snapshot.getMetadata().getConfiguration().getOrDefault("delta.checkpointPolicy", "classic").strip());
    dev.deltactl.core.engine.LogMaintenance log = logMaintenance(request.table());
    long version = snapshot.getVersion();
    dev.deltactl.core.api.CheckpointPlan plan = log.checkpointPlan(version, v2 ? "v2" : "classic");
    if (plan.upToDate() || request.dryRun()) {
      return new dev.deltactl.core.api.CheckpointResult(plan.upToDate()
          ? dev.deltactl.core.api.CheckpointResult.Status.UP_TO_DATE
          : dev.deltactl.core.api.CheckpointResult.Status.DRY_RUN, plan, null, List.of(), 0, millis(t0));
    }
    if (v2Feature) {
      throw new CannotAnswer("checkpoint", path, "the table has the v2Checkpoint feature (Kernel writes classic"
          + " checkpoints only)", null);
    }
    try {
      snapshot.writeCheckpoint(kernel);
    } catch (io.delta.kernel.exceptions.CheckpointAlreadyExistsException e) {
      // written meanwhile by another writer
      return new dev.deltactl.core.api.CheckpointResult(dev.deltactl.core.api.CheckpointResult.Status.UP_TO_DATE,
          plan, null, List.of(), 0, millis(t0));
    } catch (UnsupportedOperationException | io.delta.kernel.exceptions.KernelException e) {
      throw new CannotAnswer("checkpoint", path, String.valueOf(e.getMessage()), e);
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot write the checkpoint of " + path + ": "
          + e.getMessage(), e);
    }
    dev.deltactl.core.engine.LogMaintenance.Written w = log.written(version);
    correctLastCheckpointSize(snapshot, version, w);
    return new dev.deltactl.core.api.CheckpointResult(dev.deltactl.core.api.CheckpointResult.Status.CHECKPOINTED,
        plan, "kernel", w.files(), w.bytes(), millis(t0));
  }

  /**
   * Kernel 4.4's checkpoint writer puts the number of add actions in {@code _last_checkpoint}'s {@code size},
   * which the protocol defines as the number of actions in the checkpoint (what Delta writes): rewritten, with
   * Kernel's own writer, to the checkpoint's row count (one action a row), read from its Parquet footer. Left
   * alone when another writer has pointed {@code _last_checkpoint} elsewhere meanwhile.
   */
  private void correctLastCheckpointSize(SnapshotImpl snapshot, long version,
      dev.deltactl.core.engine.LogMaintenance.Written written) {
    if (written.files().size() != 1) {
      return;
    }
    io.delta.kernel.internal.checkpoints.Checkpointer last =
        new io.delta.kernel.internal.checkpoints.Checkpointer(snapshot.getLogPath());
    Path file = new Path(new Path(snapshot.getLogPath().toString()), written.files().get(0));
    try {
      var now = last.readLastCheckpointFile(kernel);
      if (now.isEmpty() || now.get().version != version || now.get().parts.isPresent()) {
        return;
      }
      long actions;
      try (org.apache.parquet.hadoop.ParquetFileReader footer = org.apache.parquet.hadoop.ParquetFileReader.open(
          org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, hadoopConf))) {
        actions = footer.getRecordCount();
      }
      if (actions != now.get().size) {
        last.writeLastCheckpointFile(kernel,
            new io.delta.kernel.internal.checkpoints.CheckpointMetaData(version, actions, java.util.Optional.empty()));
      }
    } catch (IOException | RuntimeException e) {
      // the checkpoint is written and valid; only the hint's size is off
      LOG.warn("cannot correct the size in _last_checkpoint of {}: {}", snapshot.getDataPath(), e.toString());
    }
  }

  /** Log cleanup with the version and properties Kernel reads, on this process's Hadoop file system. */
  @Override
  public dev.deltactl.core.api.LogCleanupResult logCleanup(dev.deltactl.core.api.LogCleanupRequest request) {
    SnapshotImpl snapshot = snapshot(request.table(), "log-cleanup");
    return logMaintenance(request.table()).cleanUp(request, snapshot.getVersion(),
        snapshot.getMetadata().getConfiguration());
  }

  private dev.deltactl.core.engine.LogMaintenance logMaintenance(TableRef ref) {
    try {
      Path p = new Path(ref.path());
      FileSystem fs = p.getFileSystem(hadoopConf);
      return new dev.deltactl.core.engine.LogMaintenance(fs, fs.makeQualified(p), ref.display());
    } catch (IOException e) {
      throw cannotRead("log", ref.path(), e);
    }
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  // ---------------------------------------------------------------- health

  @Override
  public dev.deltactl.core.api.HealthResult health(dev.deltactl.core.api.HealthRequest request) {
    SnapshotImpl s = snapshot(request.table(), "health");
    try {
      List<DataFile> files = dataFiles(s.getPath(), s.getVersion())
          .orElseThrow(() -> new CannotAnswer("health", request.table().path(), "it cannot list the table's files",
              null));
      return new KernelHealth(kernel).health(request, s, files, Instant.now());
    } catch (DeltactlException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      throw cannotRead("health", request.table().path(), e);
    }
  }

  /** list, and the plan of a set or unset (Kernel commits nothing): from the snapshot's metadata and protocol. */
  @Override
  public dev.deltactl.core.api.PropertiesResult properties(dev.deltactl.core.api.PropertiesRequest r) {
    long t0 = System.nanoTime();
    if (r.action() != dev.deltactl.core.api.PropertiesRequest.Action.LIST && !r.dryRun()) {
      throw unsupported("properties " + r.action().name().toLowerCase(java.util.Locale.ROOT));
    }
    SnapshotImpl s = snapshot(r.table(), "properties");
    dev.deltactl.core.api.PropertiesPlanner.TableState state;
    try {
      Metadata m = s.getMetadata();
      Protocol p = s.getProtocol();
      Set<String> features = features(p);
      List<String> columns = new ArrayList<>();
      for (StructField f : s.getSchema().fields()) {
        columns.add(f.getName());
      }
      state = new dev.deltactl.core.api.PropertiesPlanner.TableState(r.table().display(), s.getVersion(),
          new TreeMap<>(m.getConfiguration()), columns, s.getPartitionColumnNames(), p.getMinReaderVersion(),
          p.getMinWriterVersion(), features);
    } catch (RuntimeException | LinkageError e) {
      throw cannotRead("properties", r.table().path(), e);
    }
    return dev.deltactl.core.api.PropertiesPlanner.plan(r, state, (System.nanoTime() - t0) / 1_000_000);
  }

  // ---------------------------------------------------------------- feature and purge

  /** The protocol, properties and deletion vectors of a snapshot, as feature list and drop plan them. */
  private dev.deltactl.core.api.FeaturePlanner.TableState featureState(TableRef ref, SnapshotImpl s) {
    Protocol p = s.getProtocol();
    Set<String> explicit = new TreeSet<>(p.getReaderAndWriterFeatures());
    Set<String> features = features(p);
    Set<String> readers = new TreeSet<>(p.getReaderFeatures());
    Long dvFiles = null;
    Long dvRows = null;
    if (features.contains("deletionVectors")) {
      Optional<List<DataFile>> files = dataFiles(s.getPath(), s.getVersion());
      if (files.isPresent()) {
        dvFiles = files.get().stream().filter(DataFile::hasDeletionVector).count();
        dvRows = files.get().stream().mapToLong(DataFile::deletedRows).sum();
      }
    }
    return new dev.deltactl.core.api.FeaturePlanner.TableState(ref.display(), s.getVersion(), p.getMinReaderVersion(),
        p.getMinWriterVersion(), explicit, features, readers, new TreeMap<>(s.getMetadata().getConfiguration()),
        dvFiles, dvRows);
  }

  /** list, and the plan of a drop (Kernel drops nothing): from the snapshot's protocol, properties and files. */
  @Override
  public dev.deltactl.core.api.FeatureResult feature(dev.deltactl.core.api.FeatureRequest r) {
    long t0 = System.nanoTime();
    if (r.action() == dev.deltactl.core.api.FeatureRequest.Action.DROP && !r.dryRun()) {
      throw unsupported("feature drop");
    }
    SnapshotImpl s = snapshot(r.table(), "feature " + r.action().name().toLowerCase(java.util.Locale.ROOT));
    dev.deltactl.core.api.FeaturePlanner.TableState state;
    try {
      state = featureState(r.table(), s);
    } catch (RuntimeException | LinkageError e) {
      throw cannotRead("feature", r.table().path(), e);
    }
    return r.action() == dev.deltactl.core.api.FeatureRequest.Action.LIST
        ? dev.deltactl.core.api.FeaturePlanner.list(state, millis(t0))
        : dev.deltactl.core.api.FeaturePlanner.planDrop(r, state, millis(t0));
  }

  /** The plan of a purge (Kernel rewrites nothing): the files of the latest version that carry a deletion vector. */
  @Override
  public dev.deltactl.core.api.PurgeResult purge(dev.deltactl.core.api.PurgeRequest r) {
    long t0 = System.nanoTime();
    if (!r.dryRun()) {
      throw unsupported("purge");
    }
    SnapshotImpl s = snapshot(r.table(), "purge");
    List<DataFile> files = dataFiles(s.getPath(), s.getVersion())
        .orElseThrow(() -> new CannotAnswer("purge", r.table().path(), "it cannot list the table's files", null));
    String root = root(s).toUri().toString();
    String rootSlash = root.endsWith("/") ? root : root + "/";
    List<dev.deltactl.core.api.PurgeResult.DvFile> dv = new ArrayList<>();
    for (DataFile f : files) {
      if (f.hasDeletionVector()) {
        String path = f.path().startsWith(rootSlash) ? f.path().substring(rootSlash.length()) : f.path();
        dv.add(new dev.deltactl.core.api.PurgeResult.DvFile(path, f.size(), f.numRecords(), f.deletedRows()));
      }
    }
    dv.sort(java.util.Comparator.comparing(dev.deltactl.core.api.PurgeResult.DvFile::path));
    return dev.deltactl.core.api.PurgeResult.plan(r.table().display(), s.getVersion(), dv, true, millis(t0));
  }

  // ---------------------------------------------------------------- files

  /**
   * The data files of a version, streamed from Kernel's scan (batches of the checkpoint and the commits after
   * it), filtered by partition with Kernel's own predicate, and kept by a {@link dev.deltactl.core.api.FileSelection}:
   * with a limit only that many entries are held, whatever the number of files.
   */
  @Override
  public dev.deltactl.core.api.FilesResult files(dev.deltactl.core.api.FilesRequest r) {
    TableRef current = r.table().current();
    SnapshotImpl s;
    try {
      s = snapshot(current, "files");
    } catch (CannotAnswer e) {
      DeltactlException checksum = checksumError(e);
      throw checksum != null ? checksum : e;
    }
    try {
      if (!r.at().isLatest()) {
        long v = resolve(current, r.at());
        if (v != s.getVersion()) {
          s = (SnapshotImpl) TableManager.loadSnapshot(current.path()).atVersion(v).build(kernel);
        }
      }
      List<String> partitionColumns = s.getPartitionColumnNames();
      StructType schema = s.getSchema();
      io.delta.kernel.ScanBuilder scan = s.getScanBuilder();
      if (r.where() != null) {
        dev.deltactl.core.api.PartitionFilter.Node where = dev.deltactl.core.api.PartitionFilter.checkColumns(
            dev.deltactl.core.api.PartitionFilter.parse(r.where()), partitionColumns, r.table().display());
        scan = scan.withFilter(KernelFilters.predicate(where, schema));
      }
      Map<String, String> partitionNames = new HashMap<>();
      for (StructField f : schema.fields()) {
        partitionNames.put(io.delta.kernel.internal.util.ColumnMapping.getPhysicalName(f), f.getName());
      }
      Map<String, String> statsColumns = new java.util.LinkedHashMap<>();
      Set<String> partitions = new HashSet<>(partitionColumns);
      for (StructField f : schema.fields()) {
        if (!partitions.contains(f.getName())) {
          statsLeaves(f, "", "", statsColumns);
        }
      }
      String root = root(s).toUri().toString();
      String rootSlash = root.endsWith("/") ? root : root + "/";
      dev.deltactl.core.api.FileSelection selection =
          new dev.deltactl.core.api.FileSelection(r.sort(), r.descending(), r.limit());
      try (CloseableIterator<FilteredColumnarBatch> it =
          ((io.delta.kernel.internal.ScanImpl) scan.build()).getScanFiles(kernel, true)) {
        while (it.hasNext()) {
          try (CloseableIterator<Row> rows = it.next().getRows()) {
            while (rows.hasNext()) {
              Row scanFile = rows.next();
              Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
              String stats = add.isNullAt(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL) ? null
                  : add.getString(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL);
              String path = add.getString(add.getSchema().indexOf("path"));
              if (path.startsWith(rootSlash)) {
                path = path.substring(rootSlash.length());
              }
              Map<String, String> partitionValues = new TreeMap<>();
              InternalScanFileUtils.getPartitionValues(scanFile)
                  .forEach((k, v) -> partitionValues.put(partitionNames.getOrDefault(k, k), v));
              var dv = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
              var status = InternalScanFileUtils.getAddFileStatus(scanFile);
              selection.add(new dev.deltactl.core.api.FileEntry(path, status.getSize(),
                  Instant.ofEpochMilli(status.getModificationTime()), partitionValues,
                  dev.deltactl.core.api.FileStats.numRecords(stats), dv == null ? 0 : dv.getCardinality(), dv != null,
                  stats));
            }
          }
        }
      }
      List<dev.deltactl.core.api.FileEntry> listed = selection.files();
      if (r.bloom()) {
        listed = withBloomFilters(listed, rootSlash, statsColumns);
      }
      return new dev.deltactl.core.api.FilesResult(r.table().display(), s.getVersion(), partitionColumns,
          statsColumns, listed, selection.totals());
    } catch (DeltactlException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      DeltactlException checksum = checksumError(e);
      throw checksum != null ? checksum : cannotRead("files", current.path(), e);
    }
  }

  /** The files listed, each with the columns its footer says carry bloom filters (logical names, schema order). */
  private List<dev.deltactl.core.api.FileEntry> withBloomFilters(List<dev.deltactl.core.api.FileEntry> files,
      String rootSlash, Map<String, String> logicalNames) {
    List<URI> uris = new ArrayList<>(files.size());
    for (dev.deltactl.core.api.FileEntry f : files) {
      URI u = URI.create(f.path());
      uris.add(u.isAbsolute() ? u : URI.create(rootSlash + f.path()));
    }
    List<Set<String>> filtered = dev.deltactl.core.engine.ParquetFooters.bloomFilteredColumns(hadoopConf, uris);
    List<dev.deltactl.core.api.FileEntry> out = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      List<String> columns = new ArrayList<>();
      for (Map.Entry<String, String> c : logicalNames.entrySet()) {
        if (filtered.get(i).contains(c.getKey())) {
          columns.add(c.getValue());
        }
      }
      out.add(files.get(i).withBloomFilterColumns(columns));
    }
    return out;
  }

  /**
   * A log file that does not match its {@code .crc} file, in Spark's words for it (no other engine answers
   * {@code files}); null for any other failure.
   */
  private static DeltactlException checksumError(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof org.apache.hadoop.fs.ChecksumException) {
        return new DeltactlException(ErrorCode.OPERATION_FAILED, String.valueOf(c.getMessage()).lines().findFirst()
            .orElse("").replaceFirst(" at \\d+ exp: .*", "") + ": the file does not match its .crc checksum file;"
            + " if the file is known to be good, delete the stale .crc file next to it", e);
      }
    }
    return null;
  }

  /** The leaf columns of a field: the dotted name its statistics use (physical) and its logical dotted name. */
  private static void statsLeaves(StructField f, String physical, String logical, Map<String, String> out) {
    String p = (physical.isEmpty() ? "" : physical + ".")
        + dev.deltactl.core.api.FileStats.part(io.delta.kernel.internal.util.ColumnMapping.getPhysicalName(f));
    String l = (logical.isEmpty() ? "" : logical + ".") + dev.deltactl.core.api.FileStats.part(f.getName());
    if (f.getDataType() instanceof StructType st) {
      for (StructField c : st.fields()) {
        statsLeaves(c, p, l, out);
      }
    } else {
      out.put(p, l);
    }
  }

  // ---------------------------------------------------------------- optimize's plan and bloom-index show

  /**
   * {@code bloom-index show}, read in this process (no Spark): see {@link KernelBloomIndex}; the other actions
   * change the table, and Spark does that.
   */
  @Override
  public dev.deltactl.core.api.BloomIndexResult bloomIndex(dev.deltactl.core.api.BloomIndexRequest r) {
    return KernelBloomIndex.show(this, r, hadoopConf);
  }

  @Override
  public dev.deltactl.core.api.OptimizeResult optimize(dev.deltactl.core.api.OptimizeRequest request) {
    return KernelOptimize.dryRun(this, request, settings);
  }

  // ---------------------------------------------------------------- show --count

  /**
   * The number of rows of a version of a path table without reading data: the sum over its files of the row
   * counts in their statistics, less the rows their deletion vectors hide (what Delta's own count answers from
   * the log when it can). Declined, so that Spark reads the data, for rows, for a count with a filter, and when
   * a file's statistics have no row count. The version's files must all be on storage, as for a query (one
   * listing of the table's folder): a version whose files are gone is not readable, as everywhere.
   */
  @Override
  public dev.deltactl.core.api.ShowResult show(dev.deltactl.core.api.ShowRequest r) {
    String question = "time-travel show";
    if (!r.countOnly() || r.where() != null || !r.columns().isEmpty()) {
      throw new CannotAnswer(question, r.table().display(), r.countOnly()
          ? "a count with --where or --columns is a query" : "rows are read from the data files", null);
    }
    TableRef current = r.table().current();
    List<CommitRef> commits = timeline(current);
    long version = VersionResolver.resolve(current, r.at(),
        commits.stream().map(c -> new long[] {c.version(), c.timestamp().toEpochMilli()}).toList());
    // streamed: a row count and the paths kept per file, nothing else
    long rows = 0;
    long files = 0;
    List<String> paths = new ArrayList<>();
    try {
      SnapshotImpl s = (SnapshotImpl) TableManager.loadSnapshot(current.path()).atVersion(version).build(kernel);
      for (String f : s.getProtocol().getReaderAndWriterFeatures()) {
        if (CATALOG_COMMITS.contains(f)) {
          throw new CannotAnswer(question, r.table().display(), "its commits are managed by a catalog", null);
        }
      }
      // Hadoop's form of the folder (not a URI): Kernel resolves the vectors' relative paths against it
      String root = root(s).toString();
      try (CloseableIterator<FilteredColumnarBatch> it =
          ((io.delta.kernel.internal.ScanImpl) s.getScanBuilder().build()).getScanFiles(kernel, true)) {
        while (it.hasNext()) {
          try (CloseableIterator<Row> batch = it.next().getRows()) {
            while (batch.hasNext()) {
              Row scanFile = batch.next();
              Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
              Long records = add.isNullAt(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL) ? null
                  : dev.deltactl.core.api.FileStats.numRecords(add.getString(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL));
              String file = InternalScanFileUtils.getAddFileStatus(scanFile).getPath();
              if (records == null) {
                throw new CannotAnswer(question, r.table().display(), "the file " + file
                    + " has no row count in its statistics", null);
              }
              var dv = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
              rows += records - (dv == null ? 0 : dv.getCardinality());
              files++;
              paths.add(file);
              if (dv != null && dv.isOnDisk()) {
                paths.add(dv.getAbsolutePath(root));
              }
            }
          }
        }
      }
    } catch (DeltactlException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CannotAnswer(question, r.table().display(), "Delta Kernel cannot list the files of version "
          + version, e);
    }
    String missing;
    try {
      missing = checkPaths(current.path(), paths).missing();
    } catch (RuntimeException e) {
      // a file deleted while the folder was listed, or a store this process cannot reach: the query decides
      throw new CannotAnswer(question, r.table().display(), "cannot check its files: " + e.getMessage(), e);
    }
    if (missing != null) {
      // as the Spark engine says it: an older version is not readable as a whole, the latest names its file
      boolean latest = version == commits.get(commits.size() - 1).version();
      throw Readability.notReadable(r.table().display(), version, versions(new VersionsRequest(current)).versions(),
          latest ? missing : null, null);
    }
    Instant timestamp = commits.stream().filter(c -> c.version() == version).map(CommitRef::timestamp)
        .findFirst().orElse(null);
    return new dev.deltactl.core.api.ShowResult(r.table().display(), version, timestamp, rows, null,
        dev.deltactl.core.api.ShowResult.FROM_STATISTICS, files);
  }

  // ---------------------------------------------------------------- fsck

  /** Checked and, with a repair, committed with Kernel: see {@link KernelFsck}. */
  @Override
  public dev.deltactl.core.api.FsckResult fsck(dev.deltactl.core.api.FsckRequest request) {
    SnapshotImpl s;
    try {
      s = snapshot(request.table(), "fsck");
    } catch (CannotAnswer e) {
      DeltactlException checksum = checksumError(e);
      throw checksum != null ? checksum : e;
    }
    try {
      return new KernelFsck(kernel, hadoopConf).run(request, s, request.table().display());
    } catch (DeltactlException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      DeltactlException checksum = checksumError(e);
      throw checksum != null ? checksum : cannotRead("fsck", request.table().path(), e);
    }
  }
}
