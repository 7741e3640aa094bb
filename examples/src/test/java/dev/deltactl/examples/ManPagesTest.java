package dev.deltactl.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The distribution ships a man page for every command, which groff renders without a warning. */
class ManPagesTest {
  private static final Path DIST = Launcher.LAUNCHER.getParent().getParent();

  /** Every command and subcommand, as the usage of each lists them: deltactl, deltactl-create, ... */
  private static List<String> commands() throws Exception {
    List<String> out = new ArrayList<>(List.of("deltactl"));
    for (String c : List.of("create", "describe", "history", "optimize", "zorder", "vacuum", "time-travel",
        "copy-into", "bloom-index", "sql", "shell", "profile", "completion", "checkpoint", "log-cleanup", "health",
        "properties", "maintain", "files", "fsck", "changes", "convert", "cluster-by", "feature", "purge")) {
      out.add("deltactl-" + c);
    }
    for (String c : List.of("versions", "show", "restore", "diff", "clone")) {
      out.add("deltactl-time-travel-" + c);
    }
    for (String c : List.of("create", "build", "drop", "show")) {
      out.add("deltactl-bloom-index-" + c);
    }
    for (String c : List.of("list", "show")) {
      out.add("deltactl-profile-" + c);
    }
    for (String c : List.of("list", "set", "unset")) {
      out.add("deltactl-properties-" + c);
    }
    for (String c : List.of("list", "drop")) {
      out.add("deltactl-feature-" + c);
    }
    return out;
  }

  @Test
  void everyCommandHasAManPageThatRendersWithoutWarnings() throws Exception {
    Path man = DIST.resolve("share/man/man1");
    List<String> missing = new ArrayList<>();
    for (String c : commands()) {
      if (!Files.exists(man.resolve(c + ".1"))) {
        missing.add(c);
      }
    }
    assertThat(missing).as("man pages missing in " + man).isEmpty();
    try (var pages = Files.list(man)) {
      assertThat(pages.count()).isEqualTo(commands().size());
    }
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/groff")), "groff is not installed");
    for (String c : commands()) {
      Process p = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", man.resolve(c + ".1").toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      String warnings = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).isZero();
      assertThat(warnings).as(c).isEmpty();
    }
    Process p = new ProcessBuilder("groff", "-man", "-Tutf8", man.resolve("deltactl-vacuum.1").toString()).start();
    String page = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replaceAll(".\b", "");
    p.waitFor();
    assertThat(page).contains("deltactl-vacuum", "--retain", "--dry-run");
  }

  @Test
  void theBashCompletionScriptShipsWhereBashCompletionLooks() throws Exception {
    Path script = DIST.resolve("share/bash-completion/completions/deltactl");
    assertThat(Files.readString(script)).contains("complete -F _complete_deltactl -o default deltactl");
    Launcher.Result r = Launcher.deltactl(Files.createTempDirectory("deltactl-home"), "completion", "bash");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo(Files.readString(script));
  }
}
