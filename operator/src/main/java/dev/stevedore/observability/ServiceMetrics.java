package dev.stevedore.observability;

import dev.stevedore.api.v1alpha1.EcsService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;
import java.util.List;

/**
 * Per-service task gauges, as DescribeServices counts them: stevedore_service_tasks{namespace, service, state}
 * with state desired, running or pending. Labels are bounded by the number of services; rows of deleted
 * services disappear at the next update.
 */
public final class ServiceMetrics {
  private final MultiGauge tasks;

  public ServiceMetrics(MeterRegistry registry) {
    tasks = MultiGauge.builder("stevedore.service.tasks")
        .description("Tasks of an ECS service by state (desired, running, pending)")
        .register(registry);
  }

  /** Replaces every row with the services' current status. */
  public synchronized void update(Collection<EcsService> services) {
    List<MultiGauge.Row<?>> rows = new java.util.ArrayList<>();
    for (EcsService s : services) {
      if (s.getStatus() == null) {
        continue;
      }
      rows.add(row(s, "desired", s.getStatus().desiredCount));
      rows.add(row(s, "running", s.getStatus().runningCount));
      rows.add(row(s, "pending", s.getStatus().pendingCount));
    }
    tasks.register(rows, true);
  }

  private static MultiGauge.Row<?> row(EcsService s, String state, Integer count) {
    return MultiGauge.Row.of(Tags.of("namespace", s.getMetadata().getNamespace(),
        "service", s.getMetadata().getName(), "state", state), count == null ? 0 : count);
  }
}
