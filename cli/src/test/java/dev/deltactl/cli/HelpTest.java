package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command and subcommand answers -h and --help with its usage, exit 0 (no engine is opened). */
class HelpTest {
  private static void walk(CommandLine c, List<String> path, List<List<String>> out) {
    out.add(path);
    c.getSubcommands().forEach((name, sub) -> {
      if (sub.getCommandName().equals(name)) { // aliases once
        List<String> p = new ArrayList<>(path);
        p.add(name);
        walk(sub, p, out);
      }
    });
  }

  private static CommandLine at(CommandLine root, List<String> path) {
    CommandLine c = root;
    for (String name : path) {
      c = c.getSubcommands().get(name);
    }
    return c;
  }

  /** The commands a run of these words builds, with deltactl's global options. */
  private static List<Class<?>> commandsNamed(String... args) {
    java.io.PrintStream sink = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
    return Cli.commandsNamed(new CommandLine(new dev.deltactl.cli.command.RootCommand(sink, sink, null,
        new Redactor())).getCommandSpec(), args);
  }

  private static List<String> named(String... args) {
    return commandsNamed(args).stream().map(c -> c.getAnnotation(CommandLine.Command.class).name()).toList();
  }

  /** A one-shot run builds only the commands its words name; all of them when it names none. */
  @Test
  void aRunBuildsTheCommandsItNames() {
    assertThat(named("history", "/t", "-n", "10")).containsExactly("history");
    assertThat(named("time-travel", "versions", "/t")).containsExactly("time-travel");
    assertThat(named("-v", "-v", "describe", "/t", "-v")).containsExactly("describe");
    // a global option's value is not the command, whatever it says
    assertThat(named("--profile", "describe", "-o", "files", "--conf", "a=b", "--master=x", "history", "/t"))
        .containsExactly("history");
    for (String[] whole : List.of(new String[0], new String[] {"--version"}, new String[] {"histroy", "/t"},
        new String[] {"histroy", "files"}, new String[] {"completion", "bash"}, new String[] {"shell"},
        new String[] {"--help"}, new String[] {"--help", "history"}, new String[] {"-h", "describe"},
        new String[] {"-V", "history"}, new String[] {"--nosuch", "history"}, new String[] {"-qv", "history"})) {
      assertThat(commandsNamed(whole)).as(String.join(" ", whole))
          .isEqualTo(dev.deltactl.cli.command.RootCommand.COMMANDS);
    }
    TestCli.Run typo = TestCli.run("histroy", "/t");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("Did you mean: deltactl history");
    // help asked for before the command is the whole tree's
    TestCli.Run help = TestCli.run("--help", "history");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("  describe").contains("  vacuum").contains("  purge");
  }

  @Test
  void everyCommandAnswersHelp() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine root = Cli.commandLine(sink, sink, (config, notices) -> {
      throw new AssertionError("help opened an engine");
    }, new Redactor());
    List<List<String>> commands = new ArrayList<>();
    walk(root, List.of(), commands);
    assertThat(commands).hasSizeGreaterThan(30);
    List<String> wrong = new ArrayList<>();
    for (List<String> path : commands) {
      for (String flag : List.of("-h", "--help")) {
        List<String> args = new ArrayList<>(path);
        args.add(flag);
        TestCli.Run r = TestCli.run(args.toArray(String[]::new));
        String usage = "Usage: deltactl" + (path.isEmpty() ? "" : " " + String.join(" ", path));
        if (r.exitCode() != 0 || !r.out().startsWith(usage)) {
          wrong.add(String.join(" ", args) + ": exit " + r.exitCode() + ", " + r.err().strip());
        } else if (!r.out().equals(at(root, path).getUsageMessage())) {
          // the run built only the commands it names: its help is the whole tree's, word for word
          wrong.add(String.join(" ", args) + ": not the whole tree's usage");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }
}
