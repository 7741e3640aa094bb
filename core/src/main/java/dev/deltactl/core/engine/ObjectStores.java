package dev.deltactl.core.engine;

import dev.deltactl.core.engine.localfs.LocalFiles;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * The file systems deltactl reads tables from, for every engine: the Hadoop settings that select them (one
 * place for the Spark session and for Delta Kernel), and the errors Hadoop gives when a path's scheme has no
 * file system or a connector's classes are missing, in the user's words.
 *
 * <p>The distribution's {@code lib/} holds Hadoop's connectors: {@code hadoop-aws} with the AWS SDK's
 * modules ({@code s3a://}; {@code s3://} and {@code s3n://} go to it too), {@code hadoop-azure}
 * ({@code abfs://}, {@code abfss://}) and {@code hadoop-gcp} ({@code gs://}); Hadoop's own defaults
 * ({@code core-default.xml}) name their classes.
 */
public final class ObjectStores {
  /** The schemes deltactl reads, as said in errors. */
  public static final String SUPPORTED = "file, s3a (also s3 and s3n), abfs, abfss and gs";
  private static final String S3A_FILE_SYSTEM = "org.apache.hadoop.fs.s3a.S3AFileSystem";
  private static final String S3A_FILE_CONTEXT = "org.apache.hadoop.fs.s3a.S3A";

  /** How Hadoop says a scheme has no file system: FileSystem's words, then FileContext's. */
  private static final List<Pattern> NO_FILE_SYSTEM = List.of(
      Pattern.compile("No FileSystem for scheme:? \"?([A-Za-z][A-Za-z0-9+.-]*)\"?"),
      Pattern.compile("No AbstractFileSystem configured for scheme:? \"?([A-Za-z][A-Za-z0-9+.-]*)\"?"));
  /** hadoop-azure 3.5's wasb(s) file system, a stub that throws this from every method. */
  private static final String WASB_REMOVED = "WASB Driver using wasb(s) schema is no longer supported";
  /** A class that cannot be loaded or linked, as the JVM and a Spark Connect server's message say it. */
  private static final Pattern CLASS_PROBLEM = Pattern.compile(
      "ClassNotFoundException|NoClassDefFoundError|LinkageError|NoSuchMethodError|NoSuchFieldError"
          + "|IncompatibleClassChangeError|AbstractMethodError");
  /** A qualified class name, with dots or (as in NoClassDefFoundError) slashes. */
  private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_$][\\w$]*(?:[./][A-Za-z_$][\\w$]*)+");

  /** The connectors' packages: the store a class serves and the jar of lib/ that holds it. */
  private record Connector(String prefix, String store, String jar) {}

  private static final List<Connector> CONNECTORS = List.of(
      new Connector("org.apache.hadoop.fs.s3a.", "S3", "hadoop-aws-*.jar"),
      new Connector("software.amazon.awssdk.", "S3", "the AWS SDK's jars (s3, sts, s3-transfer-manager and the"
          + " modules they use)"),
      new Connector("software.amazon.s3.analyticsaccelerator.", "S3", "analyticsaccelerator-s3-*.jar"),
      new Connector("software.amazon.eventstream.", "S3", "eventstream-*.jar"),
      new Connector("org.apache.hadoop.fs.azurebfs.", "Azure", "hadoop-azure-*.jar"),
      new Connector("org.apache.hadoop.fs.azure.", "Azure", "hadoop-azure-*.jar"),
      new Connector("org.HdrHistogram.", "Azure", "HdrHistogram-*.jar"),
      new Connector("org.apache.hadoop.fs.gs.", "Google Cloud Storage", "hadoop-gcp-*.jar"),
      new Connector("com.google.cloud.hadoop.", "Google Cloud Storage", "hadoop-gcp-*.jar"),
      new Connector("org.wildfly.openssl.", null, "wildfly-openssl-*.jar"),
      new Connector("org.apache.commons.lang3.", null, "commons-lang3-*.jar"),
      new Connector("org.apache.commons.logging.", null, "jcl-over-slf4j-*.jar"),
      new Connector("org.apache.http.", null, "httpclient-*.jar and httpcore-*.jar"),
      new Connector("io.netty.", null, "Netty's jars (netty-*.jar)"));

  private ObjectStores() {}

  /**
   * deltactl's Hadoop settings, under the user's: {@code s3://} and {@code s3n://} read through S3A (Hadoop
   * has no other file system for them, and Delta's log store for them is the S3 one already), and, for an
   * engine that runs in this process ({@code local}), {@link LocalFiles} for {@code file:} paths.
   */
  public static Map<String, String> hadoopDefaults(boolean local) {
    Map<String, String> s = new LinkedHashMap<>();
    for (String scheme : List.of("s3", "s3n")) {
      s.put("fs." + scheme + ".impl", S3A_FILE_SYSTEM);
      s.put("fs.AbstractFileSystem." + scheme + ".impl", S3A_FILE_CONTEXT);
    }
    if (local) {
      s.putAll(LocalFiles.settings());
    }
    return s;
  }

  /**
   * The Hadoop configuration of an engine in this process: {@link #hadoopDefaults}, then the Hadoop settings
   * the user gave, read the way the Spark engine reads them: {@code spark.hadoop.K} and any key outside
   * {@code spark.*} and {@code deltactl.*} is a Hadoop key (credentials included).
   */
  public static Configuration hadoopConf(Map<String, String> conf) {
    Configuration c = new Configuration();
    hadoopDefaults(true).forEach(c::set);
    conf.forEach((k, v) -> {
      if (k.startsWith("spark.hadoop.")) {
        c.set(k.substring("spark.hadoop.".length()), v);
      } else if (!k.startsWith("spark.") && !k.startsWith("deltactl.")) {
        c.set(k, v);
      }
    });
    return c;
  }

  /**
   * The error for a failure to open a path's file system, from any engine, or null when {@code t} is not
   * one: a scheme without a file system or the removed wasb driver (bad input, exit 2, naming the schemes
   * deltactl reads), or a connector class missing from the installation (failed, naming the jar).
   */
  public static DeltactlException failure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DeltactlException d) {
        return d.code() == ErrorCode.UNSUPPORTED_SCHEME || d.code() == ErrorCode.CONNECTOR_MISSING ? d : null;
      }
      String message = String.valueOf(c.getMessage());
      if (message.contains(WASB_REMOVED)) {
        return new DeltactlException(ErrorCode.UNSUPPORTED_SCHEME, "wasb:// and wasbs:// paths are not supported"
            + " (Hadoop 3.5's wasb driver is a stub): read the same container with abfss://, as"
            + " CONTAINER@ACCOUNT.dfs.core.windows.net", t);
      }
      for (Pattern p : NO_FILE_SYSTEM) {
        Matcher m = p.matcher(message);
        if (m.find()) {
          String scheme = m.group(1).toLowerCase(Locale.ROOT);
          Connector connector = connectorOfScheme(scheme);
          if (connector != null) {
            return missing(connector, t);
          }
          return new DeltactlException(ErrorCode.UNSUPPORTED_SCHEME, "no file system for scheme '" + scheme
              + "': deltactl reads " + SUPPORTED + " paths", t);
        }
      }
      if (c instanceof ClassNotFoundException || c instanceof LinkageError || CLASS_PROBLEM.matcher(message).find()) {
        Matcher m = QUALIFIED.matcher(message);
        while (m.find()) {
          Connector connector = connectorOfClass(m.group().replace('/', '.'));
          if (connector != null) {
            return missing(connector, t);
          }
        }
      }
    }
    return null;
  }

  private static DeltactlException missing(Connector c, Throwable t) {
    return new DeltactlException(ErrorCode.CONNECTOR_MISSING, (c.store() == null ? "an object-store connector"
        : "the " + c.store() + " connector") + " cannot load: deltactl's lib/ folder lacks " + c.jar()
        + " (or holds another version); reinstall deltactl", t);
  }

  private static Connector connectorOfClass(String className) {
    for (Connector c : CONNECTORS) {
      if (className.startsWith(c.prefix())) {
        return c;
      }
    }
    return null;
  }

  private static Connector connectorOfScheme(String scheme) {
    return switch (scheme) {
      case "s3", "s3a", "s3n" -> CONNECTORS.get(0);
      case "abfs", "abfss" -> connectorOfClass("org.apache.hadoop.fs.azurebfs.");
      case "gs" -> connectorOfClass("org.apache.hadoop.fs.gs.");
      default -> null;
    };
  }
}
