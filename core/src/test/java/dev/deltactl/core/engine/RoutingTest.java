package dev.deltactl.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.api.EngineConfig;
import dev.deltactl.core.api.TableRef;
import dev.deltactl.core.engine.Routing.EngineKind;
import dev.deltactl.core.engine.Routing.Facts;
import dev.deltactl.core.engine.kernel.KernelEngine;
import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who answers, decided from typed facts, without starting any engine. */
class RoutingTest {
  @TempDir Path tmp;

  private static final TableRef LOCAL = TableRef.parse("/data/t");
  private static final TableRef S3 = TableRef.parse("s3a://bucket/t");
  private static final TableRef NAME = TableRef.parse("db.t");

  @Test
  void theEngineKindComesFromTheMasterOnce() {
    assertThat(EngineKind.of("local[*]")).isEqualTo(EngineKind.EMBEDDED);
    assertThat(EngineKind.of("local[2]")).isEqualTo(EngineKind.EMBEDDED);
    assertThat(EngineKind.of("spark://host:7077")).isEqualTo(EngineKind.CLUSTER);
    assertThat(EngineKind.of("yarn")).isEqualTo(EngineKind.CLUSTER);
    assertThat(EngineKind.of("sc://localhost:15002")).isEqualTo(EngineKind.CONNECT);
    assertThat(EngineKind.of("sc://localhost:15002/;token=abc")).isEqualTo(EngineKind.CONNECT);
  }

  @Test
  void theKernelSettingIsReadOnceWhateverItsCase() {
    assertThat(Routing.kernelEnabled(Map.of())).isTrue();
    assertThat(Routing.kernelEnabled(Map.of(Routing.KERNEL, "true"))).isTrue();
    for (String off : new String[] {"false", "FALSE", "False", " false "}) {
      assertThat(Routing.kernelEnabled(Map.of(Routing.KERNEL, off))).as(off).isFalse();
    }
    assertThat(Engines.KERNEL).isEqualTo(Routing.KERNEL);
  }

  @Test
  void kernelReadsPathsHereUnlessOffOrTheLocalDiskOfARemoteConnectServer() {
    Facts embedded = new Facts(EngineKind.EMBEDDED, false, true);
    Facts cluster = new Facts(EngineKind.CLUSTER, true, true);
    Facts connectHere = new Facts(EngineKind.CONNECT, false, true);
    Facts connectElsewhere = new Facts(EngineKind.CONNECT, true, true);
    Facts off = new Facts(EngineKind.EMBEDDED, false, false);
    for (Facts f : new Facts[] {embedded, cluster, connectHere, connectElsewhere}) {
      assertThat(Routing.kernelReadsHere(f, S3)).as(f.toString()).isTrue();
      assertThat(Routing.kernelReadsHere(f, NAME)).as(f.toString()).isFalse();
    }
    assertThat(Routing.kernelReadsHere(embedded, LOCAL)).isTrue();
    assertThat(Routing.kernelReadsHere(cluster, LOCAL)).isTrue();
    assertThat(Routing.kernelReadsHere(connectHere, LOCAL)).isTrue();
    assertThat(Routing.kernelReadsHere(connectElsewhere, LOCAL)).isFalse();
    assertThat(Routing.kernelReadsHere(connectElsewhere, TableRef.parse("file:/data/t"))).isFalse();
    assertThat(Routing.kernelReadsHere(connectElsewhere, TableRef.parse("/data/a:b"))).isFalse();
    assertThat(Routing.kernelReadsHere(off, LOCAL)).isFalse();
    assertThat(Routing.kernelReadsHere(off, S3)).isFalse();
    assertThat(Routing.whyNotKernel(off, S3)).isEqualTo("deltactl.kernel=false");
    assertThat(Routing.whyNotKernel(embedded, NAME)).isEqualTo("a metastore table (Kernel reads paths)");
    assertThat(Routing.whyNotKernel(connectElsewhere, LOCAL))
        .isEqualTo("a local path of the Spark Connect server's host");
    assertThat(Routing.whyNotKernel(connectElsewhere, S3)).isNull();
  }

  @Test
  void factsOfAConfiguration() {
    assertThat(Facts.of(new EngineConfig("local[*]", Map.of(), tmp, "t")))
        .isEqualTo(new Facts(EngineKind.EMBEDDED, false, true));
    assertThat(Facts.of(new EngineConfig("sc://localhost:15002", Map.of(Routing.KERNEL, "FALSE"), tmp, "t")))
        .isEqualTo(new Facts(EngineKind.CONNECT, false, false));
  }

