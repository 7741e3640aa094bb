package dev.deltactl.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deltactl.core.error.DeltactlException;
import dev.deltactl.core.error.ErrorCode;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The registry of table properties and their checks, against Delta Lake 4.4's own {@code DeltaConfigs} (its
 * validators run here without a Spark session): the same keys, and the same verdict on every value tried.
 */
class TablePropertiesTest {

  /** Delta's configs by lower-case key without {@code delta.}, read from the jar on the class path. */
  private static Map<String, Object> deltaConfigs() throws Exception {
    Class<?> c = Class.forName("org.apache.spark.sql.delta.DeltaConfigs$");
    Object module = c.getField("MODULE$").get(null);
    Field entries = null;
    for (Class<?> k = c; k != null && entries == null; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (f.getName().endsWith("entries")) {
          entries = f;
        }
      }
    }
    entries.setAccessible(true);
    Map<String, Object> out = new TreeMap<>();
    ((Map<?, ?>) entries.get(module)).forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static boolean deltaAccepts(Object config, String value) throws Exception {
    try {
      config.getClass().getMethod("apply", String.class).invoke(config, value);
      return true;
    } catch (InvocationTargetException e) {
      return false;
    }
  }

  private static void invalid(Runnable r, String message) {
    assertThatThrownBy(r::run).isInstanceOf(DeltactlException.class).hasMessage(message)
        .extracting(e -> ((DeltactlException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void theRegistryHoldsExactlyDeltasKeysWithDeltasSpellingAndDefaults() throws Exception {
    Map<String, Object> delta = deltaConfigs();
    TreeSet<String> ours = new TreeSet<>();
    for (TableProperties.Known k : TableProperties.deltaKeys()) {
      ours.add(k.key());
      Object config = delta.get(k.key().substring("delta.".length()).toLowerCase(java.util.Locale.ROOT));
      assertThat(config).as(k.key()).isNotNull();
      assertThat(config.getClass().getMethod("key").invoke(config)).isEqualTo(k.key());
      String deflt = (String) config.getClass().getMethod("defaultValue").invoke(config);
      if (!k.key().startsWith("delta.min")) { // protocol versions: the newest Delta supports, not a default
        assertThat(k.deltaDefault()).as(k.key()).isEqualTo(deflt == null || deflt.isEmpty() ? null : deflt);
      }
      boolean editable = (Boolean) config.getClass().getMethod("editable").invoke(config);
      assertThat(k.type() != TableProperties.Type.NOT_SETTABLE).as(k.key()).isEqualTo(editable);
    }
    assertThat(ours).hasSize(delta.size());
  }

  @Test
  void everyTypedKeyAcceptsExactlyTheValuesDeltaAccepts() throws Exception {
    Map<String, Object> delta = deltaConfigs();
    List<String> values = List.of("true", "false", "TRUE", "False", "yes", "1", "0", "-1", "-2", "+5", " 5", "2.5",
        "9999999999", "-9999999999", "", "abc", "interval 30 days", "30 days", "INTERVAL 1 WEEK", "2 weeks",
        "168 hours", "1 day -2 hours", "-1 days", "1 month", "1 year", "0 months 3 days", "30days", "30 d",
        "1.5 seconds", "1.5 days", "10 milliseconds", "1 microsecond", "1 hour 30 minutes", "7 day",
        "interval '30' day", "classic", "v2", "V2", "Classic", "none", "name", "id", "NAME", "Serializable",
        "serializable", "WriteSerializable", "iceberg", "hudi", "iceberg,hudi", "ICEBERG", "iceberg, hudi",
        "1.0.0", "2.12.0", "3", "7", "8", "4");
    List<String> disagreements = new ArrayList<>();
    for (TableProperties.Known k : TableProperties.deltaKeys()) {
      if (k.type() == TableProperties.Type.TEXT || k.type() == TableProperties.Type.COLUMNS
          || k.type() == TableProperties.Type.NOT_SETTABLE) {
        continue;
      }
      Object config = delta.get(k.key().substring("delta.".length()).toLowerCase(java.util.Locale.ROOT));
      for (String v : values) {
        boolean ours = TableProperties.problem(k, v, List.of()) == null;
        if (ours != deltaAccepts(config, v)) {
          disagreements.add(k.key() + "=" + v + " (deltactl " + (ours ? "accepts" : "refuses") + ")");
        }
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @Test
  void intervalsReadAsDeltaReadsThem() {
    assertThat(TableProperties.interval("interval 30 days")).isEqualTo(Duration.ofDays(30));
    assertThat(TableProperties.interval("INTERVAL 1 WEEK")).isEqualTo(Duration.ofDays(7));
    assertThat(TableProperties.interval("168 hours")).isEqualTo(Duration.ofHours(168));
    assertThat(TableProperties.interval("1 day -2 hours")).isEqualTo(Duration.ofHours(22));
    assertThat(TableProperties.interval("1.5 seconds")).isEqualTo(Duration.ofMillis(1500));
    assertThat(TableProperties.interval("0 months 3 days")).isEqualTo(Duration.ofDays(3));
    invalid(() -> TableProperties.checkValue("delta.logRetentionDuration", "1 month", null, null),
        "invalid value '1 month' for delta.logRetentionDuration: months and years are not accepted; write days,"
            + " e.g. '365 days'");
    invalid(() -> TableProperties.checkValue("delta.logRetentionDuration", "-1 days", null, null),
        "invalid value '-1 days' for delta.logRetentionDuration: the interval must not be negative");
    invalid(() -> TableProperties.checkValue("delta.deletedFileRetentionDuration", "7d", null, null),
        "invalid value '7d' for delta.deletedFileRetentionDuration: expected an interval such as"
            + " 'interval 30 days', '2 weeks' or '168 hours'");
  }

  @Test
  void typedValuesAreRefusedWithTheKeyTheValueAndWhatIsExpected() {
    invalid(() -> TableProperties.checkValue("delta.appendOnly", "yes", null, null),
        "invalid value 'yes' for delta.appendOnly: expected true or false");
    invalid(() -> TableProperties.checkValue("delta.checkpointInterval", "0", null, null),
        "invalid value '0' for delta.checkpointInterval: expected a whole number of 1 or more");
    invalid(() -> TableProperties.checkValue("delta.dataSkippingNumIndexedCols", "-2", null, null),
        "invalid value '-2' for delta.dataSkippingNumIndexedCols: expected a whole number of -1 or more (-1: every"
            + " column)");
    invalid(() -> TableProperties.checkValue("delta.checkpointPolicy", "V2", null, null),
        "invalid value 'V2' for delta.checkpointPolicy: expected one of classic, v2");
    invalid(() -> TableProperties.checkValue("delta.isolationLevel", "WriteSerializable", null, null),
        "invalid value 'WriteSerializable' for delta.isolationLevel: expected one of Serializable");
    invalid(() -> TableProperties.checkValue("delta.dataSkippingStatsColumns", "id,nope", List.of("id", "s"), null),
        "invalid value 'id,nope' for delta.dataSkippingStatsColumns: the table has no column 'nope' (columns: id, s)");
    TableProperties.checkValue("delta.dataSkippingStatsColumns", "id,s.x,`s`", List.of("id", "s"), null);
    invalid(() -> TableProperties.checkValue("delta.feature.deletionVectors", "on", null, null),
        "invalid value 'on' for delta.feature.deletionVectors: expected supported");
    TableProperties.checkValue("delta.feature.deletionVectors", "Supported", null, null);
  }

  @Test
  void anUnknownDeltaKeyIsRefusedNamingTheNearestKnownKey() {
    invalid(() -> new PropertiesRequest(PropertiesRequest.Action.SET, TableRef.parse("/t"),
            Map.of("delta.logRetentionDurations", "interval 30 days"), List.of(), false, false),
        "unknown Delta table property 'delta.logRetentionDurations'; did you mean 'delta.logRetentionDuration'?"
            + " (deltactl properties list TABLE --all shows Delta's keys)");
    assertThat(TableProperties.nearest("delta.enableDeletionVector", TableProperties.deltaKeys().stream()
        .map(TableProperties.Known::key).toList())).isEqualTo("delta.enableDeletionVectors");
    assertThat(TableProperties.nearest("delta.checkpointintervall", TableProperties.deltaKeys().stream()
        .map(TableProperties.Known::key).toList())).isEqualTo("delta.checkpointInterval");
    invalid(() -> TableProperties.checkKey("delta.targetFileSize", false, false),
        "'delta.targetFileSize' is a Databricks table property: OSS Delta Lake 4.4 does not know it and refuses it"
            + " (DELTA_UNKNOWN_CONFIGURATION)");
    invalid(() -> TableProperties.checkKey("delta.columnMapping.maxColumnId", false, false),
        "'delta.columnMapping.maxColumnId' is set by Delta itself and cannot be set by a user");
    invalid(() -> TableProperties.checkKey("delta.constraints.positive", false, false),
        "'delta.constraints.positive' is a CHECK constraint: add or drop it with deltactl sql \"ALTER TABLE ... ADD"
            + " CONSTRAINT ...\"");
    invalid(() -> TableProperties.checkKey("delta.feature.deletionVectors", true, true),
        "'delta.feature.deletionVectors' cannot be unset: a table feature is removed with deltactl sql \"ALTER TABLE"
            + " ... DROP FEATURE deletionVectors\"");
  }

  @Test
  void keysSparkReservesAreRefusedAsSparkRefusesThem() throws Exception {
    Class<?> c = Class.forName("org.apache.spark.sql.connector.catalog.CatalogV2Util$");
    Object spark = c.getMethod("TABLE_RESERVED_PROPERTIES").invoke(c.getField("MODULE$").get(null));
    assertThat(TableProperties.SPARK_RESERVED).containsExactlyElementsOf(
        scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<String>) spark));
    invalid(() -> TableProperties.checkKey("owner", false, false), "'owner' is a property Spark reserves and sets"
        + " itself; choose another key (reserved: comment, collation, location, provider, owner, external,"
        + " is_managed_location, table_type)");
  }

  @Test
  void deltaKeysTakeDeltasSpellingAndOtherKeysAreTheUsers() {
    PropertiesRequest r = PropertiesRequest.set(TableRef.parse("/t"),
        new java.util.LinkedHashMap<>(Map.of("DELTA.APPENDONLY", "true", "owner.team", "x", "Owner", "")), false);
    assertThat(r.set()).containsOnlyKeys("delta.appendOnly", "owner.team", "Owner");
    assertThat(TableProperties.Namespace.of("delta.appendOnly")).isEqualTo(TableProperties.Namespace.DELTA);
    assertThat(TableProperties.Namespace.of("deltactl.zorder.by")).isEqualTo(TableProperties.Namespace.DELTACTL);
    assertThat(TableProperties.Namespace.of("deltalake.x")).isEqualTo(TableProperties.Namespace.OTHER);
  }

  @Test
  void deltactlKeysAreTheZorderColumnsAndPolicyOverridesOnly() {
    List<String> columns = List.of("id", "day", "name");
    TableProperties.checkKey("deltactl.zorder.by", false, false);
    TableProperties.checkValue("deltactl.zorder.by", "id, NAME", columns, List.of("day"));
    invalid(() -> TableProperties.checkValue("deltactl.zorder.by", "id,nope", columns, List.of("day")),
        "invalid deltactl.zorder.by: the table has no column 'nope' (columns: id, day, name)");
    invalid(() -> TableProperties.checkValue("deltactl.zorder.by", "id,day", columns, List.of("day")),
        "invalid deltactl.zorder.by: 'day' is a partition column; Z-order by other columns (each partition is"
            + " ordered on its own)");
    invalid(() -> TableProperties.checkValue("deltactl.zorder.by", "id,,name", columns, List.of()),
        "invalid deltactl.zorder.by 'id,,name': expected comma-separated column names, e.g. a,b");
    invalid(() -> TableProperties.checkValue("deltactl.zorder.by", "id,ID", columns, List.of()),
        "invalid deltactl.zorder.by 'id,ID': column 'ID' is named twice");
    TableProperties.checkKey("deltactl.policy.smallFileShare", false, false);
    TableProperties.checkValue("deltactl.policy.anything", "whatever", columns, List.of());
    invalid(() -> TableProperties.checkKey("deltactl.zorder.columns", false, false),
        "unknown deltactl table property 'deltactl.zorder.columns'; did you mean 'deltactl.zorder.by'? (deltactl's"
            + " keys: deltactl.zorder.by, deltactl.policy.<key>)");
    invalid(() -> TableProperties.checkKey("deltactl.policy.", false, false),
        "'deltactl.policy.' names no policy setting: use deltactl.policy.<key>");
    invalid(() -> TableProperties.checkKey("deltactl.bloomFilter.id", false, false),
        "'deltactl.bloomFilter.id' is a bloom-filter index: use deltactl bloom-index create instead");
  }

  private static PropertiesPlanner.TableState table(Map<String, String> props) {
    return new PropertiesPlanner.TableState("/t", 4, props, List.of("id", "day"), List.of("day"), 1, 2,
        List.of("appendOnly", "invariants"));
  }

  @Test
  void aPlanHoldsOnlyTheChangesAndTheFeaturesTheyAdd() {
    PropertiesResult p = PropertiesPlanner.plan(PropertiesRequest.set(TableRef.parse("/t"), new java.util
        .LinkedHashMap<>(Map.of("delta.appendOnly", "false", "delta.enableDeletionVectors", "true")), false),
        table(Map.of("delta.appendOnly", "false")), 0);
    assertThat(p.status()).isEqualTo(PropertiesResult.Status.DRY_RUN);
    assertThat(p.changes()).containsExactly(new PropertiesResult.Change("delta.enableDeletionVectors",
        TableProperties.Namespace.DELTA, null, "true", "deletionVectors"));
    assertThat(p.after()).containsExactlyEntriesOf(new TreeMap<>(Map.of("delta.appendOnly", "false",
        "delta.enableDeletionVectors", "true")));
    // the value it has already: nothing to commit
    PropertiesResult same = PropertiesPlanner.plan(PropertiesRequest.set(TableRef.parse("/t"),
        Map.of("delta.appendOnly", "false"), false), table(Map.of("delta.appendOnly", "false")), 0);
    assertThat(same.status()).isEqualTo(PropertiesResult.Status.UNCHANGED);
    assertThat(same.changes()).isEmpty();
    // a feature the table has already is no upgrade
    PropertiesResult has = PropertiesPlanner.plan(PropertiesRequest.set(TableRef.parse("/t"),
        Map.of("delta.appendOnly", "true"), false), table(Map.of()), 0);
    assertThat(has.changes().get(0).protocolUpgrade()).isNull();
    PropertiesResult writer = PropertiesPlanner.plan(PropertiesRequest.set(TableRef.parse("/t"),
        Map.of("delta.minWriterVersion", "4"), false), table(Map.of()), 0);
    assertThat(writer.changes()).containsExactly(new PropertiesResult.Change("delta.minWriterVersion",
        TableProperties.Namespace.DELTA, "2", "4", "writer version 4"));
    invalid(() -> PropertiesPlanner.plan(PropertiesRequest.set(TableRef.parse("/t"),
            Map.of("delta.minWriterVersion", "1"), false), table(Map.of()), 0),
        "cannot set delta.minWriterVersion to 1: the table is at writer version 2 and Delta never lowers a protocol"
            + " version (drop features with ALTER TABLE ... DROP FEATURE instead)");
  }

  @Test
  void unsetRemovesWhatIsSetAndRefusesAnUnknownDeltaKeyThatIsNot() {
    Map<String, String> props = Map.of("delta.appendOnly", "true", "delta.someOldKey", "1", "team", "a");
    PropertiesResult p = PropertiesPlanner.plan(PropertiesRequest.unset(TableRef.parse("/t"),
        List.of("delta.someOldKey", "team", "delta.logRetentionDuration"), false), table(props), 0);
    assertThat(p.changes()).extracting(PropertiesResult.Change::key).containsExactly("delta.someOldKey", "team");
    assertThat(p.after()).containsOnlyKeys("delta.appendOnly");
    invalid(() -> PropertiesPlanner.plan(PropertiesRequest.unset(TableRef.parse("/t"),
            List.of("delta.appendOnlyy"), false), table(props), 0),
        "unknown Delta table property 'delta.appendOnlyy'; did you mean 'delta.appendOnly'? (deltactl properties"
            + " list TABLE --all shows Delta's keys)");
  }

  @Test
  void listShowsWhatIsSetAndWithAllDeltasDefaults() {
    PropertiesResult l = PropertiesPlanner.list(table(Map.of("delta.appendOnly", "true", "team", "a",
        "deltactl.zorder.by", "id")), false, 0);
    assertThat(l.properties()).containsExactly(
        new PropertiesResult.Property("delta.appendOnly", "true", TableProperties.Namespace.DELTA, true),
        new PropertiesResult.Property("deltactl.zorder.by", "id", TableProperties.Namespace.DELTACTL, true),
        new PropertiesResult.Property("team", "a", TableProperties.Namespace.OTHER, true));
    PropertiesResult all = PropertiesPlanner.list(table(Map.of("delta.appendOnly", "true")), true, 0);
    assertThat(all.properties()).contains(
        new PropertiesResult.Property("delta.appendOnly", "true", TableProperties.Namespace.DELTA, true),
        new PropertiesResult.Property("delta.logRetentionDuration", "interval 30 days",
            TableProperties.Namespace.DELTA, false));
    assertThat(all.properties()).extracting(PropertiesResult.Property::key)
        .doesNotContain("delta.columnMapping.maxColumnId", "delta.minReaderVersion").isSorted();
  }

  @Test
  void keyValueArgumentsKeepEqualsSignsInTheValue() {
    assertThat(PropertiesRequest.parseAssignments(List.of("a=b=c", "d="))).containsExactly(
        Map.entry("a", "b=c"), Map.entry("d", ""));
    invalid(() -> PropertiesRequest.parseAssignments(List.of("novalue")), "expected KEY=VALUE, got 'novalue'");
  }

  /**
   * The one reading of a table's interval properties (vacuum's minimum retention on Spark, log-cleanup's and health's
   * log retention, health's tombstone retention): Delta's default when unset, every form Delta accepts (the parser
   * vacuum used before read one "N unit" only, and refused "1 day 12 hours" and "1.5 seconds"), and a value Delta
   * refuses is one line naming the key.
   */
  @Test
  void aTablesIntervalPropertyIsItsValueOrDeltasDefaultInEveryFormDeltaAccepts() {
    String key = "delta.deletedFileRetentionDuration";
    assertThat(TableProperties.interval(Map.of(), key)).isEqualTo(Duration.ofDays(7));
    assertThat(TableProperties.interval(Map.of(), "delta.logRetentionDuration")).isEqualTo(Duration.ofDays(30));
    assertThat(TableProperties.interval(Map.of(key, "interval 1 day 12 hours"), key)).isEqualTo(Duration.ofHours(36));
    assertThat(TableProperties.interval(Map.of(key, "1.5 seconds"), key)).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> TableProperties.interval(Map.of(key, "interval 1 month"), key))
        .isInstanceOf(DeltactlException.class)
        .hasMessage("cannot read the table's delta.deletedFileRetentionDuration 'interval 1 month': months and years"
            + " are not accepted; write days, e.g. '365 days'");
    assertThat(TableProperties.deltaDefault("delta.checkpointInterval")).contains("10");
    assertThat(TableProperties.deltaDefault("delta.autoOptimize.autoCompact")).isEmpty();
    assertThat(HealthPolicy.DEFAULT_CHECKPOINT_INTERVAL).isEqualTo(10);
  }
}
