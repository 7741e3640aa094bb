package dev.deltactl.cli;

import dev.deltactl.cli.command.RootCommand;
import dev.deltactl.core.api.Engine;
import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.api.Secrets;
import dev.deltactl.core.error.DeltactlException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Builds the command line with its streams, engine factory, exception handlers and exit codes, all wired
 * in one place, so that the one-shot CLI, the shell and the tests run the same thing.
 */
public final class Cli {
  /** Creates the engine for a command, given its settings and where to send notices to the user. */
  public interface EngineFactory extends BiFunction<EngineConfig, Consumer<String>, Engine> {}

  private Cli() {}

  public static CommandLine commandLine(PrintStream out, PrintStream err, EngineFactory engines, Redactor redactor) {
    return commandLine(new RootCommand(out, err, engines, redactor));
  }

  /** The commands that print or read the whole command tree: a run naming one of them builds it whole. */
  private static final java.util.Set<String> WHOLE_TREE = java.util.Set.of("completion", "shell");

  /**
   * The commands a one-shot run needs: the one its first word after the global options names, or all of them
   * when that word names none (an unknown command, with its suggestions), when there is no such word (help,
   * the version), when a global option asks for help or the version, or when one it does not know comes first,
   * and for the commands that read the whole tree.
   */
  static List<Class<?>> commandsNamed(CommandLine.Model.CommandSpec root, String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("-")) {
        CommandLine.Model.OptionSpec o = root.findOption(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
        if (o == null || o.usageHelp() || o.versionHelp()) {
          return RootCommand.COMMANDS;
        }
        if (o.arity().max() > 0 && !a.contains("=")) {
          i++; // its value
        }
        continue;
      }
      for (Class<?> c : RootCommand.COMMANDS) {
        CommandLine.Command command = c.getAnnotation(CommandLine.Command.class);
        if (command.name().equals(a) || java.util.Arrays.asList(command.aliases()).contains(a)) {
          return WHOLE_TREE.contains(command.name()) ? RootCommand.COMMANDS : List.of(c);
        }
      }
      return RootCommand.COMMANDS;
    }
    return RootCommand.COMMANDS;
  }

  /**
   * A command line over an existing root command: the shell's, which runs each line on it and so keeps the
   * root's engine (and its Spark session) from one command to the next, with its own commands added.
   */
  public static CommandLine commandLine(RootCommand root, Object... moreCommands) {
    return commandLine(root, spec -> RootCommand.COMMANDS, moreCommands);
  }

  private static CommandLine commandLine(RootCommand root,
      java.util.function.Function<CommandLine.Model.CommandSpec, List<Class<?>>> commands, Object... moreCommands) {
    PrintStream out = root.out();
    PrintStream err = root.err();
    Redactor redactor = root.redactor();
    CommandLine cl = new CommandLine(root);
    for (Class<?> command : commands.apply(cl.getCommandSpec())) {
      cl.addSubcommand(command);
    }
    for (Object command : moreCommands) { // before the settings below, which apply to the subcommands there are
      cl.addSubcommand(command);
    }
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // -v -v counts; for other options the last value given wins, as in most tools
    cl.setOverwrittenOptionsAllowed(true);
    cl.setExitCodeExceptionMapper(t -> t instanceof DeltactlException d ? ExitCodes.of(d.code()) : ExitCodes.FAILED);
    cl.setParameterExceptionHandler(Cli::usageError);
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ex, root, redactor, err));
    // the settings that choose and configure the engine are checked once, before any command runs
    cl.setExecutionStrategy(parseResult -> {
      // picocli lets words it did not match pass when help is asked for ("deltactl NOSUCH --help"): they are
      // the same usage error as without it
      for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
        if (!r.unmatched().isEmpty()) {
          throw new CommandLine.UnmatchedArgumentException(r.commandSpec().commandLine(), r.unmatched());
        }
      }
      Integer help = CommandLine.executeHelpRequest(parseResult);
      if (help != null) {
        return help;
      }
      try {
        root.checkSettings();
      } catch (DeltactlException e) {
        throw new CommandLine.ExecutionException(cl, e.getMessage(), e);
      }
      return new CommandLine.RunLast().execute(parseResult);
    });
    return cl;
  }

  private static int usageError(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    String message = "error: " + ex.getMessage().replaceFirst("^Error: ", "").replace("option option ", "option ");
    Object root = cl.getCommandSpec().root().userObject();
    // the value echoed may hold a secret (--conf fs.s3a.secret.key, a URL's user-info)
    err.println(root instanceof RootCommand r ? r.redactor().redact(message) : Secrets.redactUrls(message));
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static int failure(Exception ex, RootCommand root, Redactor redactor, PrintStream err) {
    if (ex instanceof ParameterException pe) {
      return usageError(pe, new String[0]);
    }
    int code;
    String message;
    if (ex instanceof DeltactlException d) {
      code = ExitCodes.of(d.code());
      message = d.getMessage();
    } else {
      code = ExitCodes.FAILED;
      message = "unexpected " + ex.getClass().getSimpleName() + ": " + ex.getMessage()
          + (root.debug() ? "" : " (run with --debug for the stack trace)");
    }
    err.println(redactor.redact("error: " + oneLine(message)));
    if (root.debug()) {
      StringWriter trace = new StringWriter();
      ex.printStackTrace(new PrintWriter(trace));
      err.print(redactor.redact(trace.toString()));
    }
    err.flush();
    return code;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** Runs one command line and closes the engine it opened; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err, EngineFactory engines, Redactor redactor) {
    CommandLine cl = commandLine(new RootCommand(out, err, engines, redactor), spec -> commandsNamed(spec, args));
    try {
      return cl.execute(args);
    } finally {
      ((RootCommand) cl.getCommand()).closeEngine();
      out.flush();
      err.flush();
    }
  }
}
