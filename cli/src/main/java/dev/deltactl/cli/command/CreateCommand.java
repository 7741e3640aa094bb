package dev.deltactl.cli.command;

import dev.deltactl.cli.output.Views;
import dev.deltactl.core.api.CreateTableRequest;
import dev.deltactl.core.api.SourceFormat;
import dev.deltactl.core.api.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Create a Delta table: empty with a schema, or from a query or files (schema inferred).",
      "Creating over an existing table fails unless --replace or --if-not-exists is given."
    })
final class CreateCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the new table")
  String table;

  @Option(names = "--schema", paramLabel = "DDL", order = 1,
      description = "Columns in Spark DDL: \"id BIGINT NOT NULL, name STRING COMMENT 'x', day DATE\";"
          + " with --from, the schema to read the files with instead of inferring it")
  String schema;

  @Option(names = "--partitioned-by", paramLabel = "COL", split = ",", order = 2,
      description = "Partition columns, in order")
  List<String> partitionedBy = new ArrayList<>();

  @Option(names = "--cluster-by", paramLabel = "COL", split = ",", order = 2,
      description = "Liquid clustering columns (at most 4; numbers, strings, dates or timestamps with statistics):"
          + " optimize then clusters the table by them; not with --partitioned-by")
  List<String> clusterBy = new ArrayList<>();

  @Option(names = "--property", paramLabel = "KEY=VALUE", order = 3,
      description = "A table property, repeatable: delta.enableDeletionVectors=true,"
          + " delta.deletedFileRetentionDuration='interval 7 days', ...")
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(names = "--location", paramLabel = "PATH", order = 4,
      description = "Where a named table keeps its files (default: the warehouse folder)")
  String location;

  @Option(names = "--comment", paramLabel = "TEXT", order = 5, description = "Table comment")
  String comment;

  @ArgGroup(exclusive = true)
  Mode mode;

  static final class Mode {
    @Option(names = "--if-not-exists", order = 6, description = "Leave an existing table as it is (exit 0)")
    boolean ifNotExists;

    @Option(names = "--replace", order = 7,
        description = "Replace an existing table: a new version with the new schema and data; history is kept")
    boolean replace;
  }

  @ArgGroup(exclusive = true)
  Source source;

  static final class Source {
    @Option(names = "--as-select", paramLabel = "SQL", order = 8,
        description = "Create from the rows of this query (CREATE TABLE ... AS SELECT)")
    String asSelect;

    @Option(names = "--from", paramLabel = "PATH", order = 9,
        description = "Create from the files at PATH (a file, a folder or a glob), read with --format")
    String from;
  }

  @Option(names = "--format", paramLabel = "FILE_FORMAT", order = 10,
      description = "Format of the --from files: ${COMPLETION-CANDIDATES}")
  SourceFormat format;

  @Option(names = "--format-option", paramLabel = "KEY=VALUE", order = 11,
      description = "An option of Spark's reader for --from, repeatable: header=true, delimiter=;, multiLine=true ...")
  Map<String, String> formatOptions = new LinkedHashMap<>();

  @Override
  public Integer call() {
    TableRef ref = TableRef.parse(table);
    CreateTableRequest.Source src = null;
    if (source != null && source.asSelect != null) {
      src = new CreateTableRequest.AsSelect(source.asSelect);
    } else if (source != null && source.from != null) {
      if (format == null) {
        throw new ParameterException(spec.commandLine(), "--from needs --format (csv, json, parquet, orc, avro, text)");
      }
      src = new CreateTableRequest.FromFiles(source.from, format, formatOptions);
    }
    if (src == null || src instanceof CreateTableRequest.AsSelect) {
      if (format != null || !formatOptions.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--format and --format-option apply only with --from");
      }
    }
    CreateTableRequest.Mode m = mode == null ? CreateTableRequest.Mode.CREATE
        : mode.replace ? CreateTableRequest.Mode.REPLACE : CreateTableRequest.Mode.IF_NOT_EXISTS;
    CreateTableRequest request = new CreateTableRequest(
        ref, schema, partitionedBy, properties, location, comment, m, src, clusterBy);
    root.print(Views.create(root.engine("create").create(request)));
    return 0;
  }
}
