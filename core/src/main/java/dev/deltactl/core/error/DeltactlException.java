package dev.deltactl.core.error;

import java.util.Objects;

/** A failure with a stable {@link ErrorCode} and a one-line message that says how to go on. */
public class DeltactlException extends RuntimeException {
  private final ErrorCode code;

  public DeltactlException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public DeltactlException(ErrorCode code, String message, Throwable cause) {
    super(Objects.requireNonNull(message), cause);
    this.code = Objects.requireNonNull(code);
  }

  public ErrorCode code() {
    return code;
  }

  public static DeltactlException invalid(String message) {
    return new DeltactlException(ErrorCode.INVALID_ARGUMENT, message);
  }

  /** The table's folder does not exist; every engine words it the same way. */
  public static DeltactlException pathNotFound(String path) {
    return new DeltactlException(ErrorCode.PATH_NOT_FOUND, "path not found: " + path);
  }

  /** The folder exists but holds no Delta table. */
  public static DeltactlException notADeltaTable(String path, boolean hasLogFolder) {
    return new DeltactlException(ErrorCode.NOT_A_DELTA_TABLE, path + " is not a Delta table: "
        + (hasLogFolder ? "its _delta_log holds no commit" : "it has no _delta_log folder"));
  }
}
