package dev.deltactl.core.engine.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * Counts the running tasks of one job group from the listener bus's own events. The status tracker is not
 * exact for this: its store writes a live stage at most every 100 ms, so a task that has just started can
 * be missing from it, and a task of a cancelled job can still be writing when the tracker shows none.
 */
final class GroupTasks extends SparkListener {
  private final String group;
  private final Map<Integer, Boolean> stages = new ConcurrentHashMap<>();
  private final AtomicInteger running = new AtomicInteger();

  private GroupTasks(String group) {
    this.group = group;
  }

  private static final Map<SparkContext, GroupTasks> REGISTERED = java.util.Collections.synchronizedMap(
      new java.util.WeakHashMap<>());

  /** The counter of the group's tasks on this context, registered on its listener bus the first time. */
  static GroupTasks on(SparkContext sc, String group) {
    return REGISTERED.computeIfAbsent(sc, c -> {
      GroupTasks t = new GroupTasks(group);
      c.addSparkListener(t);
      return t;
    });
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    java.util.Properties p = job.properties();
    if (p != null && group.equals(p.getProperty("spark.jobGroup.id"))) {
      for (Object stage : scala.jdk.javaapi.CollectionConverters.asJava(job.stageIds())) {
        stages.put((Integer) stage, Boolean.TRUE);
      }
    }
  }

  @Override
  public void onTaskStart(SparkListenerTaskStart task) {
    if (stages.containsKey(task.stageId())) {
      running.incrementAndGet();
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd task) {
    if (stages.containsKey(task.stageId())) {
      running.decrementAndGet();
    }
  }

  /**
   * Waits until the bus has delivered what was posted and no task of the group runs: a killed task ends
   * (and its end is posted) only once its thread has stopped, so nothing of the group writes after this.
   * Gives up after the timeout.
   */
  void awaitNone(SparkContext sc, long timeoutMillis) {
    long end = System.nanoTime() + timeoutMillis * 1_000_000L;
    try {
      while (System.nanoTime() < end) {
        try {
          sc.listenerBus().waitUntilEmpty(Math.max(1, (end - System.nanoTime()) / 1_000_000L));
        } catch (java.util.concurrent.TimeoutException e) {
          return;
        }
        if (running.get() <= 0) {
          return;
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
