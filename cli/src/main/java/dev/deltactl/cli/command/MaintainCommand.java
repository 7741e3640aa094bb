package dev.deltactl.cli.command;

import dev.deltactl.cli.ExitCodes;
import dev.deltactl.cli.output.MaintainView;
import dev.deltactl.core.api.HealthCheck;
import dev.deltactl.core.api.HealthPolicy;
import dev.deltactl.core.api.MaintainOperation;
import dev.deltactl.core.api.MaintainRequest;
import dev.deltactl.core.api.MaintainResult;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.api.VacuumRequest;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "maintain", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Keep tables healthy: for each table, health (from its log, without Spark), then the operations its checks"
          + " say are due, in this order: optimize (zorder by the table's deltactl.zorder.by), bloom-index build,"
          + " checkpoint, vacuum (the table's retention), log-cleanup (the table's log retention).",
      "One process and one Spark session serve every table; Spark starts only if an operation needs it. A table"
          + " that fails is reported and the others go on; a failed operation skips the table's later ones."
          + " Operations that meet a conflicting concurrent commit are re-planned and retried (--retries).",
      "Exit code: 0 when every table succeeded (1-5 otherwise: the failures' code when they all share one, else"
          + " 1); with --fail-on, 6 when a table's verdict after maintenance is at least that bad."
    })
final class MaintainCommand implements Callable<Integer> {
  @ParentCommand RootCommand root;

  @Parameters(paramLabel = "TABLE", arity = "0..*", description = "Paths or names of the tables")
  List<String> tables = new ArrayList<>();

  @Option(names = "--tables-from", paramLabel = "FILE", order = 1,
      description = "Read the tables from FILE, one per line (lines starting with # and blank lines ignored; - for stdin)")
  String tablesFrom;

  @Option(names = "--dry-run", order = 2,
      description = "Print each table's health verdict and the plan of every due operation; change nothing")
  boolean dryRun;

  @Option(names = "--only", paramLabel = "OPS", split = ",", order = 3,
      description = "Run only these operations when due: optimize, bloom-index, checkpoint, vacuum, log-cleanup")
  List<String> only = new ArrayList<>();

  @Option(names = "--skip", paramLabel = "OPS", split = ",", order = 4,
      description = "Never run these operations")
  List<String> skip = new ArrayList<>();

  @Option(names = "--policy", paramLabel = "KEY=VALUE", order = 5,
      description = "A health policy threshold for this run, repeatable (the keys of health --help)")
  Map<String, String> policy = new LinkedHashMap<>();

  @Option(names = "--policy-file", paramLabel = "FILE", order = 6,
      description = "Health policy thresholds as key=value lines (Java properties, # comments)")
  Path policyFile;

  @Option(names = "--vacuum", paramLabel = "MODE", order = 7, defaultValue = "lite",
      description = "How vacuum finds files: lite (from the log, no listing) or full (lists the table)"
          + " (default: ${DEFAULT-VALUE})")
  VacuumRequest.Mode vacuumMode;

  @Option(names = "--retries", paramLabel = "N", order = 8, defaultValue = "3",
      description = "Retries of an operation after a conflicting concurrent commit (default: ${DEFAULT-VALUE})")
  int retries;

  @Option(names = "--fail-on", paramLabel = "VERDICT", order = 9,
      description = "Exit 6 when a table's verdict after maintenance is at least this bad: ${COMPLETION-CANDIDATES}")
  HealthCommand.FailOn failOn;

  @Override
  public Integer call() {
    List<String> names = new ArrayList<>(tables);
    if (tablesFrom != null) {
      names.addAll(readTables(tablesFrom));
    }
    if (names.isEmpty()) {
      throw DeltactlException.invalid(tablesFrom == null ? "maintain needs a TABLE or --tables-from FILE"
          : "no table in " + tablesFrom + ": write one path or name per line");
    }
    List<TableRef> refs = new ArrayList<>();
    for (String n : names) {
      refs.add(TableRef.parse(n));
    }
    Set<MaintainOperation> ops = only.isEmpty() ? EnumSet.allOf(MaintainOperation.class)
        : EnumSet.copyOf(MaintainOperation.parse(only, "--only"));
    ops.removeAll(MaintainOperation.parse(skip, "--skip"));
    if (ops.isEmpty()) {
      throw DeltactlException.invalid("--only and --skip leave no operation to run");
    }
    MaintainRequest request = new MaintainRequest(refs, HealthPolicy.Overrides.of(policyFile, policy), ops, dryRun,
        retries, vacuumMode);
    MaintainResult result = root.engine("maintain").maintain(request, this::told);
    root.print(MaintainView.of(result, root.redactor()::redact));
    return exitCode(result);
  }

  /** A finished table: a note, or an error line (on stderr even with --quiet) when it failed. */
  private void told(MaintainResult.Table t) {
    String seconds = String.format(java.util.Locale.ROOT, "%.1f", t.elapsedMillis() / 1000.0);
    if (t.status() == MaintainResult.Status.FAILED) {
      root.err().println(root.redactor().redact("error: " + t.table() + ": " + t.error()));
      root.err().flush();
    } else {
      root.note("maintain: " + t.table() + " " + t.status().label() + " in " + seconds + " s");
    }
  }

  private int exitCode(MaintainResult result) {
    List<ErrorCode> failures = result.tables().stream().filter(t -> t.status() == MaintainResult.Status.FAILED)
        .map(MaintainResult.Table::errorCode).toList();
    if (!failures.isEmpty()) {
      int first = ExitCodes.of(failures.get(0));
      return failures.stream().allMatch(c -> ExitCodes.of(c) == first) ? first : ExitCodes.FAILED;
    }
    if (failOn == null || result.dryRun()) {
      return ExitCodes.OK;
    }
    HealthCheck.Verdict bar = failOn == HealthCommand.FailOn.DUE ? HealthCheck.Verdict.DUE : HealthCheck.Verdict.BAD;
    boolean breach = result.tables().stream().anyMatch(t -> t.after() != null
        && t.after().verdict().compareTo(bar) >= 0);
    return breach ? ExitCodes.POLICY : ExitCodes.OK;
  }

  /** One table a line; lines starting with {@code #} and blank lines are skipped (a path may hold a #). */
  static List<String> readTables(String file) {
    List<String> lines;
    try {
      lines = file.equals("-")
          ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList()
          : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw DeltactlException.invalid("--tables-from: file not found: " + file);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw DeltactlException.invalid("--tables-from: cannot read " + file + ": " + e.getMessage());
    }
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(t);
      }
    }
    return out;
  }
}
