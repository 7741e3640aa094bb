package dev.deltactl.core.engine;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;

/**
 * An engine declines a question another engine may answer (Delta Kernel cannot read a table's protocol or
 * storage from this process). Only {@link Routing#ask} turns it into an outcome; a user sees it only when no
 * other engine answers, with the code {@link ErrorCode#NOT_SUPPORTED_BY_ENGINE}.
 */
public final class CannotAnswer extends DeltactlException {
  private final String question;
  private final String table;
  private final String reason;

  /**
   * @param question the command asked: {@code describe}, {@code history}
   * @param table the table's path
   * @param reason why, in one line
   */
  public CannotAnswer(String question, String table, String reason, Throwable cause) {
    super(ErrorCode.NOT_SUPPORTED_BY_ENGINE,
        "the kernel engine cannot answer " + question + " for " + table + ": " + reason, cause);
    this.question = question;
    this.table = table;
    this.reason = reason;
  }

  public String question() {
    return question;
  }

  public String table() {
    return table;
  }

  public String reason() {
    return reason;
  }
}
