package dev.stevedore.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.ServiceEvent;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Nodes;
import dev.stevedore.e2e.harness.Repository;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every example under examples/ applied as a user would, each checked for the outcome its comment promises.
 * A new example without a check here fails {@link #everyExampleHasACheck()}.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ExamplesE2E {
  private static final Duration READY = Duration.ofSeconds(90);
  private static final String ACCOUNT_ARN = "arn:aws:ecs:us-east-1:123456789012:task-definition/";

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(Duration.ofSeconds(30));

  /**
   * Example folder -> its check. circuit-breaker, run-task and migrate-before-deploy (PreDeployTaskE2E) are proven
   * by their own end-to-end tests.
   */
  private static final Map<String, BiConsumer<Ecs, KubernetesCluster>> CHECKS = Map.of(
      "web-fargate", ExamplesE2E::webFargate,
      "daemon-log-agent", ExamplesE2E::daemonLogAgent,
      "sidecar-dependson", ExamplesE2E::sidecarDependsOn,
      "capacity-provider-split", ExamplesE2E::capacityProviderSplit,
      "pinned-revision", ExamplesE2E::pinnedRevision,
      "rolling-update", ExamplesE2E::rollingUpdate);
  private static final Set<String> CHECKED_ELSEWHERE = Set.of("circuit-breaker", "run-task", "migrate-before-deploy");

  @Test
  void everyExampleHasACheck() throws IOException {
    try (Stream<Path> dirs = Files.list(Repository.examples())) {
      assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()))
          .allMatch(name -> CHECKS.containsKey(name) || CHECKED_ELSEWHERE.contains(name));
    }
  }

  @Test
  void webFargate(KubernetesCluster cluster, Ecs ecs) {
    run("web-fargate", cluster, ecs);
  }

  @Test
  void daemonLogAgent(KubernetesCluster cluster, Ecs ecs) {
    run("daemon-log-agent", cluster, ecs);
  }

  @Test
  void sidecarDependsOn(KubernetesCluster cluster, Ecs ecs) {
    run("sidecar-dependson", cluster, ecs);
  }

  @Test
  void capacityProviderSplit(KubernetesCluster cluster, Ecs ecs) {
    run("capacity-provider-split", cluster, ecs);
  }

  @Test
  void pinnedRevision(KubernetesCluster cluster, Ecs ecs) {
    run("pinned-revision", cluster, ecs);
  }

  @Test
  void rollingUpdate(KubernetesCluster cluster, Ecs ecs) {
    run("rolling-update", cluster, ecs);
  }

  private static void run(String example, KubernetesCluster cluster, Ecs ecs) {
    ecs.applyExample(example);
    CHECKS.get(example).accept(ecs, cluster);
  }

  static void webFargate(Ecs ecs, KubernetesCluster cluster) {
    ecs.awaitService("web", "3 tasks, Ready", READY, s -> Ecs.steadyAt(s, ACCOUNT_ARN + "web:1", 3));
    var rolling = ecs.deployment("web").getSpec().getStrategy().getRollingUpdate();
    assertThat(rolling.getMaxUnavailable().getIntVal()).as("3 - ceil(3*50/100)").isEqualTo(1);
    assertThat(rolling.getMaxSurge().getIntVal()).as("floor(3*200/100) - 3").isEqualTo(3);
  }

  static void daemonLogAgent(Ecs ecs, KubernetesCluster cluster) {
    int nodes = Nodes.schedulable(cluster.client()).size();
    ecs.awaitService("log-agent", "one task per node, Ready", READY,
        s -> Ecs.steadyAt(s, ACCOUNT_ARN + "log-agent:1", nodes));
    DaemonSet ds = cluster.client().apps().daemonSets().inNamespace(ecs.namespace()).withName("log-agent").get();
    assertThat(ds.getStatus().getNumberReady()).isEqualTo(nodes);
    List<Pod> pods = ecs.pods("log-agent");
    assertThat(pods.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toSet())).hasSize(nodes);
  }

  static void sidecarDependsOn(Ecs ecs, KubernetesCluster cluster) {
    ecs.awaitService("shop", "2 tasks, Ready", READY, s -> Ecs.steadyAt(s, ACCOUNT_ARN + "shop:1", 2));
    var pod = ecs.deployment("shop").getSpec().getTemplate().getSpec();
    assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("migrate", "envoy");
    assertThat(pod.getInitContainers().get(0).getRestartPolicy()).as("migrate runs to completion").isNull();
    assertThat(pod.getInitContainers().get(1).getRestartPolicy()).as("envoy is a native sidecar").isEqualTo("Always");
    assertThat(pod.getInitContainers().get(1).getStartupProbe()).as("app waits until envoy is HEALTHY").isNotNull();
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("app", "exporter");
    assertThat(pod.getServiceAccountName()).isEqualTo("shop-task");
    ServiceAccount sa = cluster.client().serviceAccounts().inNamespace(ecs.namespace()).withName("shop-task").get();
    assertThat(sa.getMetadata().getAnnotations())
        .containsEntry("eks.amazonaws.com/role-arn", "arn:aws:iam::111122223333:role/shop-task");
  }

  static void capacityProviderSplit(Ecs ecs, KubernetesCluster cluster) {
    // The spot pool is small (2 nodes): give other tests' tasks time to leave it.
    ecs.awaitService("api", "10 tasks, Ready", READY.multipliedBy(2), s -> Ecs.ready(s) && s.getStatus().runningCount == 10);
    Map<String, Integer> perPool = ecs.countByNodeLabel(ecs.pods("api"), Nodes.POOL_LABEL);
    assertThat(perPool).as("FARGATE base 2 weight 1, FARGATE_SPOT weight 3 at 10 tasks")
        .containsEntry("fargate", 4).containsEntry("spot", 6);
  }

  static void pinnedRevision(Ecs ecs, KubernetesCluster cluster) {
    ecs.awaitService("reports-v1", "Ready at revision 1", READY, s -> Ecs.steadyAt(s, ACCOUNT_ARN + "reports:1", 1));
    ecs.awaitService("reports-latest", "Ready at revision 1", READY,
        s -> Ecs.steadyAt(s, ACCOUNT_ARN + "reports:1", 1));
    ecs.apply(Ecs.withImage(asApplied(ecs.taskDefinition("reports")), "ghcr.io/example/reports:1.1.0"));
    ecs.awaitService("reports-latest", "rolled to revision 2", READY,
        s -> Ecs.steadyAt(s, ACCOUNT_ARN + "reports:2", 1));
    assertThat(ecs.service("reports-v1").getStatus().taskDefinition).isEqualTo(ACCOUNT_ARN + "reports:1");
    assertThat(ecs.deployment("reports-v1").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/example/reports:1.0.0");
  }

  static void rollingUpdate(Ecs ecs, KubernetesCluster cluster) {
    ecs.awaitService("orders", "4 tasks, Ready", READY, s -> Ecs.steadyAt(s, ACCOUNT_ARN + "orders:1", 4));
    ecs.apply(Ecs.withImage(asApplied(ecs.taskDefinition("orders")), "ghcr.io/example/orders:2.1.0"));
    EcsService done = ecs.awaitService("orders", "rolled to revision 2", READY,
        s -> Ecs.steadyAt(s, ACCOUNT_ARN + "orders:2", 4));
    assertThat(done.getStatus().deployments).singleElement().satisfies(d -> {
      assertThat(d.status).isEqualTo("PRIMARY");
      assertThat(d.rolloutState).isEqualTo("COMPLETED");
    });
    assertThat(done.getStatus().events).extracting((ServiceEvent e) -> e.message)
        .anyMatch(m -> m.endsWith("deployment completed."))
        .anyMatch(m -> m.equals("(service orders) has reached a steady state."));
  }

  /** What a user would apply again: the object read back, without the server's bookkeeping. */
  private static TaskDefinition asApplied(TaskDefinition read) {
    read.getMetadata().setManagedFields(null);
    read.getMetadata().setResourceVersion(null);
    read.getMetadata().setUid(null);
    read.setStatus(null);
    return read;
  }
}
