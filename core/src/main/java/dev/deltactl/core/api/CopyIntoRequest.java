package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Load files from a folder into a Delta table, each file exactly once.
 *
 * @param source the folder the files are in; their paths relative to it identify them
 * @param files only these files (relative to source), at most {@value #MAX_FILES}; empty for all
 * @param pattern only the files matching this glob (relative to source); null for all
 * @param formatOptions options of Spark's reader for the format ({@code header}, {@code delimiter}, ...)
 * @param select a projection over the source rows ({@code expr, expr AS name}); null for the rows as read
 * @param mergeSchema add the source's new columns to the table
 * @param force load files even if they were loaded before
 * @param detectChanges a loaded file whose size or modification time changed counts as a new file
 * @param validate check the files against the table and show up to this many rows, loading nothing; null
 *     to load
 * @param onError what a file that cannot be parsed does to the load
 * @param badRecordsPath where {@link OnError#BAD_RECORDS} writes the rows it could not parse
 * @param createIfMissing create the table, with the schema of the source, when it does not exist
 */
public record CopyIntoRequest(
    TableRef table,
    String source,
    SourceFormat format,
    List<String> files,
    String pattern,
    Map<String, String> formatOptions,
    String select,
    boolean mergeSchema,
    boolean force,
    boolean detectChanges,
    Integer validate,
    OnError onError,
    String badRecordsPath,
    boolean createIfMissing) {

  public static final int MAX_FILES = 1000;

  public enum OnError {
    /** Load nothing and name the file and record that failed. */
    FAIL,
    /** Load the files that parse; report the others, which stay unloaded. */
    SKIP_FILE,
    /** Load what parses; write the rest, with their file and reason, to the bad-records path. */
    BAD_RECORDS
  }

  public CopyIntoRequest {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(format, "format");
    table.requireCurrent("copy-into");
    files = List.copyOf(files == null ? List.of() : files);
    formatOptions = formatOptions == null ? Map.of()
        : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(formatOptions));
    onError = onError == null ? OnError.FAIL : onError;
    if (!files.isEmpty() && pattern != null) {
      throw DeltactlException.invalid("--files and --pattern select files in different ways; give one of them");
    }
    if (files.size() > MAX_FILES) {
      throw DeltactlException.invalid("--files names " + files.size() + " files; at most " + MAX_FILES
          + " (use --pattern, or load the folder)");
    }
    if (validate != null && validate < 0) {
      throw DeltactlException.invalid("--validate takes a number of rows to show, 0 or more; got " + validate);
    }
    if ((onError == OnError.BAD_RECORDS) != (badRecordsPath != null)) {
      throw DeltactlException.invalid(onError == OnError.BAD_RECORDS
          ? "--on-error bad-records needs a path: --on-error bad-records=PATH"
          : "a bad-records path goes with --on-error bad-records");
    }
  }
}
