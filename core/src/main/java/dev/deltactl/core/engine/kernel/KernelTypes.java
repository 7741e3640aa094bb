package dev.deltactl.core.engine.kernel;

import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import io.delta.kernel.types.VariantType;
import java.util.stream.Collectors;

/** Kernel data types written the way Spark's {@code DataType.sql} writes them, so both engines agree. */
final class KernelTypes {
  private KernelTypes() {}

  static String sql(DataType t) {
    if (t instanceof BooleanType) {
      return "BOOLEAN";
    } else if (t instanceof ByteType) {
      return "TINYINT";
    } else if (t instanceof ShortType) {
      return "SMALLINT";
    } else if (t instanceof IntegerType) {
      return "INT";
    } else if (t instanceof LongType) {
      return "BIGINT";
    } else if (t instanceof FloatType) {
      return "FLOAT";
    } else if (t instanceof DoubleType) {
      return "DOUBLE";
    } else if (t instanceof StringType) {
      return "STRING";
    } else if (t instanceof BinaryType) {
      return "BINARY";
    } else if (t instanceof DateType) {
      return "DATE";
    } else if (t instanceof TimestampType) {
      return "TIMESTAMP";
    } else if (t instanceof TimestampNTZType) {
      return "TIMESTAMP_NTZ";
    } else if (t instanceof VariantType) {
      return "VARIANT";
    } else if (t instanceof DecimalType d) {
      return "DECIMAL(" + d.getPrecision() + "," + d.getScale() + ")";
    } else if (t instanceof ArrayType a) {
      return "ARRAY<" + sql(a.getElementType()) + ">";
    } else if (t instanceof MapType m) {
      return "MAP<" + sql(m.getKeyType()) + ", " + sql(m.getValueType()) + ">";
    } else if (t instanceof StructType s) {
      return s.fields().stream().map(KernelTypes::field).collect(Collectors.joining(", ", "STRUCT<", ">"));
    }
    throw new IllegalArgumentException("no SQL name for the type " + t);
  }

  private static String field(StructField f) {
    String comment = comment(f);
    return quoteIfNeeded(f.getName()) + ": " + sql(f.getDataType()) + (f.isNullable() ? "" : " NOT NULL")
        + (comment == null ? "" : " COMMENT '" + comment.replace("\\", "\\\\").replace("'", "\\'") + "'");
  }

  static String comment(StructField f) {
    Object c = f.getMetadata().get("comment");
    return c == null ? null : c.toString();
  }

  private static String quoteIfNeeded(String part) {
    if (part.matches("[a-zA-Z0-9_]+") && !part.matches("\\d+")) {
      return part;
    }
    return "`" + part.replace("`", "``") + "`";
  }
}
