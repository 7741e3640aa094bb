package dev.deltactl.core.engine.kernel;

import dev.deltactl.core.api.PartitionFilter;
import dev.deltactl.core.api.VersionSpec;
import dev.deltactl.core.error.DeltactlException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Expression;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@code --where} on partition columns as a Kernel predicate, its literals typed as the columns are. */
final class KernelFilters {
  private KernelFilters() {}

  /** @param schema the table's schema; every column of the tree is one of its top-level (partition) columns */
  static Predicate predicate(PartitionFilter.Node n, StructType schema) {
    if (n instanceof PartitionFilter.Compare c) {
      return new Predicate(c.op(), new Column(c.column()), literal(c.value(), c.column(), schema));
    }
    if (n instanceof PartitionFilter.In in) {
      List<Expression> values = new ArrayList<>();
      for (PartitionFilter.Literal l : in.values()) {
        values.add(literal(l, in.column(), schema));
      }
      return new io.delta.kernel.expressions.In(new Column(in.column()), values);
    }
    if (n instanceof PartitionFilter.IsNull i) {
      return new Predicate("IS_NULL", new Column(i.column()));
    }
    if (n instanceof PartitionFilter.And a) {
      return new io.delta.kernel.expressions.And(predicate(a.left(), schema), predicate(a.right(), schema));
    }
    if (n instanceof PartitionFilter.Or o) {
      return new io.delta.kernel.expressions.Or(predicate(o.left(), schema), predicate(o.right(), schema));
    }
    return new Predicate("NOT", predicate(((PartitionFilter.Not) n).child(), schema));
  }

  private static Literal literal(PartitionFilter.Literal l, String column, StructType schema) {
    DataType type = schema.get(column).getDataType();
    String t = l.text().strip();
    try {
      if (type instanceof StringType) {
        return Literal.ofString(l.text());
      }
      if (type instanceof IntegerType) {
        return Literal.ofInt(Integer.parseInt(t));
      }
      if (type instanceof LongType) {
        return Literal.ofLong(Long.parseLong(t));
      }
      if (type instanceof ShortType) {
        return Literal.ofShort(Short.parseShort(t));
      }
      if (type instanceof ByteType) {
        return Literal.ofByte(Byte.parseByte(t));
      }
      if (type instanceof DoubleType) {
        return Literal.ofDouble(Double.parseDouble(t));
      }
      if (type instanceof FloatType) {
        return Literal.ofFloat(Float.parseFloat(t));
      }
      if (type instanceof DecimalType d) {
        BigDecimal v = new BigDecimal(t).setScale(d.getScale(), java.math.RoundingMode.UNNECESSARY);
        if (v.precision() > d.getPrecision()) {
          throw new NumberFormatException();
        }
        return Literal.ofDecimal(v, d.getPrecision(), d.getScale());
      }
      if (type instanceof BooleanType) {
        if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
          throw new IllegalArgumentException();
        }
        return Literal.ofBoolean(Boolean.parseBoolean(t));
      }
      if (type instanceof DateType) {
        return Literal.ofDate((int) LocalDate.parse(t).toEpochDay());
      }
      if (type instanceof TimestampType) {
        Instant i = VersionSpec.parseTimestamp(t);
        return Literal.ofTimestamp(ChronoUnit.MICROS.between(Instant.EPOCH, i));
      }
      if (type instanceof TimestampNTZType) {
        LocalDateTime ldt = t.length() == 10 ? LocalDate.parse(t).atStartOfDay() : LocalDateTime.parse(t.replace(' ', 'T'));
        return Literal.ofTimestampNtz(ChronoUnit.MICROS.between(Instant.EPOCH, ldt.toInstant(ZoneOffset.UTC)));
      }
    } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException | DeltactlException e) {
      throw DeltactlException.invalid("--where: '" + l.text() + "' is not a value of type "
          + KernelTypes.sql(type).toLowerCase(Locale.ROOT) + " for the partition column " + column);
    }
    throw DeltactlException.invalid("--where cannot filter the partition column " + column + " of type "
        + KernelTypes.sql(type).toLowerCase(Locale.ROOT));
  }
}
