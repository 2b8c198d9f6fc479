package dev.stevedore.reconcile.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.api.GeneratedCrds;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsClusterStatus;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.status.ClusterNameConflict;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The EcsCluster reconciler in this JVM against a real kube-apiserver. */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class EcsClusterReconcilerIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  static KubernetesClient client;

  private String namespace;
  private Operator operator;

  @BeforeAll
  static void installCrds() {
    GeneratedCrds.install(client);
  }

  @BeforeEach
  void startOperatorInAFreshNamespace() {
    namespace = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
    client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
    operator.register(new EcsClusterReconciler(OperatorSettings.defaults(), Clock.systemUTC()),
        o -> o.settingNamespaces(namespace));
    operator.start();
  }

  @AfterEach
  void stopOperator() {
    operator.stop();
  }

  @Test
  void aSecondEcsClusterWithTheSameClusterNameIsStalledUntilTheNameIsFree() {
    create("prod", "prod");
    awaitStatus("prod", s -> isTrue(s, "Ready"));

    // Another object, same ECS cluster name: ECS has one cluster per name.
    create("prod-copy", "prod");
    EcsClusterStatus copy = awaitStatus("prod-copy", s -> isTrue(s, "Stalled"));
    Condition stalled = condition(copy, "Stalled");
    assertThat(stalled.getReason()).isEqualTo(ClusterNameConflict.REASON);
    assertThat(stalled.getMessage()).startsWith("Cluster prod already exists: EcsCluster 'prod'");
    assertThat(condition(copy, "Ready").getStatus()).isEqualTo("False");
    assertThat(copy.activeServicesCount).as("a duplicate counts nothing").isNull();
    await().atMost(WAIT).until(() -> events("prod-copy", ClusterNameConflict.REASON).size() == 1);
    assertThat(events("prod", ClusterNameConflict.REASON)).isEmpty();
    assertThat(isTrue(cluster("prod").get().getStatus(), "Ready")).as("the older one stays the cluster").isTrue();

    // A third with a name of its own is no duplicate.
    create("staging", "staging");
    awaitStatus("staging", s -> isTrue(s, "Ready"));

    // The name is free once the older one goes: the younger one becomes the cluster without being touched.
    cluster("prod").delete();
    EcsClusterStatus healed = awaitStatus("prod-copy", s -> isTrue(s, "Ready"));
    assertThat(condition(healed, "Stalled").getStatus()).isEqualTo("False");
    assertThat(healed.status).isEqualTo("ACTIVE");
  }

  private void create(String name, String clusterName) {
    EcsCluster cluster = new EcsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    cluster.setSpec(new EcsClusterSpec());
    cluster.getSpec().clusterName = clusterName;
    client.resource(cluster).create();
  }

  private Resource<EcsCluster> cluster(String name) {
    return client.resources(EcsCluster.class).inNamespace(namespace).withName(name);
  }

  private EcsClusterStatus awaitStatus(String name, Predicate<EcsClusterStatus> condition) {
    return cluster(name).waitUntilCondition(c -> c != null && c.getStatus() != null
        && condition.test(c.getStatus()), WAIT.toSeconds(), TimeUnit.SECONDS).getStatus();
  }

  private List<Event> events(String name, String reason) {
    return client.events().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getRegarding().getName()) && reason.equals(e.getReason()))
        .toList();
  }

  private static boolean isTrue(EcsClusterStatus status, String type) {
    return status != null && status.conditions != null && status.conditions.stream()
        .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static Condition condition(EcsClusterStatus status, String type) {
    return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }
}
