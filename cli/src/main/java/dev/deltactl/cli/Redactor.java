package dev.deltactl.cli;

import dev.deltactl.core.api.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps the secret values the user gave (with {@code --conf} or a profile) out of everything printed:
 * messages go through {@link #redact}, and {@link #wrap} filters a whole stream (logs included).
 */
public final class Redactor {
  private final List<String> secrets = new CopyOnWriteArrayList<>();

  /** Learns the secret values among these settings. */
  public void learn(Map<String, String> conf) {
    for (String s : Secrets.secretValues(conf)) {
      if (!secrets.contains(s)) {
        secrets.add(s);
      }
    }
    secrets.sort((a, b) -> b.length() - a.length());
  }

  public String redact(String text) {
    return Secrets.redact(text, secrets);
  }

  /** A stream that writes whole lines to {@code target}, each redacted. */
  public PrintStream wrap(PrintStream target) {
    return new PrintStream(new LineFilter(target), true, StandardCharsets.UTF_8);
  }

  private final class LineFilter extends OutputStream {
    private final PrintStream target;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineFilter(PrintStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(int b) {
      line.write(b);
      if (b == '\n') {
        drain();
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      for (int i = off; i < off + len; i++) {
        write(b[i]);
      }
    }

    @Override
    public synchronized void flush() {
      drain();
      target.flush();
    }

    private void drain() {
      if (line.size() > 0) {
        target.print(redact(line.toString(StandardCharsets.UTF_8)));
        line.reset();
      }
    }
  }
}
