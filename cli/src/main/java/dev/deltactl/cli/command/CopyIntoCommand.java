package dev.deltactl.cli.command;

import dev.deltactl.cli.output.Views;
import dev.deltactl.core.api.CopyIntoRequest;
import dev.deltactl.core.api.CopyIntoResult;
import dev.deltactl.core.api.SourceFormat;
import dev.deltactl.core.api.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "copy-into", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Load files from a folder into a table, each file exactly once: a re-run skips the files already"
            + " loaded (recorded in the table's own log, in the same commit as their rows), --force loads them"
            + " again.",
        "Exit 2 when a record cannot be parsed or the columns do not match (nothing is loaded), 4 when a"
            + " concurrent run loaded the same files first."},
    footer = {"", "Examples:",
        "  deltactl copy-into sales --from /landing/sales --format csv --format-option header=true",
        "  deltactl copy-into /data/events --from s3a://bucket/events --format json --pattern '2026-11-*.json'",
        "  deltactl copy-into sales --from /landing/sales --format csv --format-option header=true --validate 5"})
final class CopyIntoCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
  String table;

  @Option(names = "--from", required = true, paramLabel = "FOLDER", order = 1,
      description = "The folder of the source files; their paths relative to it identify them")
  String from;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", order = 2,
      description = "Format of the files: ${COMPLETION-CANDIDATES}")
  SourceFormat format;

  @Option(names = "--files", split = ",", paramLabel = "NAME", order = 3,
      description = "Only these files, relative to --from (at most 1000)")
  List<String> files = new ArrayList<>();

  @Option(names = "--pattern", paramLabel = "GLOB", order = 4,
      description = "Only the files matching this glob, relative to --from: 'sales/2026-*.csv'")
  String pattern;

  @Option(names = "--format-option", paramLabel = "KEY=VALUE", order = 5,
      description = "An option of Spark's reader, repeatable: header=true, delimiter=;, multiLine=true, dateFormat=...")
  Map<String, String> formatOptions = new LinkedHashMap<>();

  @Option(names = "--select", paramLabel = "EXPRS", order = 6,
      description = "A projection over the source rows before they are written: \"id, upper(name) AS name,"
          + " _metadata.file_path AS source_file\"")
  String select;

  @Option(names = "--merge-schema", order = 7, description = "Add the source's new columns to the table")
  boolean mergeSchema;

  @Option(names = "--force", order = 8, description = "Load the files even if they were loaded before")
  boolean force;

  @Option(names = "--detect-changes", order = 9,
      description = "A loaded file whose modification time changed counts as a new file")
  boolean detectChanges;

  @Option(names = "--validate", arity = "0..1", fallbackValue = "10", paramLabel = "N", order = 10,
      description = "Parse the files and check them against the table, show up to N rows (default 10), load nothing")
  Integer validate;

  @Option(names = "--on-error", paramLabel = "MODE", order = 11,
      description = "When records do not parse (CSV, JSON): fail (default: load nothing, name the file),"
          + " skip-file (load the other files; those stay unloaded and are reported), bad-records=PATH (load the"
          + " rows that parse, write the others with their file and reason as JSON to PATH)")
  String onError = "fail";

  @Option(names = "--create-if-missing", order = 12,
      description = "Create the table with the schema of the source when it does not exist")
  boolean createIfMissing;

  @Override
  public Integer call() {
    CopyIntoRequest.OnError mode;
    String badRecords = null;
    if (onError.equals("fail")) {
      mode = CopyIntoRequest.OnError.FAIL;
    } else if (onError.equals("skip-file")) {
      mode = CopyIntoRequest.OnError.SKIP_FILE;
    } else if (onError.startsWith("bad-records=") && onError.length() > "bad-records=".length()) {
      mode = CopyIntoRequest.OnError.BAD_RECORDS;
      badRecords = onError.substring("bad-records=".length());
    } else {
      throw new ParameterException(spec.commandLine(),
          "--on-error takes fail, skip-file or bad-records=PATH; got '" + onError + "'");
    }
    CopyIntoRequest request = CopyIntoRequest.into(TableRef.parse(table)).from(from, format).files(files)
        .pattern(pattern).formatOptions(formatOptions).select(select).mergeSchema(mergeSchema).force(force)
        .detectChanges(detectChanges).validate(validate).onError(mode, badRecords).createIfMissing(createIfMissing)
        .build();
    CopyIntoResult result = root.engine("copy-into").copyInto(request);
    root.print(Views.copyInto(result));
    for (CopyIntoResult.Rejected f : result.filesRejected()) {
      root.note("not loaded: " + f.file() + " (" + f.reason() + ")");
    }
    if (result.status() == CopyIntoResult.Status.NOTHING_TO_LOAD && result.numFilesSkipped() > 0) {
      root.note("all " + result.numFilesSkipped() + " files were loaded before; --force loads them again");
    }
    return 0;
  }
}
