package dev.deltactl.cli.command;

import dev.deltactl.cli.Cli;
import dev.deltactl.cli.Profiles;
import dev.deltactl.cli.ExitCodes;
import dev.deltactl.cli.output.TerminalProgress;
import dev.deltactl.cli.output.Views;
import dev.deltactl.core.api.OptimizeRequest;
import dev.deltactl.core.api.OptimizeResult;
import dev.deltactl.cli.Redactor;
import dev.deltactl.cli.VersionProvider;
import dev.deltactl.cli.output.OutputFormat;
import dev.deltactl.cli.output.Printer;
import dev.deltactl.cli.output.Rendered;
import dev.deltactl.core.api.Engine;
import dev.deltactl.core.api.EngineSession;
import dev.deltactl.core.api.Durations;
import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.api.Settings;
import dev.deltactl.core.engine.Endpoints;
import dev.deltactl.core.error.DeltactlException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code deltactl}: the global options, shared by every command, and what the commands share. */
@Command(
    name = "deltactl",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Manage Delta Lake tables: create, load, compact, clean and time-travel them, on embedded Spark.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  the operation failed",
      "  2  bad usage or invalid input",
      "  3  the table, a version or a path does not exist, or is not a Delta table",
      "  4  a concurrent transaction conflicted (safe to retry)",
      "  5  refused by a safety check",
      "  6  a table breaches the maintenance policy (health --fail-on)",
      "",
      "TABLE is a path (/data/t, ./t, s3a://bucket/t, delta.`/data/t`) or a metastore name ([db.]t)."
    })
public final class RootCommand implements Runnable {
  /**
   * The commands, in the order help lists them. Added by {@link Cli} rather than named in the annotation: a
   * one-shot run builds only those it names (picocli reads every option of every command it is given, a
   * quarter of a second for all of them).
   */
  public static final List<Class<?>> COMMANDS = List.of(
      CreateCommand.class,
      DescribeCommand.class,
      HistoryCommand.class,
      OptimizeCommand.class,
      ZorderCommand.class,
      VacuumCommand.class,
      TimeTravelCommand.class,
      CopyIntoCommand.class,
      BloomIndexCommand.class,
      SqlCommand.class,
      ShellCommand.class,
      ProfileCommand.class,
      CompletionCommand.class,
      CheckpointCommand.class,
      LogCleanupCommand.class,
      HealthCommand.class,
      PropertiesCommand.class,
      MaintainCommand.class,
      FilesCommand.class,
      FsckCommand.class,
      ChangesCommand.class,
      ConvertCommand.class,
      ClusterByCommand.class,
      FeatureCommand.class,
      PurgeCommand.class);

  private final PrintStream out;
  private final PrintStream err;
  private final Cli.EngineFactory engines;
  private final Redactor redactor;
  private volatile Engine engine;
  private String engineMaster;
  private Map<String, String> engineConf;
  /** The settings of the shell this root runs in; null outside a shell. */
  private ShellSettings shellSettings;

  @Spec CommandSpec spec;

  @Option(names = "--master", paramLabel = "URL", scope = ScopeType.INHERIT, order = 1,
      description = "Spark master: local[*] (default, Spark embedded in this process), local[N], local[N,F],"
          + " spark://host:7077, yarn, k8s://https://host:port")
  String master;

