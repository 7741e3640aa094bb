package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.api.HealthCheck.Verdict;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The orchestration of maintain over an engine that answers from a script: which calls it makes, in which order,
 * with which requests; retries after conflicts; a failed operation skipping the table's later ones; a failing
 * table not stopping the next. (The operations themselves are tested end to end on real tables in the CLI's
 * MaintainCommandTest.)
 */
class MaintenanceTest {
  /** An engine whose health says smallFiles and checkpoint are due, and whose optimize and checkpoint act. */
  private static final class Scripted implements Engine {
    final List<String> calls = new ArrayList<>();
    int checkpointConflicts;
    int optimizeFailures;
    int optimizeRetriesAsked = -1;
    boolean healthy;

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public HealthResult health(HealthRequest r) {
      calls.add("health " + r.table().display());
      if (r.table().display().endsWith("missing")) {
        throw DeltactlException.pathNotFound(r.table().display());
      }
      Verdict v = healthy ? Verdict.OK : Verdict.DUE;
      HealthFigures.Log log = new HealthFigures.Log(7, null, null, null, null, 8, 10, 8, 0, 8, 0, Duration.ofDays(30),
          0, null, 8, 0);
      return new HealthResult(r.table().display(), HealthFigures.Files.of(new long[] {1, 2}, 10),
          new HealthFigures.Rows(2, 0, 0, 0, 0, 0), log, null, List.of(), List.of(), Map.of(),
          List.of(new HealthCheck("smallFiles", v, 2, "", "small"), new HealthCheck("checkpoint", v, 8, "", "old")));
    }

    @Override
    public PropertiesResult properties(PropertiesRequest r) {
      calls.add("properties " + r.table().display());
      return new PropertiesResult(PropertiesResult.Status.LISTED, r.table().display(), 7, 7, List.of(), List.of(),
          Map.of(), Map.of(), 0);
    }

    @Override
    public OptimizeResult optimize(OptimizeRequest r) {
      calls.add("optimize " + r.table().display() + (r.dryRun() ? " dry" : ""));
      optimizeRetriesAsked = r.retries();
      if (optimizeFailures-- > 0) {
        throw new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, "a concurrent commit removed a file");
      }
      OptimizePlan plan = new OptimizePlan(r.table().display(), 7, List.of(), null, List.of(), 100, 100, 2, 3, 2, 2, 3,
          1, 1, 1);
      return new OptimizeResult(r.dryRun() ? OptimizeResult.Status.DRY_RUN : OptimizeResult.Status.OPTIMIZED, plan,
          r.dryRun() ? 7 : 8, Map.of("numFilesRemoved", 2L, "numFilesAdded", 1L), 0, 2);
    }

