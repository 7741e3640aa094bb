package dev.deltactl.core.engine;

import dev.deltactl.core.api.Engine;
import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Opens the engine for a run: Delta Kernel for metadata, Spark for the rest.
 *
 * <p>In the distribution, Spark and its dependencies live in {@code lib/spark/} (named by the system
 * property {@value #SPARK_LIB}) and are only opened, in a class loader of their own, when a command needs
 * Spark: metadata commands never read those jars. Without the property (tests, an IDE) everything is on
 * the class path already.
 */
public final class Engines {
  /** System property: the folder of the jars the Spark engine needs beyond the application class path. */
  public static final String SPARK_LIB = "deltactl.spark.lib";
  /** Setting: {@code false} sends metadata questions to Spark too. */
  public static final String KERNEL = Routing.KERNEL;
  private static final String SPARK_ENGINE = "dev.deltactl.core.engine.spark.SparkEngine";
  private static final String CONNECT_ENGINE = "dev.deltactl.core.engine.spark.SparkConnectEngine";
  private static ClassLoader sparkLoader;
  private static ClassLoader connectLoader;

  private Engines() {}

  /** The routing engine for one run (or one shell): Kernel first for metadata, Spark opened on first need. */
  public static Engine open(EngineConfig config, Consumer<String> notices) {
    return RoutingEngine.open(config, () -> spark(config, notices));
  }

  /**
   * A Spark engine, loaded with Spark's jars when they are kept apart: embedded or on a cluster's master, or
   * the client of a Spark Connect server when the master is an {@code sc://} URL.
   */
  public static Engine spark(EngineConfig config, Consumer<String> notices) {
    boolean connect = Routing.EngineKind.of(config.master()) == Routing.EngineKind.CONNECT;
    ClassLoader loader = connect ? connectLoader() : sparkLoader();
    if (!connect) {
      // Spark finds classes (codecs, data sources, Delta's) through the context loader; the Connect client
      // does not, and its loader must not become the context of threads that run classic Spark
      Thread.currentThread().setContextClassLoader(loader);
    }
    try {
      return (Engine) Class.forName(connect ? CONNECT_ENGINE : SPARK_ENGINE, true, loader)
          .getConstructor(EngineConfig.class, Consumer.class)
          .newInstance(config, notices);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot start the Spark engine: " + e.getCause(), e);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot load the Spark engine: " + e
          + "; is the installation complete (lib/spark)?", e);
    }
  }

  /** The class loader of the Spark engine (lib/spark/), for the build's class-data sharing training. */
  public static ClassLoader sparkClassLoader() {
    return sparkLoader();
  }

  private static synchronized ClassLoader sparkLoader() {
    if (sparkLoader == null) {
      String lib = System.getProperty(SPARK_LIB);
      sparkLoader = lib == null ? Engines.class.getClassLoader() : new OwnFirstClassLoader("deltactl-spark",
          jars(Path.of(lib)), Engines.class.getClassLoader(), SPARK_OWN);
    }
    return sparkLoader;
  }

  /**
   * The Spark Connect client's loader, over Spark's. The client jar carries its own copy of Spark's SQL API,
   * and ten of those classes (Arrow's readers and writers) differ from the API jar classic Spark uses: they
   * call the client's relocated Arrow. So the client, its API copy and the engine on top of it are defined
   * here, apart from classic Spark's, whose classes they never touch.
   */
  private static synchronized ClassLoader connectLoader() {
    if (connectLoader == null) {
      ClassLoader parent = sparkLoader();
      String lib = System.getProperty(SPARK_LIB);
      try {
        URL client;
        if (lib != null) {
          // the distribution keeps the client in lib/connect/, out of classic Spark's loader
          URL[] jars = jars(Path.of(lib).resolveSibling("connect"), false);
          if (jars.length == 0) {
            throw new DeltactlException(ErrorCode.OPERATION_FAILED,
                "the Spark Connect client is missing from lib/connect; reinstall deltactl");
          }
          client = jars[0];
        } else {
          URL resource = parent.getResource("org/apache/spark/sql/connect/SparkSession.class");
          if (resource == null || !"jar".equals(resource.getProtocol())) {
            throw new DeltactlException(ErrorCode.OPERATION_FAILED, "the Spark Connect client is not on the class path");
          }
          client = new URL(resource.getPath().substring(0, resource.getPath().indexOf("!/")));
        }
        URL core = Engines.class.getProtectionDomain().getCodeSource().getLocation();
        connectLoader = new OwnFirstClassLoader("deltactl-connect", new URL[] {client, core}, parent, CONNECT_OWN);
      } catch (java.net.MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }
    return connectLoader;
  }

  private static URL[] jars(Path lib) {
    return jars(lib, true);
  }

  /** The jars of {@code lib} (and of its parent folder too, when {@code withParent}), sorted by name. */
  private static URL[] jars(Path lib, boolean withParent) {
    List<URL> urls = new ArrayList<>();
    if (!Files.isDirectory(lib)) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED,
          "this command needs Spark, and Spark's jars are missing: no folder " + lib + "; reinstall deltactl");
    }
    try {
      for (Path dir : withParent ? List.of(lib, lib.getParent()) : List.of(lib)) {
        // lib/spark/, then lib/ again: the packages this loader defines itself come from there too
        try (Stream<Path> s = Files.list(dir)) {
          for (Path p : s.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
            urls.add(p.toUri().toURL());
          }
        }
      }
    } catch (IOException e) {
      throw new DeltactlException(ErrorCode.OPERATION_FAILED, "cannot list the Spark jars in " + lib + ": " + e.getMessage(), e);
    }
    return urls.toArray(URL[]::new);
  }

  /** What the Spark loader defines itself; see {@link OwnFirstClassLoader}. */
  private static final List<String> SPARK_OWN = List.of("dev.deltactl.core.engine.spark.", "org.apache.parquet.",
      "shaded.parquet.", "org.apache.spark.sql.delta.", "io.delta.storage.");
  /** What the Connect loader defines itself: the client with its copy of Spark's SQL API, and the engine. */
  private static final List<String> CONNECT_OWN = List.of("dev.deltactl.core.engine.spark.",
      "org.apache.spark.sql.", "org.apache.spark.connect.", "org.sparkproject.");

  /**
   * Parent-first, except for the packages it defines itself (falling back to the parent for a class of such
   * a package it does not have). The Spark loader defines the Spark engine's own package (to see Spark), and
   * the packages Spark and Delta's Spark jars share with jars of {@code lib/} (Spark's
   * {@code org.apache.parquet.filter2.predicate.SparkFilterApi} calls package-private Parquet code; Delta
   * Spark and delta-storage share {@code org.apache.spark.sql.delta.coordinatedcommits}). A package split
   * across two loaders fails at run time with {@code IllegalAccessError}; here each side has its own copy,
   * and what crosses between them (Hadoop, Jackson, slf4j, snappy's native code) is loaded once.
   */
  private static final class OwnFirstClassLoader extends URLClassLoader {
    private final List<String> own;

    static {
      ClassLoader.registerAsParallelCapable();
    }

    OwnFirstClassLoader(String name, URL[] urls, ClassLoader parent, List<String> own) {
      super(name, urls, parent);
      this.own = own;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (own.stream().noneMatch(name::startsWith)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try {
            c = findClass(name);
          } catch (ClassNotFoundException e) {
            return super.loadClass(name, resolve);
          }
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }
}
