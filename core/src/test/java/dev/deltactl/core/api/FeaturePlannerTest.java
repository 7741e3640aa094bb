package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The feature table deltactl plans with is Delta Lake's own: the same names, the same droppable ones. */
class FeaturePlannerTest {

  @Test
  void everyFeatureOfDeltaIsKnownWithWhetherItCanBeDropped() throws Exception {
    Object tf = Class.forName("org.apache.spark.sql.delta.TableFeature$").getField("MODULE$").get(null);
    scala.collection.Map<?, ?> all = (scala.collection.Map<?, ?>) tf.getClass().getMethod("allSupportedFeaturesMap")
        .invoke(tf);
    Map<String, Boolean> delta = new TreeMap<>();
    Map<String, Boolean> readerWriter = new TreeMap<>();
    scala.collection.Iterator<?> it = all.values().iterator();
    while (it.hasNext()) {
      Object f = it.next();
      String name = (String) f.getClass().getMethod("name").invoke(f);
      delta.put(name, (Boolean) f.getClass().getMethod("isRemovable").invoke(f));
      readerWriter.put(name, (Integer) f.getClass().getMethod("minReaderVersion").invoke(f) > 1);
    }
    assertThat(new TreeMap<>(FeaturePlanner.droppable())).isEqualTo(delta);
    Map<String, Boolean> ours = new TreeMap<>();
    FeaturePlanner.KNOWN.forEach((k, v) -> ours.put(k, v.readerWriter()));
    assertThat(ours).isEqualTo(readerWriter);
  }
}
