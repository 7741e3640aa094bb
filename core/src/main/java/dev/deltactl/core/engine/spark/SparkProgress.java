package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.ProgressListener;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.api.java.JavaSparkStatusTracker;
import org.apache.spark.sql.SparkSession;

/** Follows the running Spark stages and reports tasks done of total, until closed. */
final class SparkProgress implements AutoCloseable {
  private static final long POLL_MILLIS = 250;

  private final Thread thread;
  private final ProgressListener listener;

  private SparkProgress(Thread thread, ProgressListener listener) {
    this.thread = thread;
    this.listener = listener;
  }

  static SparkProgress follow(SparkSession spark, String what, ProgressListener listener) {
    if (listener == null) {
      return new SparkProgress(null, null);
    }
    JavaSparkStatusTracker tracker =
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()).statusTracker();
    Thread t = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          long done = 0;
          long total = 0;
          for (int id : tracker.getActiveStageIds()) {
            SparkStageInfo info = tracker.getStageInfo(id);
            if (info != null) {
              done += info.numCompletedTasks();
              total += info.numTasks();
            }
          }
          if (total > 0) {
            listener.progress(what, done, total);
          }
          Thread.sleep(POLL_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "deltactl-progress");
    t.setDaemon(true);
    t.start();
    return new SparkProgress(t, listener);
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      listener.finished();
    }
  }
}
