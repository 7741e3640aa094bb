package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.api.HealthCheck.Verdict;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaintainPlannerTest {
  private static final Set<MaintainOperation> ALL = EnumSet.allOf(MaintainOperation.class);

  private static HealthCheck check(String name, Verdict v) {
    return new HealthCheck(name, v, 1, ">= 1", name + " reason");
  }

  private static HealthResult health(HealthCheck... checks) {
    return new HealthResult("/t", null, null, null, null, null, null, List.of(), List.of(), Map.of(), Arrays.asList(checks));
  }

  private static List<String> forms(MaintainPlan p) {
    return p.steps().stream().map(MaintainPlan.Step::form).toList();
  }

  @Test
  void everyDueCheckMapsToItsOperationInTheSafeOrderAndOptimizeOnce() {
    MaintainPlan p = MaintainPlanner.plan(health(check("logCleanup", Verdict.DUE), check("checkpoint", Verdict.BAD),
        check("vacuum", Verdict.DUE), check("statistics", Verdict.DUE), check("smallFiles", Verdict.DUE),
        check("deletedRows", Verdict.OK)), Map.of(), ALL, VacuumRequest.Mode.LITE);
    assertThat(forms(p)).containsExactly("optimize", "checkpoint", "vacuum lite", "log-cleanup");
    assertThat(p.steps().get(0).reasons()).containsExactly("statistics due: statistics reason",
        "smallFiles due: smallFiles reason");
    assertThat(p.steps().get(1).reasons()).containsExactly("checkpoint bad: checkpoint reason");
  }

  @Test
  void nothingIsDueWhenEveryCheckIsOk() {
    MaintainPlan p = MaintainPlanner.plan(health(check("smallFiles", Verdict.OK), check("checkpoint", Verdict.OK)),
        Map.of(), ALL, VacuumRequest.Mode.LITE);
    assertThat(p.steps()).isEmpty();
  }

  @Test
  void optimizeZOrdersByTheTablesDeclaredColumns() {
    MaintainPlan p = MaintainPlanner.plan(health(check("smallFiles", Verdict.DUE)),
        Map.of("deltactl.zorder.by", " a , b"), ALL, VacuumRequest.Mode.FULL);
    assertThat(forms(p)).containsExactly("zorder by a, b");
    assertThat(p.steps().get(0).zOrderBy()).containsExactly("a", "b");
  }

  @Test
  void aClusteredTableIsOptimizedPlainlyWhateverItsZOrderProperty() {
    MaintainPlan p = MaintainPlanner.plan(health(check("smallFiles", Verdict.DUE)),
        Map.of("deltactl.zorder.by", "a, b"), List.of("c"), ALL, VacuumRequest.Mode.FULL);
    assertThat(forms(p)).containsExactly("optimize (clustering by c)");
    assertThat(p.steps().get(0).zOrderBy()).isEmpty();
  }

  @Test
  void aTableWithBloomDefinitionsGetsABuildUnlessHealthJudgedItsCoverage() {
    Map<String, String> props = Map.of("deltactl.bloomFilter.key", "fpp=0.1,numItems=1000");
    assertThat(forms(MaintainPlanner.plan(health(check("checkpoint", Verdict.DUE)), props, ALL,
        VacuumRequest.Mode.LITE))).containsExactly("bloom-index build", "checkpoint");
    assertThat(forms(MaintainPlanner.plan(health(check("bloomIndex", Verdict.OK)), props, ALL,
        VacuumRequest.Mode.LITE))).isEmpty();
    assertThat(forms(MaintainPlanner.plan(health(check("bloomIndex", Verdict.DUE)), Map.of(), ALL,
        VacuumRequest.Mode.LITE))).containsExactly("bloom-index build");
  }

  @Test
  void onlyTheAllowedOperationsArePlanned() {
    MaintainPlan p = MaintainPlanner.plan(health(check("smallFiles", Verdict.DUE), check("checkpoint", Verdict.DUE),
        check("vacuum", Verdict.DUE)), Map.of(), EnumSet.of(MaintainOperation.CHECKPOINT, MaintainOperation.VACUUM),
        VacuumRequest.Mode.FULL);
    assertThat(forms(p)).containsExactly("checkpoint", "vacuum full");
  }

  @Test
  void operationNamesParseFromCommaListsAndAnUnknownOneNamesTheNearest() {
    assertThat(MaintainOperation.parse(List.of("vacuum,Checkpoint", "zorder"), "--only"))
        .containsExactly(MaintainOperation.OPTIMIZE, MaintainOperation.CHECKPOINT, MaintainOperation.VACUUM);
    assertThatThrownBy(() -> MaintainOperation.parse(List.of("optimize,vacum"), "--skip"))
        .isInstanceOf(DeltactlException.class)
        .hasMessage("unknown operation 'vacum' in --skip: did you mean vacuum? (operations: optimize, bloom-index,"
            + " checkpoint, vacuum, log-cleanup)")
        .extracting(e -> ((DeltactlException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void aRequestNamesEachTableOnceAndDefaultsToEveryOperationAndVacuumLite() {
    MaintainRequest r = new MaintainRequest(List.of(TableRef.parse("/a"), TableRef.parse("/b")), null, null, false,
        3, null);
    assertThat(r.operations()).isEqualTo(ALL);
    assertThat(r.vacuumMode()).isEqualTo(VacuumRequest.Mode.LITE);
    assertThatThrownBy(() -> new MaintainRequest(List.of(TableRef.parse("/a"), TableRef.parse("/a/")), null, null,
        false, 3, null)).hasMessage("table /a is named twice: name each table once");
    assertThatThrownBy(() -> new MaintainRequest(List.of(), null, null, false, 3, null))
        .hasMessage("maintain needs at least one table");
    assertThatThrownBy(() -> new MaintainRequest(List.of(TableRef.parse("/a")), null, null, false, 101, null))
        .hasMessage("--retries must be between 0 and 100, got 101");
  }
}
