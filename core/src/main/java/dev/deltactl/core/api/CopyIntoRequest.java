package dev.deltactl.core.api;

import dev.deltactl.core.error.DeltactlException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Load files from a folder into a Delta table, each file exactly once. Built with named steps:
 * {@code CopyIntoRequest.into(table).from(source, format).pattern("*.csv").force(true).build()}.
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

  /** The first step of a request: the table to load into. */
  public static Builder into(TableRef table) {
    return new Builder(table);
  }

  /** A request's named steps; {@link #build()} checks them together, as the constructor does. */
  public static final class Builder {
    private final TableRef table;
    private String source;
    private SourceFormat format;
    private List<String> files = List.of();
    private String pattern;
    private Map<String, String> formatOptions = Map.of();
    private String select;
    private boolean mergeSchema;
    private boolean force;
    private boolean detectChanges;
    private Integer validate;
    private OnError onError = OnError.FAIL;
    private String badRecordsPath;
    private boolean createIfMissing;

    private Builder(TableRef table) {
      this.table = table;
    }

    /** The folder the files are in, and their format. */
    public Builder from(String source, SourceFormat format) {
      this.source = source;
      this.format = format;
      return this;
    }

    /** Only these files, relative to the source. */
    public Builder files(List<String> files) {
      this.files = files;
      return this;
    }

    /** Only the files matching this glob, relative to the source. */
    public Builder pattern(String pattern) {
      this.pattern = pattern;
      return this;
    }

    public Builder formatOptions(Map<String, String> formatOptions) {
      this.formatOptions = formatOptions;
      return this;
    }

    /** A projection over the source rows. */
    public Builder select(String select) {
      this.select = select;
      return this;
    }

    public Builder mergeSchema(boolean mergeSchema) {
      this.mergeSchema = mergeSchema;
      return this;
    }

    public Builder force(boolean force) {
      this.force = force;
      return this;
    }

    public Builder detectChanges(boolean detectChanges) {
      this.detectChanges = detectChanges;
      return this;
    }

    /** Check the files and show up to this many rows, loading nothing; null to load. */
    public Builder validate(Integer rows) {
      this.validate = rows;
      return this;
    }

    /** What a file that cannot be parsed does; the bad-records path goes with {@link OnError#BAD_RECORDS}. */
    public Builder onError(OnError onError, String badRecordsPath) {
      this.onError = onError;
      this.badRecordsPath = badRecordsPath;
      return this;
    }

    public Builder createIfMissing(boolean createIfMissing) {
      this.createIfMissing = createIfMissing;
      return this;
    }

    public CopyIntoRequest build() {
      return new CopyIntoRequest(table, source, format, files, pattern, formatOptions, select, mergeSchema, force,
          detectChanges, validate, onError, badRecordsPath, createIfMissing);
    }
  }
}
