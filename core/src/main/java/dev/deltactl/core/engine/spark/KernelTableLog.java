package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.DescribeRequest;
import dev.deltactl.core.api.HistoryRequest;
import dev.deltactl.core.api.HistoryResult;
import dev.deltactl.core.api.TableDetail;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@link TableLog} read with Delta Kernel in this process: the Connect engine's, whose server's snapshot this
 * client cannot see. Needs this machine to reach the table's storage.
 */
final class KernelTableLog implements TableLog {
  private final KernelEngine kernel;
  private final TableRef at;
  private final Configuration hadoopConf;
  private TableDetail detail;

  /** @param at the table by its location */
  KernelTableLog(KernelEngine kernel, TableRef at, Configuration hadoopConf) {
    this.kernel = kernel;
    this.at = at;
    this.hadoopConf = hadoopConf;
  }

  private TableDetail detail() {
    if (detail == null) {
      detail = kernel.describe(new DescribeRequest(at));
    }
    return detail;
  }

  @Override
  public String location() {
    return at.path();
  }

  @Override
  public long version() {
    return detail().version();
  }

  @Override
  public Collection<String> writerFeatures() {
    return detail().tableFeatures();
  }

  @Override
  public Duration deletedFileRetention() {
    return dev.deltactl.core.api.TableProperties.interval(detail().properties(),
        "delta.deletedFileRetentionDuration");
  }

  @Override
  public List<KernelEngine.CommitRef> timeline() {
    return kernel.timeline(at);
  }

  @Override
  public List<HistoryResult.Entry> history(int limit) {
    return kernel.history(new HistoryRequest(at, limit)).entries();
  }

  @Override
  public FileSystem fileSystem() {
    Path root = new Path(at.path());
    try {
      return root.getFileSystem(hadoopConf);
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot reach " + root + ": " + e.getMessage(), e);
    }
  }

  @Override
  public AutoCloseable progress(String what) {
    return () -> { };
  }
}
