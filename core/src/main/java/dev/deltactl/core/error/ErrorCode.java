package dev.deltactl.core.error;

/**
 * Stable identifiers of everything that can go wrong, each in one {@link Category}. Scripts may rely on
 * the names; the front end maps the category to its exit code in one place.
 */
public enum ErrorCode {
  /** An option or argument value is malformed or out of range. */
  INVALID_ARGUMENT(Category.INVALID_INPUT),
  /** A table name or path cannot be parsed. */
  INVALID_TABLE_REF(Category.INVALID_INPUT),
  /** A schema in Spark DDL does not parse. */
  INVALID_SCHEMA(Category.INVALID_INPUT),
  /** A SQL statement, query or expression does not parse or does not analyse. */
  INVALID_SQL(Category.INVALID_INPUT),
  /** A path's scheme has no file system in deltactl (or its driver was removed, as wasb's). */
  UNSUPPORTED_SCHEME(Category.INVALID_INPUT),
  /** The table to create exists already. */
  TABLE_ALREADY_EXISTS(Category.INVALID_INPUT),
  /** No table of that name in the catalog. */
  TABLE_NOT_FOUND(Category.NOT_FOUND),
  /** The path does not exist. */
  PATH_NOT_FOUND(Category.NOT_FOUND),
  /** The path's S3 bucket or Azure container does not exist. */
  BUCKET_NOT_FOUND(Category.NOT_FOUND),
  /** The path exists but holds no Delta table. */
  NOT_A_DELTA_TABLE(Category.NOT_FOUND),
  /** The table version or timestamp does not exist. */
  VERSION_NOT_FOUND(Category.NOT_FOUND),
  /** Another transaction committed first; the operation can be retried. */
  CONCURRENT_MODIFICATION(Category.CONFLICT),
  /** A safety check refused the operation. */
  SAFETY_CHECK(Category.REFUSED),
  /** The table uses a protocol feature this engine cannot handle. */
  UNSUPPORTED_FEATURE(Category.FAILED),
  /** The engine in use cannot run this operation. */
  NOT_SUPPORTED_BY_ENGINE(Category.FAILED),
  /** The Spark master or Spark Connect server does not answer at its address. */
  ENGINE_UNREACHABLE(Category.FAILED),
  /** The object store does not answer at its endpoint (refused, unknown host, timed out). */
  STORE_UNREACHABLE(Category.FAILED),
  /** The object store refused the credentials (HTTP 403), or none were found. */
  STORE_ACCESS_DENIED(Category.FAILED),
  /** The embedded metastore is held by another process. */
  METASTORE_BUSY(Category.FAILED),
  /** An object-store connector's classes are missing from the installation (or do not match each other). */
  CONNECTOR_MISSING(Category.FAILED),
  /**
   * A data file or deletion vector a version of the table refers to is gone from storage (deleted by vacuum or
   * by hand): reading that version fails until it is restored or a newer version is read.
   */
  FILE_MISSING(Category.FAILED),
  /** A file of the table's log is damaged or missing: the table cannot be read until it is restored. */
  CORRUPT_LOG(Category.FAILED),
  /** Anything else that made the operation fail. */
  OPERATION_FAILED(Category.FAILED);

  /** What kind of failure a code is; each category has one exit code. */
  public enum Category {
    FAILED,
    INVALID_INPUT,
    NOT_FOUND,
    CONFLICT,
    REFUSED
  }

  private final Category category;

  ErrorCode(Category category) {
    this.category = category;
  }

  public Category category() {
    return category;
  }
}
