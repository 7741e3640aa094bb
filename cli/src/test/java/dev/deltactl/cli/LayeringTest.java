package dev.deltactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deltactl.core.engine.spark.SparkEngine;
import java.io.IOException;
import java.io.InputStream;
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
    // a constant pool names classes in internal form; the same check on a class that uses Spark must fire
    try (InputStream in = SparkEngine.class.getResourceAsStream("SparkEngine.class")) {
      assertThat(mentionsSpark(in.readAllBytes())).isTrue();
    }
  }

  private static boolean mentionsSpark(Path classFile) {
    try {
      return mentionsSpark(Files.readAllBytes(classFile));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean mentionsSpark(byte[] classBytes) {
    return new String(classBytes, StandardCharsets.ISO_8859_1).contains("org/apache/spark");
  }
}
