package dev.deltactl.cli.output;

import dev.deltactl.core.api.ProgressListener;
import java.io.PrintStream;

/** One progress line on a terminal's stderr, rewritten in place and erased when done. */
public final class TerminalProgress implements ProgressListener {
  private static final String ERASE = "\r\033[K";
  private final PrintStream err;
  private boolean shown;

  public TerminalProgress(PrintStream err) {
    this.err = err;
  }

  /** Whether stderr is a terminal: the launcher tells, since Java cannot ask for stderr alone. */
  public static boolean stderrIsTerminal() {
    return Boolean.getBoolean("deltactl.stderr.tty");
  }

  @Override
  public synchronized void progress(String what, long done, long total) {
    int width = 30;
    int filled = (int) (width * done / Math.max(1, total));
    err.print(ERASE + what + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total
        + " tasks");
    err.flush();
    shown = true;
  }

  @Override
  public synchronized void finished() {
    if (shown) {
      err.print(ERASE);
      err.flush();
      shown = false;
    }
  }
}
