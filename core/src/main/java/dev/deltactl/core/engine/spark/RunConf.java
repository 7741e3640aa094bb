package dev.deltactl.core.engine.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Session settings for one operation only: set before it runs, put back as they were afterwards, so that
 * a warm session (a shell, the next command) never inherits them.
 */
final class RunConf {
  private RunConf() {}

  static <T> T with(SparkSession spark, Map<String, String> conf, Supplier<T> body) {
    Map<String, String> saved = new LinkedHashMap<>();
    conf.forEach((k, v) -> {
      if (spark.conf().contains(k)) {
        saved.put(k, spark.conf().get(k));
      }
      spark.conf().set(k, v);
    });
    try {
      return body.get();
    } finally {
      conf.keySet().forEach(k -> {
        if (saved.containsKey(k)) {
          spark.conf().set(k, saved.get(k));
        } else {
          spark.conf().unset(k);
        }
      });
    }
  }
}
