package dev.deltactl.core.api;

/** Receives progress of a running operation; called from a background thread. */
public interface ProgressListener {
  /**
   * @param what the running step ({@code optimize})
   * @param done tasks finished in the running jobs
   * @param total tasks in the running jobs
   */
  void progress(String what, long done, long total);

  /** The operation ended; any progress shown can be removed. */
  void finished();
}