  @Option(names = "--remote", paramLabel = "URL", scope = ScopeType.INHERIT, order = 1,
      description = "A Spark Connect server, instead of a master: sc://HOST[:PORT][/;token=...;use_ssl=true]"
          + " (the token is never printed)")
  String remote;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT, order = 2,
      description = "How long to wait for a remote master or Connect server to answer before failing"
          + " (default 5s; also --conf deltactl.connect.timeout)")
  String connectTimeout;

  @Option(names = "--profile", paramLabel = "NAME", scope = ScopeType.INHERIT, order = 3,
      description = "A connection profile (profiles.properties in the config folder; also $DELTACTL_PROFILE):"
          + " its master and settings, under --master and --conf given here")
  String profile;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", scope = ScopeType.INHERIT, order = 2,
      description = "A setting, repeatable: Spark keys (spark.*), Hadoop keys (fs.s3a.*, anything else) and"
          + " deltactl's (deltactl.metastore.wait=60s). Values of keys naming a secret (key, secret, token,"
          + " password, sas, credential) and the user:password of URLs are never printed.")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT, order = 3,
      description = "Result format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
  OutputFormat output = OutputFormat.TABLE;

  @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT, order = 4,
      description = "Print results and errors only: no notes or warnings")
  boolean quiet;

  /** How many -v were given; the log levels themselves are set by Main before any logger exists. */
  int verbosity;

  @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT, order = 5,
      description = "More output on stderr: -v our progress and settings, -v -v Spark's logs too")
  void verbose(boolean on) {
    verbosity++;
  }

  @Option(names = "--debug", scope = ScopeType.INHERIT, order = 6,
      description = "Print stack traces of errors")
  boolean debug;

  @Option(names = "--no-progress", scope = ScopeType.INHERIT, order = 7,
      description = "No progress line on stderr (there is none anyway when stderr is not a terminal)")
  boolean noProgress;

  public RootCommand(PrintStream out, PrintStream err, Cli.EngineFactory engines, Redactor redactor) {
    this.out = out;
    this.err = err;
    this.engines = engines;
    this.redactor = redactor;
  }

  @Override
  public void run() {
    spec.commandLine().usage(err);
  }

  public boolean debug() {
    return debug;
  }

  /**
   * The engine for this run, opened on first use with the global options. In the shell it stays open from
   * one command to the next; a command with another master or other settings gets a new one.
   */
  Engine engine(String command) {
    Profiles.Profile p = profile();
    String effectiveMaster = effectiveMaster();
    Map<String, String> effectiveConf = new LinkedHashMap<>(p == null ? Map.of() : p.conf());
    effectiveConf.putAll(conf);
    if (connectTimeout != null) {
      effectiveConf.put(EngineConfig.CONNECT_TIMEOUT, connectTimeout);
    }
    if (engine != null && effectiveMaster.equals(engineMaster) && !effectiveConf.equals(engineConf)
        && EngineSession.of(engine).reconfigure(engineConf, effectiveConf)) {
      redactor.learn(effectiveConf);
      engineConf = effectiveConf; // applied to the live session
    }
    if (engine != null && !(effectiveMaster.equals(engineMaster) && effectiveConf.equals(engineConf))) {
      note("the settings changed: starting a new session");
      closeEngine();
    }
    if (engine == null) {
      redactor.learn(effectiveConf);
      EngineConfig config = new EngineConfig(effectiveMaster, effectiveConf, null, "deltactl " + command);
      engineMaster = effectiveMaster;
      engineConf = effectiveConf;
      engine = engines.apply(config, this::note);
      if (!quiet && !noProgress && TerminalProgress.stderrIsTerminal()) {
        engine.onProgress(new TerminalProgress(err));
      }
    }
    return engine;
  }

  /**
   * Checks the global options that choose and configure the engine, and the profile they name, before any
   * command runs (so also those Kernel answers without Spark, and those that open no engine): a bad value is
   * exit 2, naming it, and no engine opens.
   */
  public void checkSettings() {
    redactor.learn(conf); // first: no message below shows their secrets
    if (master != null) {
      Settings.checkMaster(master, "--master");
    }
    if (remote != null) {
      Settings.checkRemote(remote, "--remote");
    }
    Settings.checkConf(conf, "--conf");
    if (connectTimeout != null) {
      Durations.parse(connectTimeout, "--connect-timeout");
    }
    profile();
  }

  /** Runs optimize or zorder and prints its plan or result. */
  int optimize(OptimizeRequest request) {
    OptimizeResult result = engine(request.zOrder() ? "zorder" : "optimize").optimize(request);
    print(Views.optimize(result));
    return ExitCodes.OK;
  }

  /** The profile named by --profile or $DELTACTL_PROFILE, or null; a note when its file is readable by others. */
  Profiles.Profile profile() {
    String name = profile != null ? profile : System.getenv("DELTACTL_PROFILE");
    if (name == null || name.isBlank()) {
      return null;
    }
    Profiles profiles = Profiles.load(Profiles.defaultFile());
    String warning = profiles.permissionWarning();
    if (warning != null && warnedAbout == null) {
      warnedAbout = warning;
      note(warning);
    }
    Profiles.Profile p = profiles.get(name);
    redactor.learn(p.conf());
    return p;
  }

  private String warnedAbout;

  /**
   * The master (or Spark Connect URL) the next command runs on: --remote or --master, else the profile's,
   * else the default.
   */
  public String effectiveMaster() {
    if (remote != null && master != null) {
      throw DeltactlException.invalid("--master and --remote both name an engine: give one");
    }
    if (remote != null) {
      Settings.checkRemote(remote, "--remote");
    }
    Profiles.Profile p = profile();
    String url = remote != null ? remote : master != null ? master
        : p != null && p.master() != null ? p.master() : EngineConfig.DEFAULT_MASTER;
    List<String> secrets = Endpoints.secrets(url);
    for (int i = 0; i < secrets.size(); i++) {
      redactor.learn(Map.of("connect.token." + i, secrets.get(i)));
    }
    return url;
  }

  /** The engine with the settings of the last command, for the shell's completion (describe). */
  public Engine engineForShell() {
    return engine("shell");
  }

  /** The metastore's table names, when the engine has it open already (for completion); empty otherwise. */
  public List<String> tableNames() {
    Engine e = engine;
    try {
      return e == null ? List.of() : EngineSession.of(e).tableNames();
    } catch (RuntimeException ex) {
      return List.of();
    }
  }

  /** One warm-up round on the engine, if it is open (see {@link EngineSession#warmUp}); false when none ran whole. */
  public boolean warmUp(java.util.function.BooleanSupplier stop) {
    Engine e = engine;
    return e != null && EngineSession.of(e).warmUp(stop);
  }

  /** Deletes what the warm-up rounds left, once none runs (the shell's end). */
  public void endWarmUps() {
    Engine e = engine;
    if (e != null) {
      EngineSession.of(e).endWarmUps();
    }
  }

  /** Cancels what the engine runs now, if it is open (Ctrl-C in the shell). */
  public void cancel() {
    Engine e = engine;
    if (e != null) {
      EngineSession.of(e).cancel();
    }
  }

  /** Runs the command that follows in a shell with these settings ({@code shell} is refused inside it). */
  public void enterShell(ShellSettings settings) {
    shellSettings = settings;
  }

  public void leaveShell() {
    shellSettings = null;
  }

  /** The settings of the shell the commands run in; null outside a shell. */
  ShellSettings shellSettings() {
    return shellSettings;
  }

  public PrintStream out() {
    return out;
  }

  public PrintStream err() {
    return err;
  }

  public Redactor redactor() {
    return redactor;
  }

  public void closeEngine() {
    if (engine != null) {
      engine.close();
      engine = null;
    }
  }

  void print(Rendered result) {
    Printer.of(output).print(result, out);
  }

  /** A note for the user on stderr, unless {@code --quiet}. */
  void note(String message) {
    if (!quiet) {
      err.println(redactor.redact("note: " + message));
      err.flush();
    }
  }
}
