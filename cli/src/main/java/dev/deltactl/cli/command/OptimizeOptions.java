package dev.deltactl.cli.command;

import dev.deltactl.core.api.OptimizeRequest;
import dev.deltactl.core.api.Sizes;
import dev.deltactl.core.api.TableRef;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What optimize and zorder share. */
final class OptimizeOptions {
  @Parameters(index = "0", paramLabel = "TABLE", description = "Path or name of the table")
  String table;

  @Option(names = "--where", paramLabel = "PREDICATE", order = 10,
      description = "Only the partitions matching this predicate on partition columns, e.g. \"day >= '2026-11-01'\"")
  String where;

  @Option(names = "--target-file-size", paramLabel = "SIZE", order = 11,
      description = "Size of the files written: 128m, 1g ... (default: Delta's optimize.maxFileSize, 1g)")
  String targetFileSize;

  @Option(names = "--dry-run", order = 20,
      description = "Print the plan (partitions, candidate files and bytes, bins, files after) and change nothing")
  boolean dryRun;

  @Option(names = "--retries", paramLabel = "N", order = 21, defaultValue = "0",
      description = "After a conflicting concurrent commit, plan again and retry up to N times (default: ${DEFAULT-VALUE})")
  int retries;

  OptimizeRequest request(List<String> zOrderBy, String minFileSize) {
    return request(zOrderBy, minFileSize, false);
  }

  OptimizeRequest request(List<String> zOrderBy, String minFileSize, boolean full) {
    return new OptimizeRequest(
        TableRef.parse(table),
        where,
        zOrderBy,
        targetFileSize == null ? null : Sizes.parse(targetFileSize, "--target-file-size"),
        minFileSize == null ? null : Sizes.parse(minFileSize, "--min-file-size"),
        dryRun,
        retries,
        full);
  }
}
