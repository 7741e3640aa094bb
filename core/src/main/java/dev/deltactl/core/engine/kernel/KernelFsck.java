package dev.deltactl.core.engine.kernel;

import dev.deltactl.core.api.FileStats;
import dev.deltactl.core.api.FsckRequest;
import dev.deltactl.core.api.FsckResult;
import dev.deltactl.core.engine.FolderListings;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import io.delta.kernel.Operation;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.actions.RemoveFile;
import io.delta.kernel.internal.actions.SingleAction;
import io.delta.kernel.internal.data.GenericRow;
import io.delta.kernel.internal.util.VectorUtils;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * fsck on a snapshot Kernel reads: the entries of its data files streamed from the log (only those with a problem
 * are kept), each file's existence answered by one listing of its folder, and a repair committed with Kernel's
 * own transaction (its conflict check fails the commit when a concurrent one removed or changed an entry it
 * removes).
 */
final class KernelFsck {
  private static final Logger LOG = LoggerFactory.getLogger(KernelFsck.class);
  /** The paths named in the commit's metadata at most. */
  static final int NAMED_IN_COMMIT = 10;

  private final io.delta.kernel.engine.Engine kernel;
  private final Configuration hadoopConf;
  /** What happens between the check and the repair's commit (tests: a concurrent writer, a restore). */
  private final Runnable beforeCommit;

  KernelFsck(io.delta.kernel.engine.Engine kernel, Configuration hadoopConf) {
    this(kernel, hadoopConf, () -> {});
  }

  KernelFsck(io.delta.kernel.engine.Engine kernel, Configuration hadoopConf, Runnable beforeCommit) {
    this.kernel = kernel;
    this.hadoopConf = hadoopConf;
    this.beforeCommit = beforeCommit;
  }

  /** An entry with a problem: what the report shows and what its remove action needs. */
  private record Found(List<FsckResult.Problem> problems, Path data, String rawPath, Map<String, String> partitionValues,
      long size, String stats, DeletionVectorDescriptor dv, Long baseRowId, Long defaultRowCommitVersion,
      boolean dataMissing) {}

