package dev.deltactl.cli;

import dev.deltactl.core.error.ErrorCode;

/** The one table of exit codes. Documented in the README; scripts rely on them. */
public final class ExitCodes {
  public static final int OK = 0;
  /** The operation failed. */
  public static final int FAILED = 1;
  /** Bad usage or invalid input. */
  public static final int USAGE = 2;
  /** The table, a version or a path does not exist, or is not a Delta table. */
  public static final int NOT_FOUND = 3;
  /** A concurrent transaction conflicted; safe to retry. */
  public static final int CONFLICT = 4;
  /** Refused by a safety check. */
  public static final int REFUSED = 5;
  /**
   * Not an error: the command ran, and a table breaches the maintenance policy ({@code health --fail-on}), or
   * fsck found files missing or unreadable and was not asked to repair them. An error of any table wins over it.
   */
  public static final int POLICY = 6;

  private ExitCodes() {}

  public static int of(ErrorCode code) {
    return switch (code.category()) {
      case FAILED -> FAILED;
      case INVALID_INPUT -> USAGE;
      case NOT_FOUND -> NOT_FOUND;
      case CONFLICT -> CONFLICT;
      case REFUSED -> REFUSED;
    };
  }
}
