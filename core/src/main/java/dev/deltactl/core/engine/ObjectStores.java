package dev.deltactl.core.engine;

import dev.deltactl.core.engine.localfs.LocalFiles;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * The file systems deltactl reads tables from, for every engine: the Hadoop settings that select them (one
 * place for the Spark session and for Delta Kernel), and the errors Hadoop gives when a path's scheme has no
 * file system or a connector's classes are missing, in the user's words; and the failures to reach a store
 * (wrong endpoint, credentials refused or missing, a bucket or container that does not exist), said in one
 * line naming the store, its endpoint, the bucket and where credentials were looked for, after few retries.
 *
 * <p>The distribution's {@code lib/} holds Hadoop's connectors: {@code hadoop-aws} with the AWS SDK's
 * modules ({@code s3a://}; {@code s3://} and {@code s3n://} go to it too), {@code hadoop-azure}
 * ({@code abfs://}, {@code abfss://}) and {@code hadoop-gcp} ({@code gs://}); Hadoop's own defaults
 * ({@code core-default.xml}) name their classes.
 */
public final class ObjectStores {
  /** The schemes deltactl reads, as said in errors. */
  public static final String SUPPORTED = "file, s3a (also s3 and s3n), abfs, abfss and gs";
  private static final String S3A_FILE_SYSTEM = "org.apache.hadoop.fs.s3a.S3AFileSystem";
  private static final String S3A_FILE_CONTEXT = "org.apache.hadoop.fs.s3a.S3A";

  /** How Hadoop says a scheme has no file system: FileSystem's words, then FileContext's. */
  private static final List<Pattern> NO_FILE_SYSTEM = List.of(
      Pattern.compile("No FileSystem for scheme:? \"?([A-Za-z][A-Za-z0-9+.-]*)\"?"),
      Pattern.compile("No AbstractFileSystem configured for scheme:? \"?([A-Za-z][A-Za-z0-9+.-]*)\"?"));
  /** hadoop-azure 3.5's wasb(s) file system, a stub that throws this from every method. */
  private static final String WASB_REMOVED = "WASB Driver using wasb(s) schema is no longer supported";
  /** A class that cannot be loaded or linked, as the JVM and a Spark Connect server's message say it. */
  private static final Pattern CLASS_PROBLEM = Pattern.compile(
      "ClassNotFoundException|NoClassDefFoundError|LinkageError|NoSuchMethodError|NoSuchFieldError"
          + "|IncompatibleClassChangeError|AbstractMethodError");
  /** A qualified class name, with dots or (as in NoClassDefFoundError) slashes. */
  private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_$][\\w$]*(?:[./][A-Za-z_$][\\w$]*)+");

  /** The connectors' packages: the store a class serves and the jar of lib/ that holds it. */
  private record Connector(String prefix, String store, String jar) {}

  private static final List<Connector> CONNECTORS = List.of(
      new Connector("org.apache.hadoop.fs.s3a.", "S3", "hadoop-aws-*.jar"),
      new Connector("software.amazon.awssdk.", "S3", "the AWS SDK's jars (s3, sts, s3-transfer-manager and the"
          + " modules they use)"),
      new Connector("software.amazon.s3.analyticsaccelerator.", "S3", "analyticsaccelerator-s3-*.jar"),
      new Connector("software.amazon.eventstream.", "S3", "eventstream-*.jar"),
      new Connector("org.apache.hadoop.fs.azurebfs.", "Azure", "hadoop-azure-*.jar"),
      new Connector("org.apache.hadoop.fs.azure.", "Azure", "hadoop-azure-*.jar"),
      new Connector("org.HdrHistogram.", "Azure", "HdrHistogram-*.jar"),
      new Connector("org.apache.hadoop.fs.gs.", "Google Cloud Storage", "hadoop-gcp-*.jar"),
      new Connector("com.google.cloud.hadoop.", "Google Cloud Storage", "hadoop-gcp-*.jar"),
      new Connector("org.wildfly.openssl.", null, "wildfly-openssl-*.jar"),
      new Connector("org.apache.commons.lang3.", null, "commons-lang3-*.jar"),
      new Connector("org.apache.commons.logging.", null, "jcl-over-slf4j-*.jar"),
      new Connector("org.apache.http.", null, "httpclient-*.jar and httpcore-*.jar"),
      new Connector("io.netty.", null, "Netty's jars (netty-*.jar)"));

  private ObjectStores() {}

  /**
   * The object-store clients' retries and timeouts, under the user's settings (theirs, a core-site.xml's and a
   * per-bucket {@code fs.s3a.bucket.BUCKET.*} win). Hadoop's own are made for long batch jobs: S3A retries each
   * call 7 times with exponential backoff over 5 attempts of the AWS SDK, ABFS 30 times with backoff up to 25 s,
   * so a wrong endpoint takes minutes (over 10 for ABFS) before any error. These give a transient blip of a
   * real store (a dropped connection, a node restarting, a short throttling burst) a few retries over a few
   * seconds, and a wrong endpoint an error within seconds:
   * <ul>
   *   <li>S3A: {@code fs.s3a.attempts.maximum=2} (the SDK tries a call twice; Hadoop's 5),
   *       {@code fs.s3a.retry.limit=3} and {@code fs.s3a.retry.interval=250ms} (S3A retries a failed call 3
   *       times, after about 0.25, 0.5 and 1 s; Hadoop's 7 from 500 ms), {@code fs.s3a.retry.throttle.limit=5}
   *       and {@code fs.s3a.retry.throttle.interval=500ms} (a 503 SlowDown is retried for up to about 30 s,
   *       Hadoop's 20 retries doubling from 100 ms can wait for hours),
   *       {@code fs.s3a.connection.establish.timeout=5s} (a TCP connect to S3 takes milliseconds; Hadoop's
   *       30 s per attempt is what a dropped packet to a wrong address costs) and
   *       {@code fs.s3a.connection.timeout=60s} (a socket idle that long mid-response is dead; Hadoop's 200 s).</li>
   *   <li>ABFS: {@code fs.azure.io.retry.max.retries=3} (Hadoop's 30) with
   *       {@code fs.azure.io.retry.max.backoff.interval=4000} ms between them (Hadoop's 25000; the minimum
   *       stays 500 ms), and {@code fs.azure.oauth.token.fetch.retry.max.retries=2} (Hadoop's 5, doubling from
   *       2 s: a minute for a wrong token endpoint). ABFS's connect timeout (2 s) and read timeout (30 s) are
   *       short already.</li>
   *   <li>GCS: hadoop-gcp 3.5 has no retry or connect-timeout setting; its client's own apply.</li>
   * </ul>
   */
  static final Map<String, String> STORE_CLIENT_DEFAULTS = storeClientDefaults();

  private static Map<String, String> storeClientDefaults() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("fs.s3a.attempts.maximum", "2");
    s.put("fs.s3a.retry.limit", "3");
    s.put("fs.s3a.retry.interval", "250ms");
    s.put("fs.s3a.retry.throttle.limit", "5");
    s.put("fs.s3a.retry.throttle.interval", "500ms");
    s.put("fs.s3a.connection.establish.timeout", "5s");
    s.put("fs.s3a.connection.timeout", "60s");
    s.put("fs.azure.io.retry.max.retries", "3");
    s.put("fs.azure.io.retry.max.backoff.interval", "4000");
    s.put("fs.azure.oauth.token.fetch.retry.max.retries", "2");
    return java.util.Collections.unmodifiableMap(s);
  }

  /**
   * deltactl's Hadoop settings, under the user's: {@code s3://} and {@code s3n://} read through S3A (Hadoop
   * has no other file system for them, and Delta's log store for them is the S3 one already), the store
   * clients' retries and timeouts ({@link #STORE_CLIENT_DEFAULTS}) unless a Hadoop file of the installation
   * (core-site.xml) sets them, and, for an engine that runs in this process ({@code local}), {@link LocalFiles}
   * for {@code file:} paths.
   */
  public static Map<String, String> hadoopDefaults(boolean local) {
    Map<String, String> s = new LinkedHashMap<>();
    for (String scheme : List.of("s3", "s3n")) {
      s.put("fs." + scheme + ".impl", S3A_FILE_SYSTEM);
      s.put("fs.AbstractFileSystem." + scheme + ".impl", S3A_FILE_CONTEXT);
    }
    Configuration site = new Configuration();
    STORE_CLIENT_DEFAULTS.forEach((k, v) -> {
      String[] sources = site.getPropertySources(k);
      if (sources == null || List.of(sources).stream().allMatch("core-default.xml"::equals)) {
        s.put(k, v);
      }
    });
    if (local) {
      s.putAll(LocalFiles.settings());
    }
    return s;
  }

  /**
   * The Hadoop configuration of an engine in this process: {@link #hadoopDefaults}, then the Hadoop settings
   * the user gave, read the way the Spark engine reads them: {@code spark.hadoop.K} and any key outside
   * {@code spark.*} and {@code deltactl.*} is a Hadoop key (credentials included).
   */
  public static Configuration hadoopConf(Map<String, String> conf) {
    Configuration c = new Configuration();
    hadoopDefaults(true).forEach(c::set);
    conf.forEach((k, v) -> {
      if (k.startsWith("spark.hadoop.")) {
        c.set(k.substring("spark.hadoop.".length()), v);
      } else if (!k.startsWith("spark.") && !k.startsWith("deltactl.")) {
        c.set(k, v);
      }
    });
    return c;
  }

  /** {@link #failure(Throwable, String, Supplier)} without the path and the settings: named from the messages. */
  public static DeltactlException failure(Throwable t) {
    return failure(t, null, null);
  }

  /**
   * The error for a failure to open a path's file system or to reach its store, from any engine, or null when
   * {@code t} is not one: a scheme without a file system or the removed wasb driver (bad input, exit 2, naming
   * the schemes deltactl reads), a connector class missing from the installation (failed, naming the jar), a
   * store that does not answer at its endpoint or refuses the credentials (failed), or a bucket or container
   * that does not exist (not found). {@code path} (the table's, or null) and {@code conf} (the engine's Hadoop
   * settings, or null: over Spark Connect only the server has them) name the bucket, the endpoint and where
   * credentials were looked for; without them these are read from the messages. Matched on the cause chain's
   * types and on message text, as an error that crossed Spark Connect is text only.
   */
  public static DeltactlException failure(Throwable t, String path, Supplier<Configuration> conf) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof DeltactlException d) {
        return STORE_CODES.contains(d.code()) ? d : null;
      }
      String message = String.valueOf(c.getMessage());
      if (message.contains(WASB_REMOVED)) {
        return new DeltactlException(ErrorCode.UNSUPPORTED_SCHEME, "wasb:// and wasbs:// paths are not supported"
            + " (Hadoop 3.5's wasb driver is a stub): read the same container with abfss://, as"
            + " CONTAINER@ACCOUNT.dfs.core.windows.net", t);
      }
      for (Pattern p : NO_FILE_SYSTEM) {
        Matcher m = p.matcher(message);
        if (m.find()) {
          String scheme = m.group(1).toLowerCase(Locale.ROOT);
          Connector connector = connectorOfScheme(scheme);
          if (connector != null) {
            return missing(connector, t);
          }
          return new DeltactlException(ErrorCode.UNSUPPORTED_SCHEME, "no file system for scheme '" + scheme
              + "': deltactl reads " + SUPPORTED + " paths", t);
        }
      }
      if (c instanceof ClassNotFoundException || c instanceof LinkageError || CLASS_PROBLEM.matcher(message).find()) {
        Matcher m = QUALIFIED.matcher(message);
        while (m.find()) {
          Connector connector = connectorOfClass(m.group().replace('/', '.'));
          if (connector != null) {
            return missing(connector, t);
          }
        }
      }
    }
    return storeFailure(t, path, conf);
  }

  private static final java.util.Set<ErrorCode> STORE_CODES = java.util.EnumSet.of(ErrorCode.UNSUPPORTED_SCHEME,
      ErrorCode.CONNECTOR_MISSING, ErrorCode.STORE_UNREACHABLE, ErrorCode.STORE_ACCESS_DENIED,
      ErrorCode.BUCKET_NOT_FOUND);

  // ---------------------------------------------------------------- reaching a store

  /** A path of an object store in a message: its scheme and authority (bucket, or container@account host). */
  private static final Pattern STORE_PATH = Pattern.compile("\\b(s3a|s3n|s3|abfss|abfs)://([^/\\s\"'?#<>]+)");
  /** Where the connectors and their HTTP clients say they could not connect to, or an ABFS request's URL. */
  private static final Pattern S3_TARGET = Pattern.compile(
      "Connect to (\\S+?)(?: \\[| failed)|Unable to execute HTTP request: (?!Connect to )([^\\s:]+(?::\\d+)?)");
  /** A failure to open a connection or to get an answer, as the JDK, the HTTP clients and ABFS say it. */
  private static final Pattern UNREACHABLE = Pattern.compile(
      "Connection refused|connect timed out|Connect timed out|Read timed out|UnknownHostException"
          + "|Name or service not known|nodename nor servname|Temporary failure in name resolution|No route to host"
          + "|Network is unreachable|Status code: -1 error code: null|ConnectTimeoutException|ApiCallTimeoutException"
          + "|ApiCallAttemptTimeoutException|HttpHostConnectException|NoHttpResponseException");
  private static final Pattern S3_NO_BUCKET = Pattern.compile("NoSuchBucket|UnknownStoreException"
      + "|The specified bucket does not exist|[Bb]ucket \\S+ does not exist");
  private static final Pattern AZURE_NO_CONTAINER = Pattern.compile("FilesystemNotFound|ContainerNotFound"
      + "|The specified filesystem does not exist|The specified container does not exist");
  private static final Pattern S3_DENIED = Pattern.compile("Status Code: 403|InvalidAccessKeyId|SignatureDoesNotMatch"
      + "|AccessDenied|403 Forbidden|InvalidToken|ExpiredToken|No AWS Credentials provided|NoAuthWithAWSException");
  private static final Pattern AZURE_DENIED = Pattern.compile("Server failed to authenticate|AuthenticationFailed"
      + "|AuthorizationPermissionMismatch|AuthorizationFailure|, 403, |AccessDeniedException"
      + "|Invalid configuration value detected for fs\\.azure\\.account\\.key|Configuration property \\S+ not found"
      + "|Failure to initialize configuration|Unable to load key provider class|InvalidAuthenticationInfo");
  private static final Pattern S3_PROVIDERS = Pattern.compile("No AWS Credentials provided by ([A-Za-z0-9$. ]+?)\\s*:");

  /** The store failure {@code t} is, or null: unreachable, then a missing bucket, then credentials. */
  private static DeltactlException storeFailure(Throwable t, String path, Supplier<Configuration> conf) {
    StringBuilder text = new StringBuilder();
    boolean connectionFailed = false;
    boolean denied = false;
    for (Throwable c = t; c != null; c = c.getCause()) {
      text.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
      connectionFailed |= c instanceof java.net.ConnectException || c instanceof java.net.UnknownHostException
          || c instanceof java.net.NoRouteToHostException || c instanceof java.net.SocketTimeoutException;
      denied |= c instanceof java.nio.file.AccessDeniedException;
      if (c.getCause() == c) {
        break;
      }
    }
    String all = text.toString();
    // the store: the path's scheme, else what the messages name
    String scheme = null;
    String authority = null;
    Matcher m = STORE_PATH.matcher(path == null ? "" : path);
    if (!m.find()) {
      m = STORE_PATH.matcher(all);
      if (!m.find()) {
        m = null;
      }
    }
    if (m != null) {
      scheme = m.group(1);
      authority = m.group(2);
    }
    boolean s3 = scheme != null ? scheme.startsWith("s3") : all.contains("software.amazon.awssdk")
        || all.contains("org.apache.hadoop.fs.s3a.");
    boolean azure = scheme != null ? scheme.startsWith("abfs") : all.contains("org.apache.hadoop.fs.azurebfs.");
    if (!s3 && !azure) {
      return null;
    }
    Configuration c = null;
    if (conf != null) {
      try {
        c = conf.get();
      } catch (RuntimeException e) {
        c = null;
      }
    }
    if (s3) {
      String bucket = authority == null ? null : authority.substring(authority.lastIndexOf('@') + 1);
      String endpoint = s3Endpoint(c, bucket, all);
      String named = bucket == null ? "its bucket" : "bucket '" + bucket + "'";
      if (connectionFailed || UNREACHABLE.matcher(all).find()) {
        return new DeltactlException(ErrorCode.STORE_UNREACHABLE, "cannot reach S3 at " + endpoint + " for " + named
            + " (" + why(all) + "): check fs.s3a.endpoint" + (bucket == null ? "" : " (or fs.s3a.bucket." + bucket
            + ".endpoint)") + " and that the store is up", t);
      }
      if (S3_NO_BUCKET.matcher(all).find()) {
        return new DeltactlException(ErrorCode.BUCKET_NOT_FOUND, "S3 " + named + " does not exist at " + endpoint
            + ": check the bucket name in the path", t);
      }
      Matcher none = S3_PROVIDERS.matcher(all);
      boolean tried = none.find();
      if (tried || all.contains("NoAuthWithAWSException")) {
        return new DeltactlException(ErrorCode.STORE_ACCESS_DENIED, "no S3 credentials for " + named
            + ": looked in " + s3Sources(c, bucket, tried ? none.group(1) : null)
            + "; give the keys with --conf or a profile", t);
      }
      if (denied || S3_DENIED.matcher(all).find()) {
        String reason = all.contains("InvalidAccessKeyId") ? "the access key is unknown"
            : all.contains("SignatureDoesNotMatch") ? "the secret key does not match the access key"
            : all.contains("ExpiredToken") || all.contains("InvalidToken") ? "the session token is expired or invalid"
            : "HTTP 403, access denied";
        return new DeltactlException(ErrorCode.STORE_ACCESS_DENIED, "S3 at " + endpoint + " refused access to "
            + named + " (" + reason + "): credentials were looked for in " + s3Sources(c, bucket, null)
            + "; check them and the bucket's permissions", t);
      }
      return null;
    }
    String container = null;
    String account = null;
    if (authority != null) {
      int at = authority.indexOf('@');
      container = at < 0 ? null : authority.substring(0, at);
      account = authority.substring(at + 1);
    }
    String named = (container == null ? "its container" : "container '" + container + "'")
        + (account == null ? "" : " of account " + account);
    String endpoint = azureEndpoint(c, account, all);
    if (connectionFailed || UNREACHABLE.matcher(all).find()) {
      String setting = c == null ? null : account != null && c.get("fs.azure.abfs.endpoint." + account) != null
          ? "fs.azure.abfs.endpoint." + account : c.get("fs.azure.abfs.endpoint") != null ? "fs.azure.abfs.endpoint"
          : null;
      return new DeltactlException(ErrorCode.STORE_UNREACHABLE, "cannot reach Azure at " + endpoint + " for "
          + named + " (" + why(all) + "): check the account name in the path" + (setting == null ? "" : " and "
          + setting) + ", and that the store is up", t);
    }
    if (AZURE_NO_CONTAINER.matcher(all).find()) {
      return containerMissing(named, t);
    }
    if (denied || AZURE_DENIED.matcher(all).find()) {
      String reason = all.contains("Invalid configuration value detected for fs.azure.account.key")
          ? "the account key is not a valid key"
          : Pattern.compile("Configuration property \\S+ not found").matcher(all).find()
              || all.contains("Failure to initialize configuration") ? "no credentials were found"
          : "HTTP 403, access denied";
      return new DeltactlException(ErrorCode.STORE_ACCESS_DENIED, "Azure at " + endpoint + " refused access to "
          + named + " (" + reason + "): credentials were looked for in " + azureSources(c, account)
          + "; check them and the container's permissions", t);
    }
    return null;
  }

  private static DeltactlException containerMissing(String named, Throwable t) {
    return new DeltactlException(ErrorCode.BUCKET_NOT_FOUND, "Azure " + named + " does not exist: check the"
        + " container name in the path", t);
  }

  /**
   * The error for a path that does not exist. ABFS answers a path in a container that does not exist as a
   * missing path: on Azure the container is looked at too, and its absence said.
   */
  public static DeltactlException pathNotFound(org.apache.hadoop.fs.FileSystem fs, org.apache.hadoop.fs.Path p,
      String display) {
    String scheme = p.toUri().getScheme();
    String authority = p.toUri().getAuthority();
    if (scheme != null && scheme.startsWith("abfs") && authority != null && authority.contains("@")) {
      try {
        fs.getFileStatus(new org.apache.hadoop.fs.Path(p.toUri().resolve("/")));
      } catch (java.io.FileNotFoundException e) {
        // the root of a container that exists always does
        int at = authority.indexOf('@');
        return containerMissing("container '" + authority.substring(0, at) + "' of account "
            + authority.substring(at + 1), e);
      } catch (java.io.IOException | RuntimeException e) {
        DeltactlException store = failure(e, p.toString(), fs::getConf);
        if (store != null) {
          return store;
        }
      }
    }
    return DeltactlException.pathNotFound(display);
  }

  /** Why a connection failed, in a few words. */
  private static String why(String all) {
    if (all.contains("Connection refused")) {
      return "connection refused";
    }
    if (all.contains("UnknownHostException") || all.contains("Name or service not known")
        || all.contains("nodename nor servname") || all.contains("Temporary failure in name resolution")) {
      return "unknown host";
    }
    if (all.contains("No route to host") || all.contains("Network is unreachable")) {
      return "no route to the host";
    }
    if (all.toLowerCase(Locale.ROOT).contains("timed out") || all.contains("Timeout")) {
      return "timed out";
    }
    return "no answer";
  }

  /** The S3 endpoint of a bucket: its setting, else what the client said it connected to, else AWS's. */
  private static String s3Endpoint(Configuration c, String bucket, String all) {
    String endpoint = null;
    if (c != null) {
      endpoint = bucket == null ? null : c.getTrimmed("fs.s3a.bucket." + bucket + ".endpoint");
      if (endpoint == null || endpoint.isEmpty()) {
        endpoint = c.getTrimmed("fs.s3a.endpoint");
      }
    }
    if (endpoint == null || endpoint.isEmpty()) {
      Matcher m = S3_TARGET.matcher(all);
      endpoint = m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    }
    if (endpoint == null || endpoint.isEmpty()) {
      String region = c == null ? null : c.getTrimmed("fs.s3a.endpoint.region");
      return "AWS's endpoint" + (region == null || region.isEmpty() ? "" : " for region " + region);
    }
    return endpoint;
  }

  /** The Azure endpoint: {@code fs.azure.abfs.endpoint} (an emulator's), else the account's host. */
  private static String azureEndpoint(Configuration c, String account, String all) {
    String endpoint = c == null ? null : c.getTrimmed("fs.azure.abfs.endpoint" + (account == null ? "" : "." + account),
        c.getTrimmed("fs.azure.abfs.endpoint"));
    if (endpoint != null && !endpoint.isEmpty()) {
      return endpoint;
    }
    Matcher m = Pattern.compile("\\b(https?://[^/\\s\"]+)/").matcher(all);
    if (m.find()) {
      return m.group(1);
    }
    return account == null ? "the account's endpoint" : account;
  }

  /** S3A's credential providers, as where they look, in the user's words. */
  private static final Map<String, String> S3_PROVIDER_WORDS = Map.ofEntries(
      Map.entry("TemporaryAWSCredentialsProvider", "fs.s3a.session.token with the keys"),
      Map.entry("SimpleAWSCredentialsProvider", "fs.s3a.access.key and fs.s3a.secret.key"),
      Map.entry("EnvironmentVariableCredentialsProvider",
          "the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"),
      Map.entry("IAMInstanceCredentialsProvider", "the instance's or container's IAM role"),
      Map.entry("InstanceProfileCredentialsProvider", "the instance's IAM role"),
      Map.entry("ContainerCredentialsProvider", "the container's IAM role"),
      Map.entry("ProfileCredentialsProvider", "the ~/.aws profile (AWS_PROFILE)"),
      Map.entry("AssumedRoleCredentialProvider", "the role of fs.s3a.assumed.role.arn"),
      Map.entry("AnonymousAWSCredentialsProvider", "none (anonymous access)"),
      Map.entry("DefaultCredentialsProvider",
          "the AWS SDK's default chain (environment variables, the ~/.aws profile, the instance's IAM role)"));
  /** S3A's default chain, when neither the settings nor the message name the providers. */
  private static final List<String> S3_DEFAULT_PROVIDERS = List.of("TemporaryAWSCredentialsProvider",
      "SimpleAWSCredentialsProvider", "EnvironmentVariableCredentialsProvider", "IAMInstanceCredentialsProvider");

  /** Where S3A looked for credentials: the providers the message or the settings name, else its default chain. */
  private static String s3Sources(Configuration c, String bucket, String named) {
    List<String> providers = new java.util.ArrayList<>();
    String setting = null;
    if (named != null) {
      providers.addAll(List.of(named.trim().split("\\s+")));
    } else if (c != null) {
      setting = bucket == null ? null : c.getTrimmed("fs.s3a.bucket." + bucket + ".aws.credentials.provider");
      if (setting == null || setting.isEmpty()) {
        setting = c.getTrimmed("fs.s3a.aws.credentials.provider");
      }
      if (setting != null && !setting.isEmpty()) {
        for (String p : setting.split("\\s*,\\s*")) {
          if (!p.isEmpty()) {
            providers.add(p);
          }
        }
      }
    }
    if (providers.isEmpty()) {
      providers.addAll(S3_DEFAULT_PROVIDERS);
    }
    java.util.LinkedHashSet<String> words = new java.util.LinkedHashSet<>();
    for (String p : providers) {
      String simple = p.substring(p.lastIndexOf('.') + 1);
      String w = S3_PROVIDER_WORDS.get(simple);
      if (w != null && simple.equals("SimpleAWSCredentialsProvider") && bucket != null) {
        w = "fs.s3a.access.key and fs.s3a.secret.key (or fs.s3a.bucket." + bucket + ".access.key and .secret.key)";
      }
      words.add(w != null ? w : "the provider " + p);
    }
    return String.join(", ", words);
  }

  /** Where ABFS looks for an account's credentials, by the account's auth type (shared key by default). */
  private static String azureSources(Configuration c, String account) {
    String suffix = account == null ? "ACCOUNT.dfs.core.windows.net" : account;
    String type = null;
    if (c != null) {
      type = c.getTrimmed("fs.azure.account.auth.type." + suffix, c.getTrimmed("fs.azure.account.auth.type"));
    }
    String key = "fs.azure.account.key." + suffix + " (shared key)";
    String sas = "fs.azure.sas.fixed.token." + suffix + " or the provider of fs.azure.sas.token.provider.type (SAS)";
    String oauth = "fs.azure.account.oauth2.client.id." + suffix + " with its client secret and endpoint, or the"
        + " provider of fs.azure.account.oauth.provider.type (OAuth)";
    if (type == null || type.isEmpty()) {
      return key + ", the default of fs.azure.account.auth.type." + suffix + " (SAS or OAuth for a token)";
    }
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "sharedkey" -> key;
      case "sas" -> sas;
      case "oauth", "custom" -> oauth;
      default -> "the settings of fs.azure.account.auth.type " + type;
    };
  }

  private static DeltactlException missing(Connector c, Throwable t) {
    return new DeltactlException(ErrorCode.CONNECTOR_MISSING, (c.store() == null ? "an object-store connector"
        : "the " + c.store() + " connector") + " cannot load: deltactl's lib/ folder lacks " + c.jar()
        + " (or holds another version); reinstall deltactl", t);
  }

  private static Connector connectorOfClass(String className) {
    for (Connector c : CONNECTORS) {
      if (className.startsWith(c.prefix())) {
        return c;
      }
    }
    return null;
  }

  private static Connector connectorOfScheme(String scheme) {
    return switch (scheme) {
      case "s3", "s3a", "s3n" -> CONNECTORS.get(0);
      case "abfs", "abfss" -> connectorOfClass("org.apache.hadoop.fs.azurebfs.");
      case "gs" -> connectorOfClass("org.apache.hadoop.fs.gs.");
      default -> null;
    };
  }
}
