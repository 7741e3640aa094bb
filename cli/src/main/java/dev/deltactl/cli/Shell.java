package dev.deltactl.cli;

import dev.deltactl.cli.command.RootCommand;
import dev.deltactl.cli.command.SetCommand;
import dev.deltactl.cli.command.ShellSettings;
import dev.deltactl.cli.command.UnsetCommand;
import dev.deltactl.core.api.DescribeRequest;
import dev.deltactl.core.api.Secrets;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.engine.Endpoints;
import dev.deltactl.core.error.DeltactlException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.FileNameCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.shell.jline3.PicocliJLineCompleter;

/**
 * The interactive shell: each line runs on one command line over the shell's root command, so every
 * command, option and help text is the one-shot CLI's, and the root's engine (its Spark session) stays
 * open from one command to the next.
 */
public final class Shell {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Shell.class);
  private static final Set<String> COLUMN_OPTIONS = Set.of("--by", "--zorder-by", "--columns", "--column", "--key",
      "--cluster-by");

  private final RootCommand root;
  private final CommandLine cl;
  private final PrintStream err;
  private final ShellSettings settings;
  private final Map<String, List<String>> columns = new HashMap<>();
  private volatile boolean warmUpFailed;
  /** A bad warm-up setting already warned of. */
  private String warnedWarmUp;
  private Thread warming;
  private java.util.concurrent.atomic.AtomicBoolean stopWarming;
  /** Rounds run in this shell, against the setting's number (the JVM's compiled code outlives a session). */
  private volatile int warmUpRoundsRun;
  private int warmUpsStarted;

  /**
   * A shell on the root command's tree, with {@code set} and {@code unset} added to it: they change the
   * settings, which the root holds while a command of the shell runs (so {@code shell} inside it is refused).
   */
  public Shell(RootCommand root, ShellSettings settings) {
    this.root = root;
    this.cl = Cli.commandLine(root, new SetCommand(), new UnsetCommand());
    this.err = root.err();
    this.settings = settings;
  }

  /** With a terminal: the interactive shell; without: a script read from stdin. Returns the exit code. */
  public int run(boolean continueOnError) throws IOException {
    if (System.console() == null) {
      return runScript(new InputStreamReader(System.in, StandardCharsets.UTF_8), continueOnError);
    }
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      return runInteractive(terminal, historyFile());
    }
  }

  /** The history file, in the config folder. */
  static Path historyFile() {
    return configDir().resolve("history");
  }

  /** The user's config folder: $DELTACTL_HOME, else $XDG_CONFIG_HOME/deltactl, else ~/.config/deltactl. */
  static Path configDir() {
    String home = System.getProperty("deltactl.home", System.getenv("DELTACTL_HOME"));
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    String xdg = System.getenv("XDG_CONFIG_HOME");
    return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config"))
        .resolve("deltactl");
  }

  /**
   * jline's parser for completion; a line is accepted when {@link ShellWords} finds it whole, and goes on
   * on the next line (with the prompt saying what is open) when a quote or comment is open or it ends
   * with a backslash.
   */
  private DefaultParser parser() {
    return new DefaultParser() {
      @Override
      public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context != ParseContext.COMPLETE) { // as jline's own parser: the continuation prompt says what is open
          try {
            ShellWords.split(line, cl.getCommandSpec());
          } catch (ShellWords.Incomplete e) {
            throw new EOFError(-1, -1, e.getMessage(), e.missing());
          }
        }
        return super.parse(line, cursor, context);
      }
    };
  }

  /** Reads commands from a terminal until Ctrl-D or exit. */
  public int runInteractive(Terminal terminal, Path history) throws IOException {
    Files.createDirectories(history.getParent());
    LineReader reader = LineReaderBuilder.builder()
        .terminal(terminal)
        .appName("deltactl")
        .history(new org.jline.reader.impl.history.DefaultHistory() {
          @Override
          public void add(java.time.Instant time, String line) {
            // the history file is plain text: a line that holds a secret (a token, a key) is not kept
            if (!holdsSecret(line)) {
              super.add(time, line);
            }
          }
        })
        .parser(parser())
        .completer(completer())
        .variable(LineReader.HISTORY_FILE, history)
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, "%M%P > ") // what is open: quote, dquote, bquote...
        .variable(LineReader.INDENTATION, 2)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .build();
    int last = 0;
    while (true) {
      String line;
      try {
        line = reader.readLine("deltactl " + Endpoints.displayUrl(settings.master()) + "> ");
      } catch (UserInterruptException e) {
        continue; // Ctrl-C at the prompt clears the line
      } catch (EndOfFileException e) {
        break;
      }
      List<String> words;
      try {
        words = ShellWords.split(line, cl.getCommandSpec());
      } catch (ShellWords.Incomplete e) { // not after the parser accepted the line: a line that jline ended
        err.println("error: " + e.getMessage() + ": " + e.advice());
        continue;
      }
      if (words.isEmpty()) {
        continue; // an empty line leaves a warm-up round running
      }
      java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
      Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> {
        interrupted.set(true);
        err.println("note: cancelling...");
        root.cancel();
      });
      try {
        stopWarmUp();
        if (isExit(words)) {
          break;
        }
        if (interrupted.get()) { // Ctrl-C before the command could start
          err.println("note: cancelled before it started");
          continue;
        }
        last = execute(words);
      } finally {
        terminal.handle(Terminal.Signal.INT, previous);
      }
      startWarmUp();
    }
    stopWarmUp();
    if (warmUpsStarted > 0) {
      root.endWarmUps();
    }
    reader.getHistory().save();
    return 0;
  }

  /** The setting that gives the number of warm-up rounds of an interactive shell (0: none). */
  static final String WARM_UP = "deltactl.shell.warmup";
  private static final int DEFAULT_WARM_UP_ROUNDS = 2;
  private static final long WARM_UP_DELAY_NANOS = 500_000_000L;

  /**
   * While the user reads a result and types the next command, runs warm-up rounds on the open engine (a
   * scratch table written, compacted and read), so the JVM compiles the code commands run before the
   * next one needs it: on two cores, the compiler otherwise takes one of them during the second command.
   * Not with -v or --debug, whose logs would write over the prompt.
   */
  private void startWarmUp() {
    int limit = warmUpLimit();
    if (warmUpRoundsRun >= limit || warmUpFailed) {
      return;
    }
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread t = new Thread(() -> {
      try {
        // lines pasted together arrive before it starts: no round to stop between them
        long start = System.nanoTime() + WARM_UP_DELAY_NANOS;
        while (!stop.get() && System.nanoTime() < start) {
          Thread.sleep(20);
        }
        while (!stop.get() && warmUpRoundsRun < limit && root.warmUp(stop::get)) {
          warmUpRoundsRun++;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception | LinkageError e) { // Spark's exceptions are checked, thrown from Scala
        // stopped (its job cancelled), or failed (a full disk): warming is an optimisation, the next
        // command runs as it would; a failure is not tried again
        warmUpFailed |= !stop.get();
        LOG.debug("warm-up stopped", e);
      }
    }, "deltactl-warm-up");
    t.setDaemon(true);
    warmUpsStarted++;
    warming = t;
    stopWarming = stop;
    t.start();
  }

  /** The rounds the setting asks for: 0 with -v or --debug, or (with a warning, once) for a bad value. */
  private int warmUpLimit() {
    if (settings.flags().stream().anyMatch(f -> f.equals("--debug") || f.equals("--verbose") || f.matches("-[a-zA-Z]*v[a-zA-Z]*"))) {
      return 0;
    }
    String setting = settings.conf().getOrDefault(WARM_UP, String.valueOf(DEFAULT_WARM_UP_ROUNDS));
    try {
      int rounds = Integer.parseInt(setting.strip());
      if (rounds >= 0 && rounds <= 10) {
        return rounds;
      }
    } catch (NumberFormatException e) {
      // the warning below
    }
    if (!setting.equals(warnedWarmUp)) {
      warnedWarmUp = setting;
      err.println("warning: " + WARM_UP + " takes a number of rounds from 0 to 10, not '" + setting
          + "': no warm-up");
    }
    return 0;
  }

  /** How many times the shell set out to warm up (after a command, the setting allowing it). */
  int warmUpsStarted() {
    return warmUpsStarted;
  }

  /** The warm-up rounds run whole so far. */
  int warmUpRoundsRun() {
    return warmUpRoundsRun;
  }

  /** Stops a warm-up round (after the step it is in) before a command runs. */
  private void stopWarmUp() {
    Thread t = warming;
    if (t == null) {
      return;
    }
    stopWarming.set(true);
    try {
      // its jobs cancelled (and any it starts before it sees the flag), it ends after the step it is in;
      // no command runs beside it
      while (t.isAlive()) {
        root.cancel();
        t.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    warming = null;
  }

  /** True when a line names a secret value: a Connect token, or a setting whose key names a secret. */
  static boolean holdsSecret(String line) {
    if (!Endpoints.secrets(line).isEmpty()) {
      return true;
    }
    for (String w : line.split("[\\s'\"]+")) {
      String word = w.replaceFirst("^--?[A-Za-z-]+=", ""); // --conf=KEY=VALUE
      if (Secrets.isSecretValue(word)) {
        return true;
      }
      int eq = word.indexOf('=');
      if (eq > 0 && eq < word.length() - 1 && Secrets.isSecretKey(word.substring(0, eq))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs the commands of a script, split as {@link ShellWords} says (a line ending with a backslash, or with a
   * quote or comment open, goes on), without prompts; stops at the first failure unless
   * {@code continueOnError}. A quote still open at the end of the script is an error (exit code 2) that
   * names its line: the command it is in, which runs to the end of the script, is not run.
   */
  public int runScript(Reader in, boolean continueOnError) throws IOException {
    BufferedReader lines = new BufferedReader(in);
    StringBuilder buffer = new StringBuilder();
    int last = 0;
    int lineNumber = 0;
    int firstLine = 1; // the line the command in the buffer starts on
    String line;
    while ((line = lines.readLine()) != null) {
      lineNumber++;
      if (buffer.isEmpty()) {
        firstLine = lineNumber;
      }
      buffer.append(line);
      List<String> words;
      try {
        words = ShellWords.split(buffer.toString(), cl.getCommandSpec());
      } catch (ShellWords.Incomplete e) {
        buffer.append('\n');
        continue;
      }
      buffer.setLength(0);
      if (words.isEmpty()) {
        continue;
      }
      if (isExit(words)) {
        break;
      }
      int code = execute(words);
      if (code != 0) {
        last = code;
        if (!continueOnError) {
          return code;
        }
      }
    }
    if (!buffer.isEmpty()) {
      String text = buffer.substring(0, buffer.length() - 1); // without the line end added
      try {
        ShellWords.split(text, cl.getCommandSpec());
      } catch (ShellWords.Incomplete e) {
        long at = firstLine + text.substring(0, e.offset).chars().filter(c -> c == '\n').count();
        String what = e.open.equals("\\") ? "the script ends after a \\ that continues this line" : e.getMessage();
        String notRun = firstLine == lineNumber ? "line " + firstLine + " was not run"
            : "lines " + firstLine + " to " + lineNumber + " were not run";
        err.println("error: line " + at + ": " + what + "; " + notRun + ": " + e.advice());
        return ExitCodes.USAGE;
      }
    }
    return last;
  }

  private static boolean isExit(List<String> words) {
    return words.size() == 1 && (words.get(0).equals("exit") || words.get(0).equals("quit"));
  }

  /** Runs one command (or a shell setting) and returns its exit code; an error never ends the shell. */
  int execute(List<String> words) {
    if (words.isEmpty()) {
      return 0;
    }
    List<String> args = new ArrayList<>(settings.arguments());
    args.addAll(words);
    long t0 = System.nanoTime();
    root.enterShell(settings);
    try {
      return cl.execute(args.toArray(String[]::new));
    } finally {
      root.leaveShell();
      root.out().flush();
      if (settings.timing()) {
        err.printf(java.util.Locale.ROOT, "time: %.3f s%n", (System.nanoTime() - t0) / 1e9);
      }
      err.flush();
    }
  }

  // ---------------------------------------------------------------- completion

  /**
   * picocli's (commands, subcommands, options, enum values), the shell's own words, paths where a table or
   * a folder goes, and the columns of the table already typed after --by, --zorder-by, --columns, --column
   * and --key.
   */
  Completer completer() {
    Completer picocli = new PicocliJLineCompleter(cl.getCommandSpec());
    Completer files = new FileNameCompleter();
    return (reader, line, candidates) -> {
      List<String> words = line.words();
      int index = line.wordIndex();
      if (index == 0) {
        for (String w : List.of("exit", "quit")) {
          candidates.add(new Candidate(w));
        }
      }
      String previous = index > 0 ? words.get(index - 1) : "";
      if (COLUMN_OPTIONS.contains(previous)) {
        String table = tableArgument(words.subList(0, index));
        if (table != null) {
          String word = line.word().substring(0, line.wordCursor());
          String prefix = word.contains(",") ? word.substring(0, word.lastIndexOf(',') + 1) : "";
          for (String c : columns(table)) {
            candidates.add(new Candidate(prefix + c, c, null, null, null, null, false));
          }
          return;
        }
      }
      picocli.complete(reader, line, candidates);
      // jline keeps the candidates that match what is typed: paths and names go with picocli's
      if (index > 0 && !line.word().startsWith("-")) {
        files.complete(reader, line, candidates);
        if (!line.word().contains("/")) {
          for (String name : root.tableNames()) {
            candidates.add(new Candidate(name, name, "tables", null, null, null, true));
          }
        }
      }
    };
  }

  /** The first positional argument of the (sub)command typed: the table. */
  private String tableArgument(List<String> words) {
    CommandSpec spec = cl.getCommandSpec();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      CommandLine sub = spec.subcommands().get(w);
      if (sub != null) {
        spec = sub.getCommandSpec();
      } else if (w.startsWith("-")) {
        OptionSpec o = spec.findOption(w.contains("=") ? w.substring(0, w.indexOf('=')) : w);
        if (o != null && o.arity().max() > 0 && !w.contains("=")) {
          i++;
        }
      } else {
        return w;
      }
    }
    return null;
  }

  private List<String> columns(String table) {
    return columns.computeIfAbsent(table, t -> {
      try {
        return root.engineForShell().describe(new DescribeRequest(TableRef.parse(t))).schema().stream()
            .map(c -> c.name()).toList();
      } catch (RuntimeException e) {
        return List.of(); // not a table (yet): nothing to offer
      }
    });
  }
}
