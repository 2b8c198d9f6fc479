package dev.stevedore.observability;

import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * Per-service task gauges, as DescribeServices counts them: stevedore_service_tasks{namespace, service, state}
 * with state desired, running or pending. Each reconcile records only the service it reconciled, so the cost does
 * not grow with the number of services; rows of deleted services are dropped by an occasional {@link #prune}.
 */
public final class ServiceMetrics {
  private static final String NAME = "stevedore.service.tasks";
  private static final List<String> STATES = List.of("desired", "running", "pending");

  private final MeterRegistry registry;
  private final Map<String, Counts> services = new ConcurrentHashMap<>();
  private volatile Instant lastPrune = Instant.EPOCH;

  public ServiceMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The service's counts as its status says them. */
  public void record(String namespace, String service, EcsServiceStatus status) {
    Counts counts = services.computeIfAbsent(key(namespace, service), k -> register(namespace, service));
    counts.values[0] = status == null || status.desiredCount == null ? 0 : status.desiredCount;
    counts.values[1] = status == null || status.runningCount == null ? 0 : status.runningCount;
    counts.values[2] = status == null || status.pendingCount == null ? 0 : status.pendingCount;
  }

  /** Drops the rows of services that no longer exist, at most once per {@code every}. */
  public void prune(BiPredicate<String, String> exists, Duration every, Instant now) {
    if (now.isBefore(lastPrune.plus(every))) {
      return;
    }
    lastPrune = now;
    services.entrySet().removeIf(e -> {
      Counts c = e.getValue();
      if (exists.test(c.namespace, c.service)) {
        return false;
      }
      c.meters.forEach(registry::remove);
      return true;
    });
  }

  private Counts register(String namespace, String service) {
    Counts counts = new Counts(namespace, service);
    for (int i = 0; i < STATES.size(); i++) {
      int index = i;
      counts.meters.add(Gauge.builder(NAME, counts, c -> c.values[index])
          .description("Tasks of an ECS service by state (desired, running, pending)")
          .tags(Tags.of("namespace", namespace, "service", service, "state", STATES.get(i)))
          .register(registry));
    }
    return counts;
  }

  private static String key(String namespace, String service) {
    return namespace + "/" + service;
  }

  private static final class Counts {
    final String namespace;
    final String service;
    final double[] values = new double[3];
    final List<Meter> meters = new java.util.ArrayList<>();

    Counts(String namespace, String service) {
      this.namespace = namespace;
      this.service = service;
    }
  }
}
