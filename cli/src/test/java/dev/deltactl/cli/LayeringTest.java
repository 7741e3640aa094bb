package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The front end knows no Spark type: every class of the cli module is free of org.apache.spark references. */
class LayeringTest {
  @Test
  void noCliClassReferencesSpark() throws Exception {
    Path classes = Path.of(Cli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> all;
    try (Stream<Path> s = Files.walk(classes)) {
      all = s.filter(p -> p.toString().endsWith(".class")).toList();
    }
    assertThat(all).hasSizeGreaterThan(10);
    List<String> offenders = all.stream().filter(LayeringTest::mentionsSpark)
        .map(p -> classes.relativize(p).toString()).toList();
    assertThat(offenders).isEmpty();
  }

  @Test
  void theCheckSeesASparkReference() throws Exception {
    Path probe = Path.of(org.apache.spark.sql.Row.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(probe.toString()).endsWith(".jar");
    // a constant pool names classes in internal form; the same check on a class that uses Spark must fire
    Path core = Path.of(dev.deltactl.core.engine.spark.SparkEngine.class.getProtectionDomain().getCodeSource()
        .getLocation().toURI());
    assertThat(mentionsSpark(core.resolve("dev/deltactl/core/engine/spark/SparkEngine.class"))).isTrue();
  }

  private static boolean mentionsSpark(Path classFile) {
    try {
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("org/apache/spark");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
