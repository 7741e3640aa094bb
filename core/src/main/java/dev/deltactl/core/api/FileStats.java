package dev.deltactl.core.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The statistics of a data file, read from the JSON of its add action: per column (a leaf, named by its dotted
 * logical path) the minimum, maximum and null count. Values keep their JSON type: numbers as numbers, the rest
 * (strings, dates, timestamps) as the text Delta wrote.
 *
 * @param numRecords rows in the file; null when the statistics do not say
 * @param tightBounds Delta's flag that the bounds are exact (false after a deletion vector); null when absent
 */
public record FileStats(Long numRecords, Map<String, Object> minValues, Map<String, Object> maxValues,
    Map<String, Object> nullCount, Boolean tightBounds) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final FileStats NONE = new FileStats(null, Map.of(), Map.of(), Map.of(), null);

  /**
   * Reads statistics JSON; null or blank gives empty statistics, and so does JSON that does not parse (a writer's
   * damaged statistics do not stop a listing).
   *
   * @param names the logical dotted name of each column by the dotted name the statistics use (its physical
   *     name under column mapping); a column not in it keeps the name the statistics use
   */
  public static FileStats parse(String json, Map<String, String> names) {
    if (json == null || json.isBlank()) {
      return NONE;
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (java.io.IOException e) {
      return NONE;
    }
    if (root == null || !root.isObject()) {
      return NONE;
    }
    JsonNode n = root.get("numRecords");
    JsonNode tight = root.get("tightBounds");
    return new FileStats(n == null || !n.canConvertToLong() ? null : n.asLong(), leaves(root.get("minValues"), names),
        leaves(root.get("maxValues"), names), leaves(root.get("nullCount"), names),
        tight == null || !tight.isBoolean() ? null : tight.asBoolean());
  }

  /** Only the record count, without building the per-column maps. */
  public static Long numRecords(String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    // read up to the field only (Delta writes it first), not the whole statistics of every file
    try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(json)) {
      if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String name = p.currentName();
        com.fasterxml.jackson.core.JsonToken value = p.nextToken();
        if ("numRecords".equals(name)) {
          Long n = null;
          if (value == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT
              && p.getNumberType() != com.fasterxml.jackson.core.JsonParser.NumberType.BIG_INTEGER) {
            n = p.getLongValue();
          } else if (value == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_FLOAT) {
            JsonNode f = JSON.readTree(p);
            n = f.canConvertToLong() ? f.asLong() : null;
          }
          // the rest is read as tokens only: damaged statistics count as none, as Spark takes them
          while (p.nextToken() != null) {
            p.skipChildren();
          }
          return n;
        }
        p.skipChildren();
      }
      return null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Every figure in one map, as CSV columns: {@code min.COL}, {@code max.COL}, {@code nullCount.COL} for each
   * column in the given order (those a file has no figure for are absent).
   */
  public Map<String, Object> flat(Iterable<String> columns) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String c : columns) {
      put(out, "min." + c, minValues.get(c));
      put(out, "max." + c, maxValues.get(c));
      put(out, "nullCount." + c, nullCount.get(c));
    }
    return out;
  }

  private static void put(Map<String, Object> out, String key, Object value) {
    if (value != null) {
      out.put(key, value);
    }
  }

  private static Map<String, Object> leaves(JsonNode node, Map<String, String> names) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (node != null && node.isObject()) {
      leaves(node, "", names, out);
    }
    return out;
  }

  private static void leaves(JsonNode node, String prefix, Map<String, String> names, Map<String, Object> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String path = prefix.isEmpty() ? part(e.getKey()) : prefix + "." + part(e.getKey());
      JsonNode v = e.getValue();
      if (v.isObject()) {
        leaves(v, path, names, out);
      } else if (!v.isNull()) {
        out.put(names.getOrDefault(path, path), value(v));
      }
    }
  }

  /** A name part as it appears in a dotted path: backquoted when it holds a dot or a backquote. */
  public static String part(String name) {
    return name.contains(".") || name.contains("`") ? "`" + name.replace("`", "``") + "`" : name;
  }

  private static Object value(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? (Object) v.asLong() : v.bigIntegerValue();
    }
    if (v.isNumber()) {
      return v.isBigDecimal() ? v.decimalValue() : (Object) v.asDouble();
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    return v.isTextual() ? v.asText() : v.toString();
  }
}
