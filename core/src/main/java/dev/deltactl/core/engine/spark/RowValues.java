package dev.deltactl.core.engine.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/** Converts Spark row values to plain Java values that the front end can print without knowing Spark. */
final class RowValues {
  private RowValues() {}

  static List<Object> row(Row row, StructType schema) {
    StructField[] fields = schema.fields();
    List<Object> out = new ArrayList<>(fields.length);
    for (int i = 0; i < fields.length; i++) {
      out.add(value(row.get(i), fields[i].dataType()));
    }
    return out;
  }

  static Object value(Object v, DataType type) {
    if (v == null) {
      return null;
    }
    if (type instanceof StructType st && v instanceof Row r) {
      Map<String, Object> m = new LinkedHashMap<>();
      StructField[] fields = st.fields();
      for (int i = 0; i < fields.length; i++) {
        m.put(fields[i].name(), value(r.get(i), fields[i].dataType()));
      }
      return m;
    }
    if (type instanceof ArrayType at && v instanceof scala.collection.Iterable<?> it) {
      List<Object> out = new ArrayList<>();
      for (Object e : CollectionConverters.asJava(it)) {
        out.add(value(e, at.elementType()));
      }
      return out;
    }
    if (type instanceof MapType mt && v instanceof scala.collection.Map<?, ?> sm) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : CollectionConverters.asJava(sm).entrySet()) {
        out.put(value(e.getKey(), mt.keyType()), value(e.getValue(), mt.valueType()));
      }
      return out;
    }
    if (v instanceof java.sql.Timestamp ts) {
      return ts.toInstant();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (v instanceof Byte b) {
      return b.intValue();
    }
    if (v instanceof Short s) {
      return s.intValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    return v;
  }

  /** A map column as a Java map with sorted string keys, or an empty map when null. */
  static Map<String, String> stringMap(Row row, String field) {
    Object v = row.getAs(field);
    Map<String, String> out = new java.util.TreeMap<>();
    if (v instanceof scala.collection.Map<?, ?> sm) {
      CollectionConverters.asJava(sm).forEach((k, val) -> out.put(String.valueOf(k), val == null ? null : String.valueOf(val)));
    }
    return out;
  }

  static List<String> stringList(Row row, String field) {
    Object v = row.getAs(field);
    List<String> out = new ArrayList<>();
    if (v instanceof scala.collection.Iterable<?> it) {
      CollectionConverters.asJava(it).forEach(e -> out.add(String.valueOf(e)));
    }
    return out;
  }

  static boolean has(Row row, String field) {
    return java.util.Arrays.asList(row.schema().fieldNames()).contains(field);
  }

  /**
   * The rows of a query as a result: at most {@code maxRows} (0: all), and whether there were more; the
   * columns' comments when {@code comments}.
   */
  static dev.deltactl.core.api.SqlResult result(org.apache.spark.sql.Dataset<Row> df, int maxRows, boolean comments) {
    StructType schema = df.schema();
    List<Row> rows = maxRows == 0 ? df.collectAsList() : df.limit(maxRows + 1).collectAsList();
    boolean truncated = maxRows > 0 && rows.size() > maxRows;
    List<List<Object>> out = new java.util.ArrayList<>();
    for (Row row : truncated ? rows.subList(0, maxRows) : rows) {
      out.add(row(row, schema));
    }
    List<dev.deltactl.core.api.ColumnInfo> columns = new java.util.ArrayList<>();
    for (org.apache.spark.sql.types.StructField f : schema.fields()) {
      columns.add(new dev.deltactl.core.api.ColumnInfo(f.name(), f.dataType().sql(), f.nullable(),
          comments && f.getComment().isDefined() ? f.getComment().get() : null));
    }
    return new dev.deltactl.core.api.SqlResult(columns, out, truncated);
  }
}
