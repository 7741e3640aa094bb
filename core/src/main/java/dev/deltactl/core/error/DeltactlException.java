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
}
