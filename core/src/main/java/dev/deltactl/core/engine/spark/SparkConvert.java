package dev.deltactl.core.engine.spark;

import dev.deltactl.core.api.ColumnInfo;
import dev.deltactl.core.api.ConvertPlan;
import dev.deltactl.core.api.ConvertRequest;
import dev.deltactl.core.api.ConvertResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Convert on every Spark engine: the plan from a listing of the folder through Hadoop (where the command runs)
 * and the Parquet footers, checked before anything is written, then Delta's {@code CONVERT TO DELTA}.
 *
 * @param fileSystem the file system of a path, where the listing is made
 */
record SparkConvert(SparkSession spark, Function<String, FileSystem> fileSystem) {
  /** A partition column as --partitioned-by gives it: a name and a Spark SQL type. */
  record PartitionColumn(String name, String type) {}

  private static final Pattern TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_]*(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*|`[^`]+`");

  ConvertResult run(ConvertRequest r) {
    long t0 = System.nanoTime();
    List<PartitionColumn> declared = parsePartitionedBy(r.partitionedBy());
    String location;
    boolean byName = !r.table().isPath();
    if (byName) {
      if (!declared.isEmpty()) {
        throw DeltactlException.invalid("--partitioned-by is for a folder; the metastore table "
            + r.table().display() + " has its partitions in the catalog");
      }
      location = parquetTableLocation(r.table());
    } else {
      location = r.table().path();
    }
    ConvertPlan plan = plan(r.table().display(), location, declared, byName);
    if (r.dryRun()) {
      return new ConvertResult(ConvertResult.Status.DRY_RUN, plan, null, null, millis(t0));
    }
    StringBuilder sql = new StringBuilder("CONVERT TO DELTA ")
        .append(byName ? Sql.table(r.table()) : "parquet." + Sql.ident(location));
    if (r.noStatistics()) {
      sql.append(" NO STATISTICS");
    }
    if (!declared.isEmpty()) {
      sql.append(" PARTITIONED BY (");
      for (int i = 0; i < declared.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(Sql.ident(declared.get(i).name())).append(' ')
            .append(declared.get(i).type());
      }
      sql.append(')');
    }
    try {
      spark.sql(sql.toString()).collectAsList();
    } catch (Exception e) {
      throw SparkErrors.translate(e);
    }
    String table = Sql.table(TableRef.ofPath(location));
    long version = Tables.latestVersion(spark, table);
    Long rows = r.noStatistics() ? null : spark.sql("SELECT count(*) FROM " + table).head().getLong(0);
    return new ConvertResult(ConvertResult.Status.CONVERTED, plan, version, rows, millis(t0));
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /** --partitioned-by as Spark DDL ({@code "date DATE, region STRING"}): names and types, checked. */
  static List<PartitionColumn> parsePartitionedBy(String ddl) {
    List<PartitionColumn> out = new ArrayList<>();
    if (ddl == null) {
      return out;
    }
    int depth = 0;
    int start = 0;
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < ddl.length(); i++) {
      char c = ddl.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        parts.add(ddl.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(ddl.substring(start));
    for (String part : parts) {
      String p = part.strip();
      int space = p.startsWith("`") ? p.indexOf('`', 1) + 1 : p.indexOf(' ');
      String name = space <= 0 ? p : p.substring(0, space);
      String type = space <= 0 ? "" : p.substring(space).strip();
      if (!NAME.matcher(name).matches() || !TYPE.matcher(type).matches()) {
        throw DeltactlException.invalid("invalid --partitioned-by '" + ddl + "': expected columns and types such as"
            + " \"date DATE, region STRING\"");
      }
      out.add(new PartitionColumn(name.startsWith("`") ? name.substring(1, name.length() - 1) : name,
          type.toUpperCase(Locale.ROOT)));
    }
    return out;
  }

  /** The folder of a Parquet table of the metastore; any other table is refused. */
  private String parquetTableLocation(TableRef ref) {
    List<Row> rows;
    try {
      rows = spark.sql("DESCRIBE TABLE EXTENDED " + Sql.table(ref)).collectAsList();
    } catch (Exception e) {
      throw SparkErrors.translate(e);
    }
    String provider = null;
    String location = null;
    for (Row row : rows) {
      String key = row.getString(0);
      if ("Provider".equals(key)) {
        provider = row.getString(1);
      } else if ("Location".equals(key)) {
        location = row.getString(1);
      }
    }
    if ("delta".equalsIgnoreCase(provider)) {
      throw new DeltactlException(ErrorCode.TABLE_ALREADY_EXISTS, ref.display() + " is already a Delta table");
    }
    if (!"parquet".equalsIgnoreCase(provider) || location == null) {
      throw DeltactlException.invalid("cannot convert " + ref.display() + ": it is a " + provider
          + " table; convert takes Parquet tables");
    }
    return location;
  }

  /**
   * What is in the folder, checked: it exists, is not a Delta table, holds Parquet files only (each footer read),
   * in partition folders that agree with each other and with --partitioned-by.
   */
  ConvertPlan plan(String display, String location, List<PartitionColumn> declared, boolean byName) {
    FileSystem fs = fileSystem.apply(location);
    Path root = new Path(location);
    List<FileStatus> files = new ArrayList<>();
    List<String> keys = null;
    Set<String> partitions = new TreeSet<>();
    List<String> others = new ArrayList<>();
    try {
      if (!fs.exists(root)) {
        throw new DeltactlException(ErrorCode.PATH_NOT_FOUND, location + " does not exist");
      }
      if (!fs.getFileStatus(root).isDirectory()) {
        throw DeltactlException.invalid("cannot convert " + location + ": it is a file; convert takes a folder of"
            + " Parquet files");
      }
      if (fs.exists(new Path(root, "_delta_log"))) {
        throw new DeltactlException(ErrorCode.TABLE_ALREADY_EXISTS, "cannot convert " + location
            + ": it is already a Delta table (it has a _delta_log folder)");
      }
      List<Object[]> stack = new ArrayList<>();
      stack.add(new Object[] {root, List.<String>of(), ""});
      while (!stack.isEmpty()) {
        Object[] top = stack.remove(stack.size() - 1);
        Path dir = (Path) top[0];
        @SuppressWarnings("unchecked") List<String> dirKeys = (List<String>) top[1];
        String rel = (String) top[2];
        for (FileStatus s : fs.listStatus(dir)) {
          String name = s.getPath().getName();
          if (name.startsWith("_") || name.startsWith(".")) {
            continue; // hidden: _SUCCESS, .crc files, _committed_...
          }
          if (s.isDirectory()) {
            int eq = name.indexOf('=');
            if (eq <= 0) {
              throw DeltactlException.invalid("cannot convert " + location + ": the folder " + rel + name
                  + " is not a partition folder (column=value)");
            }
            List<String> k = new ArrayList<>(dirKeys);
            k.add(name.substring(0, eq));
            stack.add(new Object[] {s.getPath(), k, rel + name + "/"});
          } else if (!name.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            others.add(rel + name);
          } else {
            if (keys == null) {
              keys = dirKeys;
            } else if (!keys.equals(dirKeys)) {
              throw DeltactlException.invalid("cannot convert " + location + ": its partition folders disagree ("
                  + describe(keys) + " and " + describe(dirKeys) + " at " + rel + name + ")");
            }
            files.add(s);
            if (!rel.isEmpty()) {
              partitions.add(rel);
            }
          }
        }
      }
    } catch (IOException e) {
      throw SparkErrors.cannotRead(location, e);
    }
    if (!others.isEmpty()) {
      others.sort(null);
      throw DeltactlException.invalid("cannot convert " + location + ": it holds files that are not Parquet ("
          + others.get(0) + (others.size() > 1 ? " and " + (others.size() - 1) + " more" : "")
          + "); convert takes a folder of Parquet files only");
    }
    if (files.isEmpty()) {
      throw DeltactlException.invalid("cannot convert " + location + ": it holds no Parquet files");
    }
    files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
    for (FileStatus f : files) {
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(f, fs.getConf()))) {
        reader.getFooter();
      } catch (IOException | RuntimeException e) {
        String prefix = fs.makeQualified(root).toString() + "/";
        String file = f.getPath().toString();
        throw DeltactlException.invalid("cannot convert " + location + ": "
            + (file.startsWith(prefix) ? file.substring(prefix.length()) : file) + " is not a readable Parquet file");
      }
    }
    List<String> found = keys == null ? List.of() : keys;
    if (!byName) {
      List<String> names = declared.stream().map(PartitionColumn::name).toList();
      if (!names.equals(found)) {
        throw DeltactlException.invalid(found.isEmpty()
            ? "cannot convert " + location + ": --partitioned-by names " + String.join(", ", names)
                + " but its files are not in partition folders"
            : names.isEmpty()
                ? "cannot convert " + location + ": its files are in partition folders (" + describe(found)
                    + "); give their columns and types with --partitioned-by \"" + String.join(" TYPE, ", found)
                    + " TYPE\""
                : "cannot convert " + location + ": --partitioned-by names " + String.join(", ", names)
                    + " but its partition folders are " + describe(found));
      }
    }
    long bytes = files.stream().mapToLong(FileStatus::getLen).sum();
    return new ConvertPlan(display, location, files.size(), bytes, found, partitions.size(),
        schema(location, found, declared));
  }

  private static String describe(List<String> keys) {
    return keys.isEmpty() ? "none" : String.join("=.../", keys) + "=...";
  }

  /** The files' columns (Spark's reading of the footers), then the partition columns with their types. */
  private List<ColumnInfo> schema(String location, List<String> partitionColumns, List<PartitionColumn> declared) {
    StructType schema;
    try {
      schema = spark.read().parquet(location).schema();
    } catch (Exception e) {
      throw SparkErrors.translate(e);
    }
    List<ColumnInfo> out = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!partitionColumns.contains(f.name())) {
        out.add(new ColumnInfo(f.name(), f.dataType().sql(), f.nullable(), null));
      }
    }
    for (String p : partitionColumns) {
      String type = declared.stream().filter(d -> d.name().equals(p)).map(PartitionColumn::type).findFirst()
          .orElseGet(() -> schema.apply(p).dataType().sql());
      out.add(new ColumnInfo(p, type, true, null));
    }
    return out;
  }
}
