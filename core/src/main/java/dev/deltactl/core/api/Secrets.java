package dev.deltactl.core.api;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Which settings hold secrets, and how to keep their values out of anything printed. */
public final class Secrets {
  /** Setting names that hold secrets: keys, secrets, tokens, passwords, SAS, credentials. */
  public static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(key|secret|token|password|passwd|sas|credential|signature).*");

  /** What a secret is replaced with. */
  public static final String MASK = "*********(redacted)";

  private Secrets() {}

  public static boolean isSecretKey(String key) {
    return SECRET_KEY.matcher(key).matches();
  }

  /** The values of the secret settings among {@code conf}, longest first, ignoring very short ones. */
  public static List<String> secretValues(Map<String, String> conf) {
    return conf.entrySet().stream()
        .filter(e -> isSecretKey(e.getKey()))
        .map(Map.Entry::getValue)
        .filter(v -> v != null && v.length() >= 3)
        .distinct()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
  }

  /** {@code text} with every occurrence of every secret replaced by {@link #MASK}. */
  public static String redact(String text, Collection<String> secrets) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, MASK);
    }
    return out;
  }

  /** How a setting is shown: its value, or the mask when the key names a secret. */
  public static String display(String key, String value) {
    return isSecretKey(key) ? MASK : value;
  }
}
