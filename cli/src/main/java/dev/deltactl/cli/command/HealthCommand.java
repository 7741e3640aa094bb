package dev.deltactl.cli.command;

import dev.deltactl.cli.ExitCodes;
import dev.deltactl.cli.output.HealthView;
import dev.deltactl.core.api.Engine;
import dev.deltactl.core.api.HealthCheck;
import dev.deltactl.core.api.HealthPolicy;
import dev.deltactl.core.api.HealthRequest;
import dev.deltactl.core.api.HealthResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.error.DeltactlException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Report how healthy tables are, from their logs with Delta Kernel (no Spark): files and their sizes, small"
          + " files, rows hidden by deletion vectors, files without statistics, commits since the last checkpoint"
          + " and OPTIMIZE, columns that deltactl.zorder.by or deltactl.bloomFilter.* name but Delta collects no"
          + " statistics for, the log's files and those log-cleanup would delete (past delta.logRetentionDuration),"
          + " files removed longer ago than delta.deletedFileRetentionDuration (from the log's tombstones, what"
          + " vacuum would delete), protocol and maintenance properties; and a verdict per check (smallFiles,"
          + " deletedRows, checkpoint, logCleanup, statistics, vacuum: ok, due, bad) from a policy.",
      "Policy keys (key=value): smallFileSize, smallFilesDue, smallFileShareDue, smallFilesBad, deletedRowShareDue,"
          + " deletedRowShareBad, checkpointCommitsDue, checkpointCommitsBad, logFilesPastRetentionDue,"
          + " logFilesPastRetentionBad, filesWithoutStatsDue, reclaimableFilesDue, reclaimableBytesBad. From weakest"
          + " to strongest: the defaults, --policy-file,"
          + " the table's deltactl.policy.<key> properties, --policy.",
      "A table that fails (missing, not Delta) is reported on stderr and the others go on; the exit code is then"
          + " that failure's, which wins over --fail-on's."
    })
final class HealthCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(index = "0", arity = "1..*", paramLabel = "TABLE", description = "Paths of the tables")
  List<String> tables;

  @Option(names = "--by-partition", order = 1, description = "Also the figures of each partition")
  boolean byPartition;

  @Mixin PolicyOptions policy;

  @Override
  public Integer call() {
    HealthPolicy.Overrides overrides = policy.overrides();
    List<TableRef> refs = new ArrayList<>();
    for (String t : tables) {
      refs.add(TableRef.parse(t));
    }
    Engine engine = root.engine("health");
    List<HealthResult> results = new ArrayList<>();
    Integer error = null;
    for (TableRef ref : refs) {
      try {
        results.add(engine.health(new HealthRequest(ref, overrides, byPartition)));
      } catch (DeltactlException e) {
        root.err().println(root.redactor().redact("error: " + e.getMessage().strip().replaceAll("\\s*\\R\\s*", " ")));
        root.err().flush();
        error = error == null ? ExitCodes.of(e.code()) : error;
      }
    }
    if (!results.isEmpty() || refs.size() > 1) {
      root.print(HealthView.of(results, refs.size() > 1));
    }
    if (error != null) {
      return error;
    }
    HealthCheck.Verdict worst = results.stream().map(HealthResult::verdict).max(Enum::compareTo)
        .orElse(HealthCheck.Verdict.OK);
    return policy.breached(worst) ? ExitCodes.POLICY : ExitCodes.OK;
  }
}