  FsckResult run(FsckRequest r, SnapshotImpl s, String display) throws IOException {
    long t0 = System.nanoTime();
    Path root = KernelEngine.root(s);
    FileSystem fs = root.getFileSystem(hadoopConf);
    String rootPath = fs.makeQualified(root).toUri().getPath();
    String rootUri = root.toString();
    FolderListings listings = new FolderListings(fs);
    List<Found> found = new ArrayList<>();
    long dataFiles = 0;
    long dvFiles = 0;
    try (CloseableIterator<FilteredColumnarBatch> it =
        ((io.delta.kernel.internal.ScanImpl) s.getScanBuilder().build()).getScanFiles(kernel, true)) {
      while (it.hasNext()) {
        try (CloseableIterator<Row> rows = it.next().getRows()) {
          while (rows.hasNext()) {
            Row scanFile = rows.next();
            dataFiles++;
            Row add = scanFile.getStruct(InternalScanFileUtils.ADD_FILE_ORDINAL);
            var status = InternalScanFileUtils.getAddFileStatus(scanFile);
            Path data = path(status.getPath());
            DeletionVectorDescriptor dv = InternalScanFileUtils.getDeletionVectorDescriptorFromRow(scanFile);
            Path dvPath = dv == null || !dv.isOnDisk() ? null : path(dv.getAbsolutePath(rootUri));
            dvFiles += dvPath == null ? 0 : 1;
            String stats = add.isNullAt(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL) ? null
                : add.getString(InternalScanFileUtils.ADD_FILE_STATS_ORDINAL);
            Long records = FileStats.numRecords(stats);
            Long rowsLeft = records == null ? null : records - (dv == null ? 0 : dv.getCardinality());
            String entry = relative(data, fs, rootPath);
            List<FsckResult.Problem> problems = new ArrayList<>(2);
            Long onDisk = listings.size(data);
            if (onDisk == null) {
              problems.add(new FsckResult.Problem(entry, FsckResult.Kind.DATA, FsckResult.Issue.MISSING, entry,
                  rowsLeft, status.getSize(), null));
            } else if (r.verify()) {
              String unreadable = ParquetFooter.problem(data, onDisk, hadoopConf);
              if (unreadable != null) {
                problems.add(new FsckResult.Problem(entry, FsckResult.Kind.DATA, FsckResult.Issue.UNREADABLE, entry,
                    rowsLeft, status.getSize(), unreadable));
              }
            }
            if (dvPath != null && !listings.exists(dvPath)) {
              problems.add(new FsckResult.Problem(relative(dvPath, fs, rootPath), FsckResult.Kind.DELETION_VECTOR,
                  FsckResult.Issue.MISSING, entry, rowsLeft, status.getSize(), null));
            }
            if (!problems.isEmpty()) {
              int b = add.getSchema().indexOf("baseRowId");
              int c = add.getSchema().indexOf("defaultRowCommitVersion");
              found.add(new Found(problems, data, add.getString(add.getSchema().indexOf("path")),
                  InternalScanFileUtils.getPartitionValues(scanFile), status.getSize(), stats, dv,
                  b < 0 || add.isNullAt(b) ? null : add.getLong(b), c < 0 || add.isNullAt(c) ? null : add.getLong(c),
                  onDisk == null));
            }
          }
        }
      }
    }
    LOG.info("fsck of {}: {} data files and {} deletion vector files checked by listing {} folders; {} entries with"
        + " a problem", display, dataFiles, dvFiles, listings.listings(), found.size());
    Long committed = null;
    FsckResult.Status status = found.isEmpty() ? FsckResult.Status.HEALTHY : FsckResult.Status.PROBLEMS;
    if (r.repair() && !found.isEmpty()) {
      beforeCommit.run();
      // just before committing: a file that is back (a restore from a backup meanwhile) keeps its entry
      List<Found> still = new ArrayList<>();
      for (Found f : found) {
        if (stillBroken(f, fs, rootUri)) {
          still.add(f);
        }
      }
      found = still;
      if (found.isEmpty()) {
        status = FsckResult.Status.HEALTHY;
      } else {
        committed = commit(s, found, display);
        status = FsckResult.Status.REPAIRED;
      }
    }
    List<FsckResult.Problem> problems = new ArrayList<>();
    long rows = 0;
    long unknown = 0;
    long bytes = 0;
    for (Found f : found) {
      problems.addAll(f.problems());
      FsckResult.Problem p = f.problems().get(0);
      if (p.rows() == null) {
        unknown++;
      } else {
        rows += p.rows();
      }
      bytes += p.bytes();
    }
    problems.sort(Comparator.comparing(FsckResult.Problem::entry).thenComparing(FsckResult.Problem::kind));
    return new FsckResult(display, s.getVersion(), status, dataFiles, dvFiles, r.verify(), problems,
        new FsckResult.Totals(found.size(), rows, unknown, bytes), committed, (System.nanoTime() - t0) / 1_000_000);
  }

  /** Whether an entry's problem is still there: its data file (or deletion vector file) still missing. */
  private boolean stillBroken(Found f, FileSystem fs, String rootUri) throws IOException {
    for (FsckResult.Problem p : f.problems()) {
      if (p.issue() == FsckResult.Issue.UNREADABLE) {
        return true;
      }
      Path file = p.kind() == FsckResult.Kind.DATA ? f.data() : path(f.dv().getAbsolutePath(rootUri));
      if (!fs.exists(file)) {
        return true;
      }
    }
    return false;
  }

