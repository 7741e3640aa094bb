package dev.deltactl.core.engine.kernel;

import dev.deltactl.core.api.BloomIndexRequest;
import dev.deltactl.core.api.BloomIndexResult;
import dev.deltactl.core.engine.BloomCoverage;
import dev.deltactl.core.engine.CannotAnswer;
import dev.deltactl.core.error.DeltactlException;
import io.delta.kernel.internal.SnapshotImpl;
import io.delta.kernel.internal.util.ColumnMapping;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code bloom-index show} from the log and the data files' footers, in this process: the definitions of the
 * latest version (table properties) and what the footers of its files say of them.
 */
final class KernelBloomIndex {
  private KernelBloomIndex() {}

  /** The answer of {@code bloom-index show}; declined ({@link CannotAnswer}) for the actions that change the table. */
  static BloomIndexResult show(KernelEngine kernel, BloomIndexRequest r, Configuration hadoopConf) {
    String question = "bloom-index " + r.action().name().toLowerCase(Locale.ROOT);
    if (r.action() != BloomIndexRequest.Action.SHOW) {
      throw new CannotAnswer(question, r.table().display(), "it changes the table (Spark does)", null);
    }
    long t0 = System.nanoTime();
    SnapshotImpl s = kernel.latest(r.table(), question);
    List<BloomIndexRequest.BloomColumn> defined;
    Map<String, String> physical = new LinkedHashMap<>();
    try {
      defined = BloomCoverage.definitions(s.getMetadata().getConfiguration(),
          s.getSchema().fieldNames().toArray(String[]::new));
      for (var c : defined) {
        physical.put(c.name(), ColumnMapping.getPhysicalName(s.getSchema().get(c.name())));
      }
    } catch (DeltactlException e) {
      throw e; // deltactl's own answer (a definition that does not read), the same on every engine
    } catch (RuntimeException | LinkageError e) {
      throw kernel.cannotRead(question, r.table().path(), e);
    }
    List<BloomIndexResult.Coverage> coverage = List.of();
    if (!defined.isEmpty()) {
      List<KernelEngine.DataFile> files = kernel.dataFiles(s).orElseThrow(() ->
          new CannotAnswer(question, r.table().display(), "it cannot list the table's files", null));
      coverage = BloomCoverage.coverage(defined,
          BloomCoverage.footers(hadoopConf, files.stream().map(KernelEngine.DataFile::path).toList(), physical));
    }
    return new BloomIndexResult(BloomIndexResult.Status.SHOWN, r.table().display(), s.getVersion(), coverage, null,
        (System.nanoTime() - t0) / 1_000_000);
  }
}
