package dev.deltactl.cli.command;

import dev.deltactl.cli.output.OutputFormat;
import dev.deltactl.core.api.Secrets;
import dev.deltactl.core.api.Settings;
import dev.deltactl.core.engine.Endpoints;
import dev.deltactl.core.error.DeltactlException;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** The shell's {@code set}: shows its settings, or changes one for the commands that follow. */
@Command(name = "set", sortOptions = false, mixinStandardHelpOptions = true,
    description = "In the shell: show the settings every command runs with, or change one for the commands that"
        + " follow (a Spark SQL setting applies to the live session).")
public final class SetCommand implements Runnable {
  @ParentCommand RootCommand root;

  /** On or off, as typed. */
  public enum Switch {
    ON,
    OFF;

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private ShellSettings settings() {
    return root.shellSettings();
  }

  @Override
  public void run() {
    ShellSettings s = settings();
    PrintStream out = root.out();
    out.println("master  " + Endpoints.displayUrl(s.master()));
    out.println("output  " + s.output());
    out.println("timing  " + (s.timing() ? "on" : "off"));
    s.conf().forEach((k, v) -> out.println("conf    " + k + "=" + Secrets.display(k, v)));
    out.flush();
  }

  @Command(name = "output", description = "The result format of the commands that follow: ${COMPLETION-CANDIDATES}")
  void output(@Parameters(paramLabel = "FORMAT", description = "${COMPLETION-CANDIDATES}") OutputFormat format) {
    settings().output(format);
  }

  @Command(name = "conf", description = "A setting for the commands that follow, as --conf gives it")
  void conf(@Parameters(paramLabel = "KEY=VALUE") String setting) {
    int eq = setting.indexOf('=');
    if (eq <= 0) {
      throw DeltactlException.invalid("set conf takes KEY=VALUE, e.g. spark.sql.shuffle.partitions=8");
    }
    String key = setting.substring(0, eq);
    String value = setting.substring(eq + 1);
    root.redactor().learn(Map.of(key, value)); // before any message can echo it
    Settings.checkConf(key, value, "setting");
    settings().conf(key, value);
  }

  @Command(name = "master", description = "The Spark master of the commands that follow")
  void master(@Parameters(paramLabel = "URL") String url) {
    root.redactor().learn(Map.of("master.url", url));
    Settings.checkMaster(url, "master");
    settings().master(url);
  }

  @Command(name = "remote", description = "The Spark Connect server of the commands that follow: sc://HOST[:PORT]")
  void remote(@Parameters(paramLabel = "URL") String url) {
    root.redactor().learn(Map.of("master.url", url));
    Settings.checkRemote(url, "remote");
    settings().master(url);
  }

  @Command(name = "timing", description = "Print the wall time of each command: ${COMPLETION-CANDIDATES}")
  void timing(@Parameters(paramLabel = "on|off") Switch on) {
    settings().timing(on == Switch.ON);
  }
}
