package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.VersionsRequest;
import dev.deltactl.core.api.DescribeRequest;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VersionsResult;
import dev.deltactl.core.engine.Routing;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * {@link VersionLog} on Spark Connect: the log read here with Kernel when {@link Routing} lets it; otherwise
 * what the server lists (the table's files in one listing) and history says.
 */
final class ConnectVersionLog implements VersionLog {
  private final SparkSession spark;
  private final KernelEngine kernel;
  private final TableRef at;
  private final boolean here;
  private final Configuration hadoopConf;

  /** @param at the table by its location */
  ConnectVersionLog(SparkSession spark, KernelEngine kernel, Routing.Facts facts, TableRef at,
      Configuration hadoopConf) {
    this.spark = spark;
    this.kernel = kernel;
    this.at = at;
    this.here = Routing.kernelReadsHere(facts, at);
    this.hadoopConf = hadoopConf;
  }

  @Override
  public List<KernelEngine.CommitRef> timeline() {
    return here ? Routing.ask(() -> kernel.timeline(at), "the Spark Connect server").orElse(() -> null) : null;
  }

  @Override
  public KernelEngine.FileCheck checkFiles(long version) {
    return here ? kernel.checkFiles(at.path(), version) : new KernelEngine.FileCheck(false, null);
  }

  @Override
  public Predicate<String> present() {
    if (!here) {
      Set<String> listed = new HashSet<>(spark.read().format("binaryFile").option("recursiveFileLookup", "true")
          .load(at.path()).select("path").as(Encoders.STRING()).collectAsList());
      return listed::contains;
    }
    FileSystem fs;
    try {
      fs = new Path(at.path()).getFileSystem(hadoopConf);
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot reach " + at.path() + ": " + e.getMessage(), e);
    }
    Map<String, Boolean> seen = new HashMap<>();
    return f -> seen.computeIfAbsent(f, p -> {
      try {
        return fs.exists(new Path(p));
      } catch (IOException e) {
        return false;
      }
    });
  }

  @Override
  public VersionsResult versions() {
    return here ? Routing.ask(() -> kernel.versions(new VersionsRequest(at)), "the Spark Connect server").orElse(() -> null) : null;
  }

  @Override
  public Map<String, Long> files(long version) {
    Map<String, Long> out = new HashMap<>();
    for (var f : kernel.dataFiles(at.path(), version).orElseThrow(() -> new DeltactlException(
        ErrorCode.UNSUPPORTED_FEATURE, "cannot list the files of " + at.display() + " at version " + version))) {
      out.put(f.path(), f.size());
    }
    return out;
  }

  @Override
  public List<String> partitionColumns(long version) {
    return kernel.describe(new DescribeRequest(at)).partitionColumns();
  }

  @Override
  public Map<String, String> properties(long version) {
    return kernel.describe(new DescribeRequest(at)).properties();
  }

  @Override
  public boolean[] changeFeedOn(long from, long to) {
    return here ? Routing.ask(() -> kernel.changeFeedOn(at.path(), from, to), "the Spark Connect server")
        .orElse(() -> null) : null;
  }

  @Override
  public AutoCloseable progress(String what) {
    return () -> { };
  }
}