  @Test
  void aDeclineIsATypedOutcomeAndAnyOtherFailureIsTheAnswer() {
    AtomicInteger asked = new AtomicInteger();
    Routing.Answer<String> declined = Routing.ask(() -> {
      throw new CannotAnswer("describe", "/data/t", "the table has the catalogManaged feature", null);
    }, "Spark");
    assertThat(declined).isInstanceOfSatisfying(Routing.Declined.class, d -> {
      assertThat(d.why().question()).isEqualTo("describe");
      assertThat(d.why().reason()).isEqualTo("the table has the catalogManaged feature");
      assertThat(d.why().code()).isEqualTo(ErrorCode.NOT_SUPPORTED_BY_ENGINE);
    });
    assertThat(declined.orElse(() -> "spark:" + asked.incrementAndGet())).isEqualTo("spark:1");
    assertThat(Routing.ask(() -> "kernel", "Spark").orElse(() -> "spark:" + asked.incrementAndGet()))
        .isEqualTo("kernel");
    assertThat(asked).hasValue(1);
    assertThatThrownBy(() -> Routing.ask(() -> {
      throw new DeltactlException(ErrorCode.PATH_NOT_FOUND, "path not found: /data/t");
    }, "Spark")).isInstanceOfSatisfying(DeltactlException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.PATH_NOT_FOUND));
  }

  @Test
  void kernelDeclinesAMetastoreNameWithATypedReasonAndAnswersAMissingPathItself() throws Exception {
    try (KernelEngine k = new KernelEngine(new EngineConfig("local[*]", Map.of(), tmp, "t"))) {
      assertThatThrownBy(() -> k.describe(new dev.deltactl.core.api.DescribeRequest(NAME)))
          .isInstanceOfSatisfying(CannotAnswer.class, c -> {
            assertThat(c.reason()).isEqualTo("a metastore table (Kernel reads paths)");
            assertThat(c.getMessage())
                .isEqualTo("the kernel engine cannot answer describe for db.t: a metastore table (Kernel reads paths)");
          });
      Path missing = tmp.resolve("none");
      assertThatThrownBy(() -> k.describe(new dev.deltactl.core.api.DescribeRequest(TableRef.parse(missing.toString()))))
          .isInstanceOfSatisfying(DeltactlException.class, e -> {
            assertThat(e).isNotInstanceOf(CannotAnswer.class);
            assertThat(e.code()).isEqualTo(ErrorCode.PATH_NOT_FOUND);
          });
    }
  }

  /**
   * optimize's dry run is Kernel's while no Spark session decides the sizes: Spark's over Spark Connect (the
   * server's settings), once Spark is open (its live settings), and for a run that rewrites files.
   */
  @Test
  void optimizesDryRunIsPlannedFromTheLogUnlessASparkSessionDecidesTheSizes() throws Exception {
    String missing = tmp.resolve("missing").toString();
    dev.deltactl.core.api.OptimizeRequest dry = new dev.deltactl.core.api.OptimizeRequest(TableRef.ofPath(missing),
        null, java.util.List.of(), null, null, true, 0, false);
    dev.deltactl.core.api.OptimizeRequest run = new dev.deltactl.core.api.OptimizeRequest(TableRef.ofPath(missing),
        null, java.util.List.of(), null, null, false, 0, false);
    // the data engine: answers optimize by saying so, anything else unsupported
    java.util.function.Supplier<dev.deltactl.core.api.Engine> spark = () -> new dev.deltactl.core.api.Engine() {
      @Override
      public String name() {
        return "spark";
      }

      @Override
      public dev.deltactl.core.api.OptimizeResult optimize(dev.deltactl.core.api.OptimizeRequest r) {
        throw DeltactlException.invalid("planned by spark");
      }

      @Override
      public void close() {}
    };
    EngineConfig config = new EngineConfig("local[*]", Map.of(), tmp, "t");
    java.util.function.Function<Facts, RoutingEngine> routing =
        f -> new RoutingEngine(f, () -> new KernelEngine(config), spark);
    // Kernel answers for the missing path itself
    assertThatThrownBy(() -> routing.apply(new Facts(EngineKind.EMBEDDED, false, true)).optimize(dry))
        .hasMessageStartingWith("path not found: ");
    assertThatThrownBy(() -> routing.apply(new Facts(EngineKind.CLUSTER, true, true)).optimize(dry))
        .hasMessageStartingWith("path not found: ");
    assertThatThrownBy(() -> routing.apply(new Facts(EngineKind.CONNECT, false, true)).optimize(dry))
        .hasMessage("planned by spark");
    assertThatThrownBy(() -> routing.apply(new Facts(EngineKind.EMBEDDED, false, true)).optimize(run))
        .hasMessage("planned by spark");
    assertThatThrownBy(() -> routing.apply(new Facts(EngineKind.EMBEDDED, false, false)).optimize(dry))
        .hasMessage("planned by spark");
    RoutingEngine open = routing.apply(new Facts(EngineKind.EMBEDDED, false, true));
    assertThatThrownBy(() -> open.vacuum(new dev.deltactl.core.api.VacuumRequest(TableRef.ofPath(missing), null,
        true, false, null))).isInstanceOf(DeltactlException.class); // opens the data engine
    assertThatThrownBy(() -> open.optimize(dry)).hasMessage("planned by spark");
  }
}
