package dev.stevedore.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.StevedoreOperator;
import dev.stevedore.api.GeneratedCrds;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.testing.Manifests;
import dev.stevedore.testing.RepositoryRoot;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole operator in this JVM against a real kube-apiserver, with another writer fighting it over a Deployment
 * it owns. There is no controller-manager: Deployments get no pods, which is all these checks need. Writes are
 * read from the operator's own counter stevedore_writes_total.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class ForeignWriterIT {
  static KubernetesClient client;

  private String namespace;
  private StevedoreOperator operator;

  @BeforeAll
  static void installCrds() {
    GeneratedCrds.install(client);
  }

  @BeforeEach
  void startOperatorAndApplyTheRollingUpdateExample() throws Exception {
    namespace = "fight-" + UUID.randomUUID().toString().substring(0, 8);
    client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    operator = new StevedoreOperator(client, OperatorSettings.from(Map.of("STEVEDORE_WATCH_NAMESPACES", namespace,
        "STEVEDORE_HTTP_PORT", "0", "STEVEDORE_RESYNC_SECONDS", "2")), Clock.systemUTC()).start();
    List<HasMetadata> example = Manifests.read(RepositoryRoot.get().resolve("examples/rolling-update/orders.yaml"));
    example.forEach(o -> client.resource(o).inNamespace(namespace).serverSideApply());
    await().atMost(Duration.ofSeconds(60)).until(() -> deployment() != null && deployment().getSpec().getReplicas() == 4);
  }

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void steadyStateWritesNothingOverSeveralResyncs() {
    // Settled: no write for three seconds (the first reconciles apply, then record the status).
    double[] last = {-1};
    await().atMost(Duration.ofSeconds(30)).during(Duration.ofSeconds(3)).until(() -> {
      double now = writes();
      boolean same = now == last[0];
      last[0] = now;
      return same;
    });
    double writes = writes();
    String deploymentVersion = deployment().getMetadata().getResourceVersion();
    String serviceVersion = service().getMetadata().getResourceVersion();
    // Three resync periods of 2 s: every object reconciled again, nothing written.
    await().during(Duration.ofSeconds(7)).atMost(Duration.ofSeconds(10)).until(() -> writes() == writes
        && deploymentVersion.equals(deployment().getMetadata().getResourceVersion())
        && serviceVersion.equals(service().getMetadata().getResourceVersion()));
  }

  @Test
  void aScaleIsRevertedWithinSecondsAndTheServiceSaysWhat() {
    client.apps().deployments().inNamespace(namespace).withName("orders").scale(9);
    await().atMost(Duration.ofSeconds(15)).until(() -> deployment().getSpec().getReplicas() == 4);
    await().atMost(Duration.ofSeconds(15)).until(() -> service().getStatus().events.stream()
        .anyMatch(e -> e.message.startsWith("(service orders) reverted changes made outside Stevedore to Deployment"
            + " orders: spec.replicas")));
  }

  @Test
  void aWriterThatKeepsScalingGetsABoundedNumberOfRepliesAndLosesInTheEnd() throws Exception {
    double before = replaces();
    Instant end = Instant.now().plusSeconds(8);
    int fights = 0;
    while (Instant.now().isBefore(end)) {
      client.apps().deployments().inNamespace(namespace).withName("orders").scale(9);
      fights++;
      Thread.sleep(100);
    }
    double during = replaces() - before;
    // Back-off 1 s, 2 s, 4 s after the first replace: at most 4 replaces in 8 s, against some 70 scales.
    assertThat(fights).isGreaterThan(30);
    assertThat(during).isBetween(1.0, 5.0);
    await().atMost(Duration.ofSeconds(30)).until(() -> deployment().getSpec().getReplicas() == 4);
  }

  private double writes() {
    return operator.metrics().find("stevedore.writes").counters().stream().mapToDouble(Counter::count).sum();
  }

  private double replaces() {
    Counter c = operator.metrics().find("stevedore.writes").tag("verb", "replace").counter();
    return c == null ? 0 : c.count();
  }

  private Deployment deployment() {
    return client.apps().deployments().inNamespace(namespace).withName("orders").get();
  }

  private EcsService service() {
    return client.resources(EcsService.class).inNamespace(namespace).withName("orders").get();
  }
}
