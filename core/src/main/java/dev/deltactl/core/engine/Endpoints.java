package dev.deltactl.core.engine;

import dev.deltactl.core.api.Secrets;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a remote engine is, and whether it answers: a Spark master URL ({@code spark://host:port[,host:port]})
 * or a Spark Connect URL ({@code sc://host[:port][/;key=value;...]}). Spark itself waits a minute or more for
 * an address that does not answer; deltactl asks first, within the connect timeout, and says which address
 * failed.
 */
public final class Endpoints {
  /** Spark Connect's default port. */
  public static final int CONNECT_PORT = 15002;
  private static final Pattern CONNECT = Pattern.compile("sc://([^/:;]+|\\[[^]]+])(?::(\\d+))?(/.*)?");

  private Endpoints() {}

  /** True for a Spark Connect URL. */
  public static boolean isConnect(String url) {
    return url != null && url.strip().regionMatches(true, 0, "sc://", 0, 5);
  }

  /** True for a master that runs Spark in this process ({@code local}, {@code local[N]}, ...). */
  public static boolean isLocal(String master) {
    return master == null || master.startsWith("local");
  }

  /** The addresses a master or Connect URL names; empty for masters found another way (yarn, k8s, mesos). */
  public static List<InetSocketAddress> addresses(String url) {
    List<InetSocketAddress> out = new ArrayList<>();
    if (isConnect(url)) {
      Matcher m = CONNECT.matcher("sc://" + url.strip().substring(5));
      if (!m.matches()) {
        throw DeltactlException.invalid("not a Spark Connect URL: " + displayUrl(url)
            + " (expected sc://HOST[:PORT][/;token=...;use_ssl=true])");
      }
      out.add(InetSocketAddress.createUnresolved(m.group(1).replaceAll("^\\[|]$", ""),
          m.group(2) == null ? CONNECT_PORT : port(m.group(2), url)));
    } else if (url != null && url.startsWith("spark://")) {
      for (String hp : url.substring("spark://".length()).split(",")) {
        int colon = hp.lastIndexOf(':');
        out.add(InetSocketAddress.createUnresolved(colon < 0 ? hp : hp.substring(0, colon),
            colon < 0 ? 7077 : port(hp.substring(colon + 1), url)));
      }
    }
    return out;
  }

  private static int port(String text, String url) {
    try {
      int port = Integer.parseInt(text);
      if (port > 0 && port < 65536) {
        return port;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw DeltactlException.invalid("invalid port '" + text + "' in " + displayUrl(url) + " (1 to 65535)");
  }

  /**
   * Fails with {@link ErrorCode#ENGINE_UNREACHABLE} unless one of the URL's addresses accepts a connection
   * within {@code timeout}. Masters without an address of their own (yarn, k8s) pass.
   */
  public static void requireReachable(String url, Duration timeout) {
    List<InetSocketAddress> addresses = addresses(url);
    List<String> failures = new ArrayList<>();
    for (InetSocketAddress a : addresses) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(a.getHostString(), a.getPort()), (int) Math.max(1, timeout.toMillis()));
        return;
      } catch (IOException e) {
        String why = e instanceof UnknownHostException ? "unknown host"
            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().toLowerCase(Locale.ROOT);
        failures.add(a.getHostString() + ":" + a.getPort() + " (" + why + ")");
      }
    }
    if (!addresses.isEmpty()) {
      throw new DeltactlException(ErrorCode.ENGINE_UNREACHABLE, "cannot reach " + (isConnect(url)
          ? "the Spark Connect server " : "the Spark master ") + displayUrl(url) + " within "
          + timeout.toMillis() / 1000.0 + " s: " + String.join(", ", failures)
          + "; is it running, and is the address right? (--connect-timeout sets the wait)");
    }
  }

  /** True when the master or Connect server named by the URL runs on another host than this one. */
  public static boolean onAnotherHost(String url) {
    for (InetSocketAddress a : addresses(url)) {
      try {
        InetAddress ip = InetAddress.getByName(a.getHostString());
        if (!ip.isLoopbackAddress() && !ip.isAnyLocalAddress()
            && java.net.NetworkInterface.getByInetAddress(ip) == null) {
          return true;
        }
      } catch (IOException e) {
        return true;
      }
    }
    return !isLocal(url) && addresses(url).isEmpty();
  }

  /**
   * The secrets in a URL: its secret parameters ({@code ;token=...} of a Connect URL, under any spelling of the
   * scheme or none) and its user-info, to keep out of anything printed.
   */
  public static List<String> secrets(String url) {
    return Secrets.inValue(url);
  }

  /** The URL as it may be shown: secret parameters and user-info masked. */
  public static String displayUrl(String url) {
    return Secrets.redactUrls(url);
  }
}
