package dev.deltactl.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code deltactl --version}: our version and the versions of the engines we were built with. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("/deltactl-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException ignored) {
      // fall through to "unknown"
    }
    return new String[] {
      "deltactl " + p.getProperty("version", "unknown"),
      "Spark " + p.getProperty("spark", "unknown") + ", Delta Lake " + p.getProperty("delta", "unknown")
          + ", Java " + System.getProperty("java.version")
    };
  }
}
