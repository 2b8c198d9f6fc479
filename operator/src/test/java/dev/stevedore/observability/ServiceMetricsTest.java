package dev.stevedore.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

  @Test
  void oneRowPerServiceAndStateAndDeletedServicesDisappear() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ServiceMetrics metrics = new ServiceMetrics(registry);
    metrics.update(List.of(service("shop", "web", 4, 3, 1), service("shop", "api", 2, 2, 0), new EcsService()));
    String scrape = registry.scrape();
    assertThat(scrape).contains("stevedore_service_tasks{namespace=\"shop\",service=\"web\",state=\"desired\"} 4.0")
        .contains("stevedore_service_tasks{namespace=\"shop\",service=\"web\",state=\"running\"} 3.0")
        .contains("stevedore_service_tasks{namespace=\"shop\",service=\"web\",state=\"pending\"} 1.0")
        .contains("stevedore_service_tasks{namespace=\"shop\",service=\"api\",state=\"running\"} 2.0");
    metrics.update(List.of(service("shop", "api", 2, 2, 0)));
    assertThat(registry.scrape()).doesNotContain("service=\"web\"").contains("service=\"api\"");
  }

  static EcsService service(String namespace, String name, int desired, int running, int pending) {
    EcsService s = new EcsService();
    s.getMetadata().setNamespace(namespace);
    s.getMetadata().setName(name);
    s.setStatus(new EcsServiceStatus());
    s.getStatus().desiredCount = desired;
    s.getStatus().runningCount = running;
    s.getStatus().pendingCount = pending;
    return s;
  }
}