  /** One commit with a remove action per entry, based on the version checked. */
  private long commit(SnapshotImpl s, List<Found> found, String display) {
    List<String> named = found.stream().limit(NAMED_IN_COMMIT).map(f -> f.problems().get(0).entry()).toList();
    String info = "deltactl fsck --repair: removed " + found.size() + (found.size() == 1 ? " entry" : " entries")
        + " whose files are missing or unreadable: " + String.join(", ", named)
        + (found.size() > named.size() ? " and " + (found.size() - named.size()) + " more" : "");
    Transaction txn;
    try {
      txn = s.buildUpdateTableTransaction(info, Operation.MANUAL_UPDATE).build(kernel);
    } catch (RuntimeException e) {
      throw new DeltactlException(ErrorCode.NOT_SUPPORTED_BY_ENGINE, "fsck --repair commits with Delta Kernel,"
          + " which cannot write " + display + ": " + firstLine(e.getMessage()) + "; nothing was changed", e);
    }
    long now = System.currentTimeMillis();
    List<Row> actions = new ArrayList<>();
    for (Found f : found) {
      actions.add(SingleAction.createRemoveFileSingleAction(remove(f, now)));
    }
    try {
      TransactionCommitResult result = txn.commit(kernel,
          CloseableIterable.inMemoryIterable(io.delta.kernel.internal.util.Utils.toCloseableIterator(
              actions.iterator())));
      return result.getVersion();
    } catch (io.delta.kernel.exceptions.ConcurrentWriteException
        | io.delta.kernel.exceptions.MaxCommitRetryLimitReachedException e) {
      // Kernel's conflict check: a commit since the version checked removed one of these entries, changed its
      // deletion vector, or changed the table's metadata or protocol
      throw new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent commit changed " + display
          + " since version " + s.getVersion() + " was checked; nothing was committed, run fsck again", e);
    } catch (io.delta.kernel.exceptions.CommitStateUnknownException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "the repair of " + display + " may or may not have"
          + " been committed (" + firstLine(e.getMessage()) + "); run fsck again to see", e);
    } catch (RuntimeException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot commit the repair of " + display + ": "
          + firstLine(e.getMessage()) + "; nothing was changed", e);
    }
  }

  /** The remove action of an entry: its path as the log has it, partition values, size, statistics, deletion vector. */
  private static Row remove(Found f, long now) {
    StructType schema = RemoveFile.FULL_SCHEMA;
    Map<Integer, Object> values = new HashMap<>();
    values.put(schema.indexOf("path"), f.rawPath());
    values.put(schema.indexOf("deletionTimestamp"), now);
    values.put(schema.indexOf("dataChange"), true);
    values.put(schema.indexOf("extendedFileMetadata"), true);
    values.put(schema.indexOf("partitionValues"), VectorUtils.stringStringMapValue(f.partitionValues()));
    values.put(schema.indexOf("size"), f.size());
    put(values, schema, "stats", f.stats());
    put(values, schema, "deletionVector", f.dv() == null ? null : f.dv().toRow());
    put(values, schema, "baseRowId", f.baseRowId());
    put(values, schema, "defaultRowCommitVersion", f.defaultRowCommitVersion());
    return new GenericRow(schema, values);
  }

  private static void put(Map<Integer, Object> values, StructType schema, String field, Object value) {
    int i = schema.indexOf(field);
    if (i >= 0 && value != null) {
      values.put(i, value);
    }
  }

  /**
   * A path Kernel gives, as Hadoop's path of that file: Kernel gives paths in Hadoop's string form (unescaped: a
   * partition folder {@code x=A%2FA} stays as it is on storage), which only Hadoop's own parser reads back.
   */
  static Path path(String kernelPath) {
    return new Path(kernelPath);
  }

  /** A file relative to the table's folder when inside it (as on disk, unescaped); its full path otherwise. */
  static String relative(Path file, FileSystem fs, String rootPath) {
    Path q = fs.makeQualified(file);
    String p = q.toUri().getPath();
    String prefix = rootPath.endsWith("/") ? rootPath : rootPath + "/";
    return p.startsWith(prefix) ? p.substring(prefix.length()) : q.toString();
  }

  static String firstLine(String message) {
    return String.valueOf(message).lines().findFirst().orElse("");
  }
}
