package dev.deltactl.cli.command;

import dev.deltactl.cli.output.OutputFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of one shell, the one place its state lives: the engine and settings every command of the
 * shell runs with, changed by {@code set} and {@code unset} (picocli commands on the shell's tree).
 */
public final class ShellSettings {
  private String master;
  private final Map<String, String> conf;
  private OutputFormat output;
  private boolean timing;
  private final List<String> flags;

  /**
   * @param master, conf, output the global options the shell started with, which apply to every command
   * @param flags the other global flags given (-q, -v, --debug, --no-progress, --profile ...)
   */
  public ShellSettings(String master, Map<String, String> conf, OutputFormat output, List<String> flags) {
    this.master = master;
    this.conf = new LinkedHashMap<>(conf);
    this.output = output;
    this.flags = List.copyOf(flags);
  }

  public String master() {
    return master;
  }

  void master(String master) {
    this.master = master;
  }

  /** The settings given with --conf and {@code set conf}, in the order given. */
  public Map<String, String> conf() {
    return java.util.Collections.unmodifiableMap(conf);
  }

  void conf(String key, String value) {
    conf.put(key, value);
  }

  void unset(String key) {
    conf.remove(key);
  }

  public OutputFormat output() {
    return output;
  }

  void output(OutputFormat output) {
    this.output = output;
  }

  /** Whether each command's wall time is printed. */
  public boolean timing() {
    return timing;
  }

  void timing(boolean timing) {
    this.timing = timing;
  }

  public List<String> flags() {
    return flags;
  }

  /** The global options that give every command of the shell these settings, before its own words. */
  public List<String> arguments() {
    List<String> args = new java.util.ArrayList<>(List.of("--master", master, "-o", output.toString()));
    conf.forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    args.addAll(flags);
    return args;
  }
}
