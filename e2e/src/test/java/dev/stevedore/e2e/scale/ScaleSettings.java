package dev.stevedore.e2e.scale;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What one benchmark run measures, from system properties (Maven passes -D options through to the test JVM).
 *
 * @param sizes numbers of services, smallest first ({@code scale.sizes}, default 100,300,1000)
 * @param tasksPerService pods per service ({@code scale.tasks}, default 2)
 * @param expectedNodes when set, the number of Ready nodes the cluster must have ({@code scale.nodes}); the node
 *     count itself is the cluster's (STEVEDORE_CLUSTER_NODES when the run starts the local cluster)
 * @param idleLargest the idle window at the largest size ({@code scale.idleSeconds}, default 300: one whole resync
 *     period of the operator falls in it)
 * @param idleSmaller the idle window at the other sizes ({@code scale.idleSecondsSmaller}, default 60)
 * @param clientThreads how many requests the benchmark sends at once when it creates or changes objects, on both
 *     sides ({@code scale.clientThreads}, default 8)
 * @param resync the operator's resync period ({@code scale.resyncSeconds}, default 300, the operator's own default)
 * @param operatorJvm the operator JVM's options ({@code scale.operatorJvm}): by default the serial collector, which
 *     the JVM picks in a container as small as the Helm chart's pod, and a heap of 1 GiB rather than the chart's
 *     384 MiB (75% of its 512 MiB limit), so that a heap that outgrows the chart is measured instead of ending the run
 * @param timeoutPerService added to a base of 3 minutes for every bounded wait ({@code scale.timeoutPerServiceMillis},
 *     default 2000, so 36 minutes at 1000 services): generous, since a wait that runs out is a harness error, not
 *     a missed goal
 */
record ScaleSettings(List<Integer> sizes, int tasksPerService, Integer expectedNodes, Duration idleLargest,
                     Duration idleSmaller, int clientThreads, Duration resync, List<String> operatorJvm,
                     Duration timeoutPerService) {

  static ScaleSettings fromSystemProperties() {
    List<Integer> sizes = Arrays.stream(System.getProperty("scale.sizes", "100,300,1000").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).sorted().toList();
    if (sizes.isEmpty() || sizes.get(0) < 1) {
      throw new IllegalArgumentException("scale.sizes must list positive numbers of services: " + sizes);
    }
    String nodes = System.getProperty("scale.nodes", "");
    return new ScaleSettings(sizes,
        Integer.getInteger("scale.tasks", 2),
        nodes.isBlank() ? null : Integer.valueOf(nodes.trim()),
        Duration.ofSeconds(Long.getLong("scale.idleSeconds", 300)),
        Duration.ofSeconds(Long.getLong("scale.idleSecondsSmaller", 60)),
        Integer.getInteger("scale.clientThreads", 8),
        Duration.ofSeconds(Long.getLong("scale.resyncSeconds", 300)),
        List.of(System.getProperty("scale.operatorJvm",
            "-Xmx1g -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError").trim().split("\\s+")),
        Duration.ofMillis(Long.getLong("scale.timeoutPerServiceMillis", 2000)));
  }

  int largest() {
    return sizes.get(sizes.size() - 1);
  }

  Duration idleWindow(int size) {
    return size == largest() ? idleLargest : idleSmaller;
  }

  /** The bound of every wait at this size: 3 minutes plus the per-service allowance. */
  Duration timeout(int size) {
    return Duration.ofMinutes(3).plus(timeoutPerService.multipliedBy(size));
  }

  /** The most pods at once: every service surging to maximumPercent 200 during the rollout. */
  long peakPods() {
    return 2L * tasksPerService * largest();
  }
}
