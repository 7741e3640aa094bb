package dev.deltactl.core.engine;

import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.api.TableRef;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who answers a question, from typed facts: the kind of Spark engine (from the master, once), whether
 * its driver or server runs on another host, the user's {@code deltactl.kernel} setting, and the table (a path
 * or a name, on a local disk or a store). Every engine asks here; none reads the setting or parses the master
 * itself. A declined question is an {@link Answer} that says why, not an exception to match by its text.
 */
public final class Routing {
  private static final Logger LOG = LoggerFactory.getLogger(Routing.class);

  /** Setting: {@code false} sends every question to Spark. */
  public static final String KERNEL = "deltactl.kernel";

  private Routing() {}

  /** The Spark engine a master names. */
  public enum EngineKind {
    /** {@code local[*]}: Spark in this process. */
    EMBEDDED,
    /** {@code spark://}, {@code yarn}, {@code k8s://}: a driver here, executors on a cluster. */
    CLUSTER,
    /** {@code sc://}: a Spark Connect server runs everything; this process is its client. */
    CONNECT;

    public static EngineKind of(String master) {
      return Endpoints.isConnect(master) ? CONNECT : Endpoints.isLocal(master) ? EMBEDDED : CLUSTER;
    }
  }

  /**
   * What decides routing for one run.
   *
   * @param kind the Spark engine
   * @param elsewhere its executors or server run on another host (their disks are not this machine's)
   * @param kernel Delta Kernel may answer in this process (the user did not set {@code deltactl.kernel=false})
   */
  public record Facts(EngineKind kind, boolean elsewhere, boolean kernel) {
    /** The facts of a configuration; resolves the master's host once. */
    public static Facts of(EngineConfig config) {
      EngineKind kind = EngineKind.of(config.master());
      return new Facts(kind, kind != EngineKind.EMBEDDED && Endpoints.onAnotherHost(config.master()),
          kernelEnabled(config.conf()));
    }
  }

  /** The one reading of {@code deltactl.kernel} (validated as true or false where settings are read). */
  public static boolean kernelEnabled(Map<String, String> conf) {
    return !"false".equalsIgnoreCase(conf.getOrDefault(KERNEL, "true").strip());
  }

  /** Whether a path is on this machine's disk: no scheme, or {@code file:}. */
  static boolean onLocalDisk(String path) {
    int colon = path.indexOf(':');
    int slash = path.indexOf('/');
    if (colon < 0 || (slash >= 0 && slash < colon)) {
      return true;
    }
    String scheme = path.substring(0, colon);
    // a Windows drive letter is one character
    return scheme.length() == 1 || scheme.equalsIgnoreCase("file");
  }

  /**
   * Whether Delta Kernel in this process may read the table's log: only for a path (Kernel has no metastore),
   * with Kernel allowed, and not for a local path that a Connect server on another host reads on its own disk.
   */
  public static boolean kernelReadsHere(Facts facts, TableRef table) {
    if (!facts.kernel() || !table.isPath()) {
      return false;
    }
    return !(facts.kind() == EngineKind.CONNECT && facts.elsewhere() && onLocalDisk(table.path()));
  }

  /** Why Kernel does not read a table here, for {@code -v}; null when it does. */
  public static String whyNotKernel(Facts facts, TableRef table) {
    if (!facts.kernel()) {
      return KERNEL + "=false";
    }
    if (!table.isPath()) {
      return "a metastore table (Kernel reads paths)";
    }
    if (!kernelReadsHere(facts, table)) {
      return "a local path of the Spark Connect server's host";
    }
    return null;
  }

  /** An engine's answer, or why it declined. */
  public sealed interface Answer<T> {
    /** The answer, or what {@code other} answers when this one was declined. */
    T orElse(Supplier<T> other);
  }

  public record Answered<T>(T value) implements Answer<T> {
    @Override
    public T orElse(Supplier<T> other) {
      return value;
    }
  }

  public record Declined<T>(CannotAnswer why) implements Answer<T> {
    @Override
    public T orElse(Supplier<T> other) {
      return other.get();
    }
  }

  /**
   * Asks an engine that may decline ({@link CannotAnswer}); any other failure is the answer (a missing table
   * is missing for every engine). A decline is said with {@code -v}, naming who is asked next.
   *
   * @param next who is asked when this one declines, for the log
   */
  public static <T> Answer<T> ask(Supplier<T> question, String next) {
    try {
      return new Answered<>(question.get());
    } catch (CannotAnswer e) {
      LOG.info("{}; asking {}", e.getMessage(), next);
      return new Declined<>(e);
    }
  }
}
