package dev.deltactl.core.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which settings hold secrets, and how to keep their values out of anything printed.
 *
 * <p>A key holds a secret when one of its words (split at {@code .}, {@code -}, {@code _} and camelCase) is
 * {@code key}, {@code sas} or {@code pwd}, or contains {@code secret}, {@code password}, {@code passwd},
 * {@code passphrase}, {@code token}, {@code credential} or {@code signature}: the storage connectors'
 * {@code fs.s3a.access.key}, {@code fs.s3a.secret.key}, {@code fs.s3a.session.token},
 * {@code fs.s3a.encryption.key}, {@code fs.s3a.bucket.B.secret.key}, {@code fs.azure.account.key.A},
 * {@code fs.azure.sas.C.A}, {@code fs.azure.sas.fixed.token}, {@code fs.azure.account.oauth2.client.secret},
 * {@code fs.gs.auth.service.account.private.key}, Spark's {@code spark.authenticate.secret} and
 * {@code spark.connect.authenticate.token}, each also under {@code spark.hadoop.}. A key whose last word
 * says it names a kind, a switch or a size ({@code ...provider.type}, {@code ...enabled},
 * {@code ...secretBitLength}, {@code spark.sql.mapKeyDedupPolicy}) holds no secret: so the SAS token
 * provider's class ({@code fs.azure.sas.token.provider.type}) is shown, but not its per-account form
 * ({@code ....type.ACCOUNT.dfs.core.windows.net}), whose last word is the account's host as in a SAS's
 * {@code fs.azure.sas.CONTAINER.HOST}, where the container may be named {@code type}. A key file's path
 * ({@code fs.gs.auth.service.account.json.keyfile}) is no secret; the file is. Besides, in any value:
 * the user-info of a URL ({@code http://user:pass@host}), the secret parameters of a Spark Connect URL
 * ({@code ;token=...}) and a private key (PEM, or a service account's JSON) are secrets.
 */
public final class Secrets {
  /** What a secret is replaced with. */
  public static final String MASK = "*********(redacted)";

  /** What the user-info of a URL is replaced with: {@code http://***@host} stays readable. */
  public static final String URL_USER_MASK = "***";

  /**
   * For Spark's {@code spark.redaction.regex}, which Spark finds in a setting's key or value: the same words,
   * and a URL with user-info in a value.
   */
  public static final String SPARK_REDACTION_REGEX = "(?i)secret|password|passwd|passphrase|token|credential"
      + "|signature|(?:^|[._-])(?:key|sas|pwd)(?:[._-]|$)|access[.]?key|api[._-]?key|private[._]?key|://[^/?#@\\s]+@";

  /** For Spark's {@code spark.redaction.string.regex} (plans, SQL text): the user-info of a URL. */
  public static final String SPARK_STRING_REDACTION_REGEX = "(?<=://)[^/?#@\\s\"']+(?=@)";

  private static final Set<String> WORDS = Set.of("key", "keys", "sas", "pwd", "accesskey", "secretkey",
      "privatekey", "apikey", "accountkey");
  private static final Pattern IN_WORD =
      Pattern.compile("secret|password|passwd|passphrase|token|credential|signature");
  /** Last words of keys that hold a kind, a switch, a class or a size, never the secret itself. */
  private static final Set<String> NOT_SECRET_LAST = Set.of("enabled", "enable", "type", "provider",
      "providers", "class", "impl", "algorithm", "length", "bits", "size", "policy", "mode", "binding",
      "expiry", "duration", "renewal", "kind");
  private static final Pattern CAMEL = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])");

  /**
   * A URL's user-info: group 1 the scheme and {@code //}, group 2 the user-info (up to the last {@code @}
   * before the path, so a password with an unescaped {@code @} is masked whole).
   */
  private static final Pattern URL_USER_INFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/?#@\\s\"'<>]+(?:@[^/?#@\\s\"'<>]+)*)@");
  /** The Azure schemes whose user-info is the container, part of the table's path rather than a credential. */
  private static final Pattern AZURE_SCHEME = Pattern.compile("(?i)(abfss?|wasbs?)://");
  /** An Azure container name: 3 to 63 lowercase letters, digits and hyphens. */
  private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?:[a-z0-9-]{1,61})[a-z0-9]|\\$root");

  /** Whether a URL's user-info is a secret: anything but the container of an Azure path. */
  private static boolean secretUserInfo(String schemeAndSlashes, String userInfo) {
    return !(AZURE_SCHEME.matcher(schemeAndSlashes).matches() && CONTAINER.matcher(userInfo).matches());
  }

  /** A parameter {@code ;name=value} of a Spark Connect URL (or any such list); not a placeholder {@code ...}. */
  private static final Pattern PARAM = Pattern.compile(";([^;=/\\s]+)=(?!\\.\\.\\.)([^;\\s]*)");
  private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----|\"private_key\"");

  private Secrets() {}

  /** True when the setting {@code key} holds a secret. */
  public static boolean isSecretKey(String key) {
    if (key == null || key.isBlank()) {
      return false;
    }
    String[] words = CAMEL.matcher(key.strip()).replaceAll(".").toLowerCase(Locale.ROOT).split("[._\\-\\s]+");
    boolean secret = false;
    for (String w : words) {
      if (WORDS.contains(w) || IN_WORD.matcher(w).find()) {
        secret = true;
        break;
      }
    }
    return secret && !NOT_SECRET_LAST.contains(words[words.length - 1]);
  }

  /** True when the value itself is secret whatever its key: a private key, inline. */
  public static boolean isSecretValue(String value) {
    return value != null && PRIVATE_KEY.matcher(value).find();
  }

  /**
   * The strings to keep out of anything printed, among these settings, longest first: the values of secret
   * keys, and in every value the user-info of URLs (and the password in it) and the secret parameters of
   * Connect URLs. Very short values and booleans are left out: masking every {@code "true"} in a text hides
   * nothing and garbles the rest.
   */
  public static List<String> secretValues(Map<String, String> conf) {
    List<String> out = new ArrayList<>();
    conf.forEach((k, v) -> {
      if (v == null) {
        return;
      }
      if (isSecretKey(k) || isSecretValue(v)) {
        out.add(v);
        if (v.indexOf('\n') >= 0) {
          // a log line holds one line of it at most
          out.addAll(v.lines().filter(l -> !l.startsWith("-----")).toList());
        }
      }
      out.addAll(inValue(v));
    });
    return out.stream()
        .map(String::strip)
        .filter(v -> v.length() >= 3 && !v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false"))
        .distinct()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
  }

  /**
   * The secrets inside one value (any key): the user-info of its URLs and the password part of it, and the
   * values of secret parameters ({@code ;token=...}).
   */
  public static List<String> inValue(String value) {
    List<String> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    Matcher u = URL_USER_INFO.matcher(value);
    while (u.find()) {
      String userInfo = u.group(2);
      if (!secretUserInfo(u.group(1), userInfo)) {
        continue;
      }
      out.add(userInfo);
      int colon = userInfo.indexOf(':');
      if (colon >= 0 && colon < userInfo.length() - 1) {
        out.add(userInfo.substring(colon + 1));
      }
    }
    Matcher p = PARAM.matcher(value);
    while (p.find()) {
      if (isSecretKey(p.group(1)) && !p.group(2).isEmpty()) {
        out.add(p.group(2));
      }
    }
    return out;
  }

  /**
   * {@code text} with every occurrence of every secret replaced by {@link #MASK}, and the user-info of every
   * URL in it (any scheme) masked.
   */
  public static String redact(String text, Collection<String> secrets) {
    if (text == null) {
      return null;
    }
    String out = redactUrls(text);
    for (String s : secrets) {
      out = out.replace(s, MASK);
    }
    return out;
  }

  /**
   * {@code text} with the user-info of every URL masked ({@code s3a://AKIA:SECRET@bucket/t} ->
   * {@code s3a://***@bucket/t}; the container of an Azure path such as {@code abfss://container@acct...} is kept)
   * and the secret parameters of Connect URLs masked.
   */
  public static String redactUrls(String text) {
    if (text == null || text.indexOf('@') < 0 && text.indexOf(';') < 0) {
      return text;
    }
    String out = URL_USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
        secretUserInfo(m.group(1), m.group(2)) ? m.group(1) + URL_USER_MASK + "@" : m.group()));
    if (out.indexOf(';') < 0) {
      return out;
    }
    Matcher p = PARAM.matcher(out);
    StringBuilder b = new StringBuilder();
    while (p.find()) {
      p.appendReplacement(b, Matcher.quoteReplacement(isSecretKey(p.group(1)) && !p.group(2).isEmpty()
          ? ";" + p.group(1) + "=" + MASK : p.group()));
    }
    p.appendTail(b);
    return b.toString();
  }

  /**
   * How a setting is shown: the mask when the key names a secret or the value is a private key, else the
   * value with the user-info of its URLs and its secret parameters masked.
   */
  public static String display(String key, String value) {
    if (value == null) {
      return null;
    }
    return isSecretKey(key) || isSecretValue(value) ? MASK : redactUrls(value);
  }
}
