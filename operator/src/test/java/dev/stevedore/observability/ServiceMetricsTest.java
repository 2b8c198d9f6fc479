package dev.stevedore.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {
  static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  @Test
  void oneRowPerServiceAndStateUpdatedByEachRecord() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ServiceMetrics metrics = new ServiceMetrics(registry);
    metrics.record("shop", "web", status(4, 3, 1));
    metrics.record("shop", "api", status(2, 2, 0));
    assertThat(registry.scrape()).contains("stevedore_service_tasks{namespace=\"shop\",service=\"web\",state=\"desired\"} 4.0")
        .contains("stevedore_service_tasks{namespace=\"shop\",service=\"web\",state=\"running\"} 3.0")
        .contains("stevedore_service_tasks{namespace=\"shop\",service=\"web\",state=\"pending\"} 1.0")
        .contains("stevedore_service_tasks{namespace=\"shop\",service=\"api\",state=\"running\"} 2.0");
    metrics.record("shop", "web", status(4, 4, 0));
    assertThat(registry.scrape()).contains("stevedore_service_tasks{namespace=\"shop\",service=\"web\",state=\"running\"} 4.0")
        .contains("stevedore_service_tasks{namespace=\"shop\",service=\"web\",state=\"pending\"} 0.0");
  }

  @Test
  void deletedServicesDisappearAtThePruneButNotBeforeItsInterval() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ServiceMetrics metrics = new ServiceMetrics(registry);
    metrics.record("shop", "web", status(4, 3, 1));
    metrics.record("shop", "api", status(2, 2, 0));
    Set<String> existing = Set.of("shop/api");
    metrics.prune((ns, name) -> existing.contains(ns + "/" + name), Duration.ofMinutes(1), T0);
    assertThat(registry.scrape()).doesNotContain("service=\"web\"").contains("service=\"api\"");
    metrics.record("shop", "web", status(1, 1, 0));
    metrics.prune((ns, name) -> existing.contains(ns + "/" + name), Duration.ofMinutes(1), T0.plusSeconds(30));
    assertThat(registry.scrape()).as("pruned at most once a minute").contains("service=\"web\"");
    metrics.prune((ns, name) -> existing.contains(ns + "/" + name), Duration.ofMinutes(1), T0.plusSeconds(61));
    assertThat(registry.scrape()).doesNotContain("service=\"web\"");
  }

  static EcsServiceStatus status(int desired, int running, int pending) {
    EcsServiceStatus s = new EcsServiceStatus();
    s.desiredCount = desired;
    s.runningCount = running;
    s.pendingCount = pending;
    return s;
  }
}
