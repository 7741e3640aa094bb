package dev.deltactl.examples;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built distribution as a separate process, the way a user or a CI job does. */
final class Launcher {
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static final Path LAUNCHER = Path.of(System.getProperty("deltactl.launcher"));
  static final Path EXAMPLES = Path.of(System.getProperty("examples.dir"));

  private Launcher() {}

  static Process start(Path home, List<String> command, Map<String, String> env) throws IOException {
    return start(home, command, env, null);
  }

  /** The same, reading its standard input from a file (a script for the shell), or from nothing when null. */
  static Process start(Path home, List<String> command, Map<String, String> env, Path input) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    if (input != null) {
      pb.redirectInput(input.toFile());
    }
    pb.environment().put("DELTACTL_HOME", home.toString());
    pb.environment().putAll(env);
    Path out = Files.createTempFile(home.getParent(), "out", ".txt");
    Path err = Files.createTempFile(home.getParent(), "err", ".txt");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    Process p = pb.start();
    OUTPUTS.put(p, new File[] {out.toFile(), err.toFile()});
    return p;
  }

  private static final Map<Process, File[]> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

  static Result finish(Process p) throws IOException, InterruptedException {
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("deltactl did not finish within 5 minutes");
    }
    File[] files = OUTPUTS.remove(p);
    return new Result(p.exitValue(), Files.readString(files[0].toPath(), StandardCharsets.UTF_8),
        Files.readString(files[1].toPath(), StandardCharsets.UTF_8));
  }

  static Result deltactl(Path home, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(LAUNCHER.toString());
    command.addAll(List.of(args));
    return finish(start(home, command, Map.of()));
  }
}
