package dev.deltactl.cli;

import dev.deltactl.core.engine.Engines;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The {@code deltactl} program. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    configureLogging(args);
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    Redactor redactor = new Redactor();
    PrintStream err = redactor.wrap(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
    // stdout carries results only: whatever a library prints goes to stderr, redacted like the rest
    System.setOut(err);
    System.setErr(err);
    // deltactl alone on a terminal opens the shell
    int code = Cli.run(args.length == 0 && System.console() != null ? new String[] {"shell"} : args, out, err,
        Engines::open, redactor);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * Sets the log levels before any logger exists: by default nothing from libraries (errors reach the user
   * as one line of ours) and warnings of
   * ours; {@code -v} our INFO and library warnings; {@code -v -v} everything at INFO; {@code --debug} our
   * DEBUG. Spark's log4j2 calls go to the same slf4j-simple output.
   */
  static void configureLogging(String[] args) {
    int verbose = 0;
    boolean debug = false;
    boolean quiet = false;
    for (String a : args) {
      if (a.equals("--")) {
        break;
      }
      if (a.equals("--verbose")) {
        verbose++;
      } else if (a.equals("--debug")) {
        debug = true;
      } else if (a.equals("--quiet")) {
        quiet = true;
      } else if (a.matches("-[a-zA-Z]+") ) {
        verbose += (int) a.chars().filter(c -> c == 'v').count();
        quiet |= a.indexOf('q') > 0;
      }
    }
    String ours = debug ? "debug" : verbose >= 1 ? "info" : quiet ? "error" : "warn";
    String libraries = verbose >= 2 ? "info" : verbose == 1 ? "warn" : "off";
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", libraries);
    setDefault("org.slf4j.simpleLogger.log.dev.deltactl", ours);
    setDefault("org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader", "error");
    if (verbose < 2) {
      // says it lists the log from version 0 whenever a table has no checkpoint yet, which is normal
      setDefault("org.slf4j.simpleLogger.log.io.delta.kernel.internal.snapshot.SnapshotManager", "error");
    }
    setDefault("org.slf4j.simpleLogger.showThreadName", "false");
    setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
    setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
    // log4j2 API calls (Spark, Hadoop, Hive) go to slf4j, and log4j2 says nothing about choosing
    setDefault("log4j2.loggerContextFactory", "org.apache.logging.slf4j.SLF4JLoggerContextFactory");
    setDefault("log4j.provider", "org.apache.logging.slf4j.SLF4JProvider");
    setDefault("log4j2.statusLoggerLevel", "OFF");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