    @Override
    public CheckpointResult checkpoint(CheckpointRequest r) {
      calls.add("checkpoint " + r.table().display() + (r.dryRun() ? " dry" : ""));
      if (checkpointConflicts-- > 0) {
        throw new DeltactlException(ErrorCode.CONCURRENT_MODIFICATION, "the log changed");
      }
      CheckpointPlan plan = new CheckpointPlan(r.table().display(), 8, null, null, null, 9, "classic");
      return new CheckpointResult(r.dryRun() ? CheckpointResult.Status.DRY_RUN : CheckpointResult.Status.CHECKPOINTED,
          plan, "kernel", List.of("x.checkpoint.parquet"), 10, 0);
    }
  }

  private static MaintainRequest request(boolean dryRun, int retries, String... tables) {
    return new MaintainRequest(java.util.Arrays.stream(tables).map(TableRef::parse).toList(), null, null, dryRun,
        retries, null);
  }

  @Test
  void eachTableGetsHealthThenItsDueOperationsAndHealthAgainAfterAChange() {
    Scripted e = new Scripted();
    List<String> told = new ArrayList<>();
    MaintainResult r = Maintenance.run(e, request(false, 3, "/a", "/missing", "/b"), t -> told.add(t.table()));
    assertThat(e.calls).containsExactly("health /a", "properties /a", "optimize /a", "checkpoint /a", "health /a",
        "health /missing", "health /b", "properties /b", "optimize /b", "checkpoint /b", "health /b");
    assertThat(told).containsExactly("/a", "/missing", "/b");
    assertThat(r.tables().stream().map(t -> t.status()).toList()).containsExactly(MaintainResult.Status.DONE,
        MaintainResult.Status.FAILED, MaintainResult.Status.DONE);
    MaintainResult.Table missing = r.tables().get(1);
    assertThat(missing.error()).isEqualTo("path not found: /missing");
    assertThat(missing.errorCode()).isEqualTo(ErrorCode.PATH_NOT_FOUND);
    assertThat(missing.before()).isNull();
    assertThat(r.numFailed()).isEqualTo(1);
    MaintainResult.Step optimize = r.tables().get(0).steps().get(0);
    assertThat(optimize.summary()).isEqualTo("rewrote 2 files into 1, version 8");
    assertThat(optimize.attempts()).isEqualTo(2); // optimize counts its own retries
    assertThat(e.optimizeRetriesAsked).isEqualTo(3);
  }

  @Test
  void aConflictIsRetriedUpToTheBoundThenTheTableFailsAndItsLaterOperationsAreSkipped() {
    Scripted e = new Scripted();
    e.checkpointConflicts = 2;
    MaintainResult r = Maintenance.run(e, request(false, 2, "/a"), t -> { });
    MaintainResult.Step cp = r.tables().get(0).steps().get(1);
    assertThat(cp.status()).isEqualTo(MaintainResult.Status.DONE);
    assertThat(cp.attempts()).isEqualTo(3);

    e.checkpointConflicts = 3;
    r = Maintenance.run(e, request(false, 2, "/a"), t -> { });
    MaintainResult.Table t = r.tables().get(0);
    assertThat(t.status()).isEqualTo(MaintainResult.Status.FAILED);
    assertThat(t.steps().get(1).attempts()).isEqualTo(3);
    assertThat(t.error()).isEqualTo("checkpoint: the log changed");
    assertThat(t.errorCode()).isEqualTo(ErrorCode.CONCURRENT_MODIFICATION);

    Scripted f = new Scripted();
    f.optimizeFailures = 1;
    t = Maintenance.run(f, request(false, 2, "/a"), x -> { }).tables().get(0);
    assertThat(t.steps().stream().map(s -> s.status()).toList()).containsExactly(MaintainResult.Status.FAILED,
        MaintainResult.Status.SKIPPED);
    assertThat(t.steps().get(1).summary()).isEqualTo("not run: optimize failed");
    assertThat(f.calls).doesNotContain("checkpoint /a"); // optimize retries itself: no second attempt here
    assertThat(f.calls.stream().filter(c -> c.startsWith("optimize")).count()).isEqualTo(1);
  }

  @Test
  void aDryRunAsksEveryOperationForItsPlanOnlyAndAHealthyTableForNothing() {
    Scripted e = new Scripted();
    MaintainResult r = Maintenance.run(e, request(true, 3, "/a"), t -> { });
    assertThat(e.calls).containsExactly("health /a", "properties /a", "optimize /a dry", "checkpoint /a dry");
    assertThat(r.dryRun()).isTrue();
    assertThat(r.tables().get(0).status()).isEqualTo(MaintainResult.Status.PLANNED);
    assertThat(r.tables().get(0).after()).isNull();
    assertThat(r.tables().get(0).steps().get(1).summary()).isEqualTo("would write a classic checkpoint of version 8");

    Scripted h = new Scripted();
    h.healthy = true;
    MaintainResult.Table t = Maintenance.run(h, request(false, 3, "/a"), x -> { }).tables().get(0);
    assertThat(h.calls).containsExactly("health /a", "properties /a");
    assertThat(t.status()).isEqualTo(MaintainResult.Status.NOTHING_TO_DO);
    assertThat(t.after()).isEqualTo(t.before());
  }
}
