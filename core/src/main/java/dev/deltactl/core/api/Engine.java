package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;

/**
 * Runs deltactl's operations on one execution engine. Each operation takes one request and returns one
 * result; failures are {@link DeltactlException}s with a stable code. An engine that cannot run an
 * operation throws {@link ErrorCode#NOT_SUPPORTED_BY_ENGINE}.
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

  /**
   * Applies other settings to the open engine for the commands that follow (the shell's {@code set conf});
   * false when it cannot, and a new engine is needed. None can by default.
   */
  default boolean reconfigure(java.util.Map<String, String> previous, java.util.Map<String, String> next) {
    return false;
  }

  /**
   * The metastore's table names ({@code db.name}, and bare names in the current database), for completion: only when the engine has the metastore
   * open already (completion never starts it); empty otherwise.
   */
  default java.util.List<String> tableNames() {
    return java.util.List.of();
  }

  /**
   * Cancels what runs now (another thread asks: Ctrl-C in the shell). A commit is atomic, so a cancelled
   * command leaves its table as it was, or committed whole. Nothing to do by default.
   */
  default void cancel() {}

  /**
   * One round of work on a scratch table of its own (written, compacted, read, then deleted), so that the
   * JVM compiles the code the next commands run: a shell calls it while the user types. Only an engine
   * whose session is open already and runs in this process. To stop it, set what {@code stop} answers and
   * call {@link #cancel()}: it ends after the step it is in. Returns false when there is nothing to warm
   * (the default) or it was stopped.
   */
  default boolean warmUp(java.util.function.BooleanSupplier stop) {
    return false;
  }

  /** Releases the engine's resources; a no-op for engines that hold none. */
  @Override
  default void close() {}
}
