package dev.deltactl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell in a real pseudo-terminal (tmux): Tab completes a column name, a command runs, a statement with a
 * quote left open goes on on the next line, Ctrl-C cancels a long query and the prompt comes back, Ctrl-D leaves.
 */
class ShellTerminalTest {
  @TempDir Path tmp;
  private final String session = "deltactl-test-" + ProcessHandle.current().pid();

  private static String tmux(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("tmux"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
    return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
  }

  private String screen() throws IOException, InterruptedException {
    return tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", session);
  }

  private String waitFor(String text, Duration max) throws Exception {
    long end = System.nanoTime() + max.toNanos();
    String s = "";
    while (System.nanoTime() < end) {
      s = screen();
      if (s.contains(text)) {
        return s;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("'" + text + "' did not appear within " + max + "; the screen:\n" + s);
  }

  @AfterEach
  void kill() throws Exception {
    tmux("kill-session", "-t", session);
  }

  @Test
  void tabCompletesAColumnCtrlCCancelsAndCtrlDLeaves() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path table = tmp.resolve("sales");
    Launcher.Result created = Launcher.deltactl(home, "create", table.toString(), "--schema",
        "id BIGINT, region STRING, amount DOUBLE", "-q");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "50",
        "env DELTACTL_HOME=" + home + " " + Launcher.LAUNCHER + " shell")).doesNotStartWith("exit");
    waitFor("deltactl local[*]> ", Duration.ofSeconds(60));

    // a column of the table already typed, completed by Tab
    tmux("send-keys", "-t", session, "zorder " + table + " --by reg", "Tab");
    waitFor("--by region", Duration.ofSeconds(60));

    // a command runs, and the prompt comes back
    tmux("send-keys", "-t", session, "C-u", "describe " + table, "Enter");
    waitFor("tableFeatures", Duration.ofSeconds(60));

    // a statement as typed: a quote left open goes on on the next line, the prompt saying what is open
    tmux("send-keys", "-t", session, "sql -o json SELECT 'region' AS lit, \"it's\" AS dq, 'a", "Enter");
    waitFor("quote            > ", Duration.ofSeconds(10));
    tmux("send-keys", "-t", session, "b' AS `m", "Enter");
    waitFor("bquote           > ", Duration.ofSeconds(10));
    tmux("send-keys", "-t", session,
        "`, (SELECT count(*) FROM delta.`" + table + "` WHERE region = 'region') AS c", "Enter");
    waitFor("[{\"lit\":\"region\",\"dq\":\"it's\",\"m\\n\":\"a\\nb\",\"c\":0}]", Duration.ofSeconds(60));

    // Ctrl-C cancels a long query (sent until the jobs run), and the shell goes on
    tmux("send-keys", "-t", session, "sql \"SELECT count(*) FROM range(0, 100000000000, 1, 2)\"", "Enter");
    long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!screen().contains("error: cancelled") && System.nanoTime() < end) {
      Thread.sleep(3000);
      tmux("send-keys", "-t", session, "C-c");
    }
    String afterCancel = waitFor("error: cancelled", Duration.ofSeconds(5));
    assertThat(afterCancel.substring(afterCancel.indexOf("error: cancelled"))).contains("deltactl local[*]> ");

    // Ctrl-D leaves
    tmux("send-keys", "-t", session, "C-d");
    long leave = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!tmux("has-session", "-t", session).startsWith("exit") && System.nanoTime() < leave) {
      Thread.sleep(200);
    }
    assertThat(tmux("has-session", "-t", session)).startsWith("exit");
    assertThat(Files.exists(home.resolve("history"))).isTrue();
  }
}
