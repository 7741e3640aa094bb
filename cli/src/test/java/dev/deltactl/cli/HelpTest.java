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
        }
      }
    }
    assertThat(wrong).isEmpty();
  }
}
