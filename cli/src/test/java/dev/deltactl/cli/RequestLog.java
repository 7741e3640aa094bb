package dev.deltactl.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The requests a test server received, read from its own log: S3Proxy logs each request it handles
 * ({@code request: ...{GET@1a2b http://HOST/bucket/key?query HTTP/1.1}}), Azurite each one it answers in its
 * access log ({@code "GET /account/container?comp=list HTTP/1.1" 200}). A test marks the log, runs a command,
 * and reads what the command asked of the store.
 */
public final class RequestLog {
  private static final Pattern S3PROXY = Pattern.compile("^request: .*\\{([A-Z]+)@[0-9a-f]+ (\\S+) HTTP/");
  private static final Pattern AZURITE = Pattern.compile("\"([A-Z]+) (\\S+) HTTP/1\\.[01]\"");

  /** The path of the requests that mark where a command's requests end. */
  private static final String END = "/requestlog-end-";
  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
      .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(java.time.Duration.ofSeconds(10)).build();

  private final Path log;
  private final Pattern line;
  private final int port;

  private RequestLog(Path log, Pattern line, int port) {
    this.log = log;
    this.line = line;
    this.port = port;
  }

  static RequestLog s3proxy(Path log, int port) {
    return new RequestLog(log, S3PROXY, port);
  }

  static RequestLog azurite(Path log, int port) {
    return new RequestLog(log, AZURITE, port);
  }

  /** One request: its method, and its path and query with the host left out. */
  public record Request(String method, String target) {
    /**
     * A listing: S3's ListObjects (a GET of the bucket with list-type or a prefix), Azure's List Blobs; not
     * the connectors' probe whether a path is a directory ({@link #isProbe}), which lists nothing.
     */
    public boolean isList() {
      return method.equals("GET") && (target.contains("list-type=") || target.contains("comp=list")
          || target.matches("/[^/?]+/?\\?.*prefix=.*")) && !isProbe();
    }

    /** S3A's and ABFS's probe whether a path is a directory: a listing of at most 2 keys (S3) or 1 (Azure). */
    public boolean isProbe() {
      return method.equals("GET") && target.matches(".*[?&](max-keys=[12]|maxresults=1)(&.*)?");
    }

    /** A listing whose prefix (or directory) is under {@code folder} (a path in the bucket: "t-1234/_delta_log"). */
    public boolean lists(String folder) {
      String q = java.net.URLDecoder.decode(target, StandardCharsets.UTF_8);
      return isList() && (q.contains("prefix=" + folder) || q.contains("directory=" + folder));
    }

    @Override
    public String toString() {
      return method + " " + target;
    }
  }

  /** Where the log ends now: the requests after it are the next command's. */
  public long mark() {
    try {
      return Files.size(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The requests logged after {@code mark}. A server writes its log after it answers (Azurite) or from its own
   * threads, so the last requests of a command that has ended may not be in the log yet: a request of the
   * test's own (a GET of a path named for this call, answered with an error) is sent after them, and the log
   * is read once that request is in it; the requests before it are the command's.
   */
  public List<Request> since(long mark) {
    String end = END + java.util.UUID.randomUUID();
    try {
      HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + end))
          .timeout(java.time.Duration.ofSeconds(30)).GET().build(), java.net.http.HttpResponse.BodyHandlers.discarding());
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
      while (true) {
        byte[] all = Files.readAllBytes(log);
        String text = new String(all, (int) mark, all.length - (int) mark, StandardCharsets.UTF_8);
        List<Request> out = new ArrayList<>();
        for (String l : text.split("\n")) {
          Matcher m = line.matcher(l);
          if (m.find()) {
            String target = m.group(2).replaceFirst("^https?://[^/]+", "");
            if (target.startsWith(end)) {
              return out;
            }
            if (!target.startsWith(END)) { // an earlier call's
              out.add(new Request(m.group(1), target));
            }
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the server's log " + log + " has no line for " + end + " after 30 s");
        }
        Thread.sleep(50);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
