package dev.deltactl.core.engine.spark;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;

/**
 * An exclusive lock across processes on the embedded (Derby) metastore, which admits one process at a time.
 * The holder writes who it is into the lock file, so that a waiting process can say whom it waits for.
 */
final class MetastoreLock implements AutoCloseable {
  private static final long POLL_MILLIS = 200;

  private final FileChannel channel;
  private final FileLock lock;

  private MetastoreLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock, waiting at most {@code wait} for another process to release it.
   *
   * @param holder who takes it, written for others to read ({@code deltactl describe})
   * @param notice told once when the lock is busy and we start waiting
   */
  static MetastoreLock acquire(Path lockFile, Duration wait, String holder, Consumer<String> notice) {
    try {
      Files.createDirectories(lockFile.getParent());
      FileChannel ch = FileChannel.open(
          lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Instant deadline = Instant.now().plus(wait);
      boolean told = false;
      while (true) {
        FileLock l = ch.tryLock();
        if (l != null) {
          String me = "pid " + ProcessHandle.current().pid() + ", " + holder + ", since "
              + Instant.now().truncatedTo(ChronoUnit.SECONDS);
          ch.truncate(0);
          ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
          ch.force(false);
          return new MetastoreLock(ch, l);
        }
        String owner = readOwner(lockFile);
        if (!Instant.now().isBefore(deadline)) {
          ch.close();
          throw new DeltactlException(
              ErrorCode.METASTORE_BUSY,
              "the embedded metastore in " + lockFile.getParent() + " is in use by another process (" + owner
                  + "); waited " + wait.toSeconds() + "s. Retry when it has finished, raise the wait with --conf "
                  + dev.deltactl.core.api.EngineConfig.METASTORE_WAIT + "=5m, address the table by its path,"
                  + " or share a metastore service with --conf spark.hadoop.hive.metastore.uris=thrift://HOST:9083");
        }
        if (!told) {
          notice.accept("waiting up to " + wait.toSeconds() + "s for the metastore, in use by " + owner);
          told = true;
        }
        Thread.sleep(POLL_MILLIS);
      }
    } catch (IOException e) {
      throw new DeltactlException(
          ErrorCode.OPERATION_FAILED, "cannot lock the metastore at " + lockFile + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "interrupted while waiting for the metastore", e);
    }
  }

  private static String readOwner(Path lockFile) {
    try {
      String s = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
      return s.isEmpty() ? "unknown process" : s;
    } catch (IOException e) {
      return "unknown process";
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the lock goes with the process anyway
    }
  }
}
