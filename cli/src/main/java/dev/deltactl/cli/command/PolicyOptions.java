package dev.deltactl.cli.command;

import dev.deltactl.cli.ExitCodes;
import dev.deltactl.core.api.HealthCheck;
import dev.deltactl.core.api.HealthPolicy;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The health policy options that health and maintain share, and what --fail-on makes of a verdict. */
final class PolicyOptions {
  /** Which verdicts make the run exit with {@link ExitCodes#POLICY}. */
  enum FailOn {
    DUE,
    BAD
  }

  @Option(names = "--policy", paramLabel = "KEY=VALUE", order = 30,
      description = "A policy threshold for this run, repeatable: smallFilesDue=100, smallFileShareDue=25%%,"
          + " smallFileSize=32m")
  Map<String, String> policy = new LinkedHashMap<>();

  @Option(names = "--policy-file", paramLabel = "FILE", order = 31,
      description = "Policy thresholds as key=value lines (Java properties, # comments)")
  Path policyFile;

  @Option(names = "--fail-on", paramLabel = "VERDICT", order = 32,
      description = "Exit 6 when a check is at least this bad (maintain: after its operations):"
          + " ${COMPLETION-CANDIDATES} (default: verdicts never change the exit code)")
  FailOn failOn;

  /** The policy of the run; a bad key or value fails here, before any table is read. */
  HealthPolicy.Overrides overrides() {
    return HealthPolicy.Overrides.of(policyFile, policy);
  }

  /** Whether a verdict breaches {@code --fail-on}. */
  boolean breached(HealthCheck.Verdict worst) {
    return failOn == FailOn.DUE ? worst != HealthCheck.Verdict.OK
        : failOn == FailOn.BAD && worst == HealthCheck.Verdict.BAD;
  }
}
