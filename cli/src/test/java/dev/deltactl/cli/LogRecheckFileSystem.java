package dev.deltactl.cli;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Hadoop's local file system, given to a command with {@code --conf fs.file.impl=} (and
 * {@code fs.file.impl.disable.cache=true}), which runs a test's change on the real files once, when log-cleanup
 * lists the log again right before deleting: the moment another writer's change would land, without racing.
 */
public final class LogRecheckFileSystem extends LocalFileSystem {
  /** What runs before log-cleanup's second listing of a log; once. */
  static final AtomicReference<Change> BEFORE_RECHECK = new AtomicReference<>();

  interface Change {
    void run() throws IOException;
  }

  static String[] conf() {
    return new String[] {"--conf", "fs.file.impl=" + LogRecheckFileSystem.class.getName(), "--conf",
        "fs.file.impl.disable.cache=true"};
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    if (f.getName().equals("_delta_log") && StackWalker.getInstance().walk(s -> s.anyMatch(
        frame -> frame.getClassName().equals("dev.deltactl.core.engine.LogMaintenance")
            && frame.getMethodName().equals("verifyUnchanged")))) {
      Change c = BEFORE_RECHECK.getAndSet(null);
      if (c != null) {
        c.run();
      }
    }
    return super.listStatus(f);
  }
}
