package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;

/**
 * Runs deltactl's operations on one execution engine. Each operation takes one request and returns one
 * result; failures are {@link DeltactlException}s with a stable code. An engine that cannot run an
 * operation throws {@link ErrorCode#NOT_SUPPORTED_BY_ENGINE}. What a shell does with an engine it keeps
 * open between commands is apart, in {@link EngineSession}.
 */
public interface Engine extends AutoCloseable {

  /** A short name for messages: {@code spark(local[*])}, {@code kernel}. */
  String name();

  default CreateTableResult create(CreateTableRequest request) {
    throw unsupported("create");
  }

  default TableDetail describe(DescribeRequest request) {
    throw unsupported("describe");
  }

  default HistoryResult history(HistoryRequest request) {
    throw unsupported("history");
  }

  default SqlResult sql(SqlRequest request) {
    throw unsupported("sql");
  }

  /** Plans, then (unless a dry run or nothing to do) compacts or Z-orders the table. */
  default OptimizeResult optimize(OptimizeRequest request) {
    throw unsupported("optimize");
  }

  /** Checks the retention, plans, then (unless a dry run) deletes unreferenced files. */
  default VacuumResult vacuum(VacuumRequest request) {
    throw unsupported("vacuum");
  }

  /** The versions in the log, and whether each can be read now. */
  default VersionsResult versions(VersionsRequest request) {
    throw unsupported("time-travel versions");
  }

  /** The rows of a table as of a version. */
  default ShowResult show(ShowRequest request) {
    throw unsupported("time-travel show");
  }

  /** The rows Delta's change data feed recorded between two versions. */
  default ChangesResult changes(ChangesRequest request) {
    throw unsupported("changes");
  }

  /** Plans, then (unless a dry run) converts a folder of Parquet files to a Delta table in place. */
  default ConvertResult convert(ConvertRequest request) {
    throw unsupported("convert");
  }

  /** Plans, then (unless a dry run) restores the table to an earlier version. */
  default RestoreResult restore(RestoreRequest request) {
    throw unsupported("time-travel restore");
  }

  /** What changed between two versions. */
  default DiffResult diff(DiffRequest request) {
    throw unsupported("time-travel diff");
  }

  /** Writes a version of a table as a new table. */
  default CloneResult cloneTable(CloneRequest request) {
    throw unsupported("time-travel clone");
  }

  /** Loads files from a folder into a table, each file exactly once (or validates them). */
  default CopyIntoResult copyInto(CopyIntoRequest request) {
    throw unsupported("copy-into");
  }

  /** Bloom-filter indexes: create, build, drop or show. */
  default BloomIndexResult bloomIndex(BloomIndexRequest request) {
    throw unsupported("bloom-index " + request.action().name().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Where to report progress of long operations; none by default. Engines that run jobs call it with what
   * is done of what there is to do.
   */
  default void onProgress(ProgressListener listener) {}

  default DeltactlException unsupported(String operation) {
    return new DeltactlException(
        ErrorCode.NOT_SUPPORTED_BY_ENGINE, operation + " is not supported by the " + name() + " engine");
  }

  /** Releases the engine's resources; a no-op for engines that hold none. */
  @Override
  default void close() {}

  /** Plans, then (unless a dry run or the latest version has one) writes a checkpoint of the latest version. */
  default CheckpointResult checkpoint(CheckpointRequest request) {
    throw unsupported("checkpoint");
  }

  /** Plans, then (unless a dry run) deletes the expired {@code _delta_log} files no kept version needs. */
  default LogCleanupResult logCleanup(LogCleanupRequest request) {
    throw unsupported("log-cleanup");
  }

  /** A table's health: figures from its log and a verdict per check of the policy. */
  default HealthResult health(HealthRequest request) {
    throw unsupported("health");
  }

  /** Lists a table's properties, or checks, plans, then (unless a dry run or nothing changes) sets or unsets some. */
  default PropertiesResult properties(PropertiesRequest request) {
    throw unsupported("properties " + request.action().name().toLowerCase(java.util.Locale.ROOT));
  }

  /**
   * Health, then the due operations of each table, through this engine's own calls (so a routing engine starts
   * Spark only when an operation needs it); each table is told to {@code done} when finished.
   */
  default MaintainResult maintain(MaintainRequest request, java.util.function.Consumer<MaintainResult.Table> done) {
    return Maintenance.run(this, request, done);
  }

  /** Checks, plans, then (unless a dry run or nothing changes) changes or removes the table's clustering columns. */
  default ClusterByResult clusterBy(ClusterByRequest request) {
    throw unsupported("cluster-by");
  }

  /** The data files of a version of a table, sorted and limited, with the totals of all that match. */
  default FilesResult files(FilesRequest request) {
    throw unsupported("files");
  }

  /**
   * The files the current version references that storage does not have (or, verified, that do not read as
   * Parquet); with a repair, their entries removed in one commit.
   */
  default FsckResult fsck(FsckRequest request) {
    throw unsupported("fsck");
  }

  /** Lists a table's protocol features, or checks, plans, then (unless a dry run) drops one. */
  default FeatureResult feature(FeatureRequest request) {
    throw unsupported("feature " + request.action().name().toLowerCase(java.util.Locale.ROOT));
  }

  /** Plans, then (unless a dry run or no file carries a deletion vector) rewrites the files that carry one. */
  default PurgeResult purge(PurgeRequest request) {
    throw unsupported("purge");
  }
}
