package dev.stevedore.e2e.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An EcsCluster's status counts what runs, and deleting it while services use it succeeds at once: the services
 * keep running, say ClusterNotFoundException, and heal when the cluster is applied again.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ClusterLifecycleE2E {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterLifecycleE2E.class);
  private static final Duration STEADY = Duration.ofSeconds(150);
  private static InProcessStevedore operator;

  @BeforeAll
  static void startOperator(KubernetesCluster cluster) {
    if (cluster.kind() == ClusterKind.LOCAL) {
      operator = InProcessStevedore.start(cluster);
    }
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void deletingAClusterWithServicesSucceedsAndTheServicesHealWhenItReturns(KubernetesCluster cluster,
      TestNamespace namespace) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "node pools exist on the local cluster only");
    operator.watch(namespace.name());
    Workspace ws = new Workspace(cluster.client(), namespace.name());
    EcsCluster prod = Workspace.cluster("prod", Map.of("EC2", "on-demand", "FARGATE", "fargate"));
    ws.apply(prod);
    ws.apply(Workspace.taskDefinition("app", Workspace.IMAGE_V1, true));
    EcsService web = Workspace.service("web", "app", 3);
    web.getSpec().cluster = "prod";
    web.getSpec().launchType = "EC2";
    EcsService jobs = Workspace.service("jobs", "app", 1);
    jobs.getSpec().cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
    jobs.getSpec().launchType = "FARGATE";
    ws.apply(web);
    ws.apply(jobs);
    ws.awaitService("web", "Ready with 3 tasks", STEADY, s -> Workspace.steady(s, 3, 1));
    ws.awaitService("jobs", "Ready with 1 task", STEADY, s -> Workspace.steady(s, 1, 1));
    assertThat(ws.countByNodeLabel(ws.pods("web"), Workspace.POOL_LABEL)).isEqualTo(Map.of("on-demand", 3));
    assertThat(ws.countByNodeLabel(ws.pods("jobs"), Workspace.POOL_LABEL)).isEqualTo(Map.of("fargate", 1));

    // EC2 -> on-demand (2 nodes), FARGATE -> fargate (2), FARGATE_SPOT built in -> spot (2): 6 instances
    EcsCluster counted = ws.awaitCluster("prod", "2 services, 4 running tasks, 6 instances", STEADY,
        c -> counts(c, 2, 4, 0, 6));
    assertThat(counted.getStatus().clusterArn).isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
    assertThat(counted.getStatus().status).isEqualTo("ACTIVE");
    assertThat(counted.getStatus().observedGeneration).isEqualTo(counted.getMetadata().getGeneration());
    assertThat(counted.getMetadata().getFinalizers()).as("no finalizer to deadlock a prune").isNullOrEmpty();
    LOG.info("cluster prod: {}", Workspace.condition(counted.getStatus().conditions, "Ready").orElseThrow().getMessage());

    // one service less: the counts follow
    ws.client().resources(EcsService.class).inNamespace(namespace.name()).withName("jobs").delete();
    ws.awaitCluster("prod", "1 service, 3 running tasks", STEADY, c -> counts(c, 1, 3, 0, 6));

    // delete the cluster while web still uses it: Kubernetes deletes it at once
    Set<String> podsBefore = names(ws.pods("web"));
    long deleteStart = System.nanoTime();
    ws.client().resources(EcsCluster.class).inNamespace(namespace.name()).withName("prod").delete();
    Workspace.await("the EcsCluster gone", Duration.ofSeconds(20), () -> ws.cluster("prod"), Objects::isNull,
        c -> "still there: " + c.getMetadata());
    double goneAfter = (System.nanoTime() - deleteStart) / 1e9;
    EcsService stalled = ws.awaitService("web", "Stalled with ClusterNotFoundException", STEADY,
        s -> Workspace.stalledWith(s, "ClusterNotFoundException"));
    assertThat(Workspace.ready(stalled)).isFalse();
    Workspace.await("a Warning Event that says so", Duration.ofSeconds(30), () -> ws.kubernetesEvents("web"),
        e -> e.stream().anyMatch(n -> n.contains("Cluster not found.")), Object::toString);
    // the tasks keep running, untouched
    assertThat(names(ws.pods("web"))).isEqualTo(podsBefore);
    assertThat(ws.pods("web")).allSatisfy(p -> assertThat(ready(p)).isTrue());
    assertThat(ws.deployment("web").getSpec().getReplicas()).isEqualTo(3);

    // the cluster comes back (GitOps re-applies it): the service heals by itself
    ws.apply(Workspace.cluster("prod", Map.of("EC2", "on-demand", "FARGATE", "fargate")));
    EcsService healed = ws.awaitService("web", "Ready again", STEADY, s -> Workspace.steady(s, 3, 1));
    assertThat(Workspace.condition(healed.getStatus().conditions, "Stalled").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(names(ws.pods("web"))).as("healing replaced no task").isEqualTo(podsBefore);
    ws.awaitCluster("prod", "counting again", STEADY, c -> counts(c, 1, 3, 0, 6));
    LOG.info("cluster deleted in {} s with a service in it; the service stalled and healed", String.format("%.1f",
        goneAfter));
  }

  private static boolean counts(EcsCluster c, int services, int running, int pending, int instances) {
    return c != null && c.getStatus() != null && Objects.equals(c.getStatus().activeServicesCount, services)
        && Objects.equals(c.getStatus().runningTasksCount, running)
        && Objects.equals(c.getStatus().pendingTasksCount, pending)
        && Objects.equals(c.getStatus().registeredContainerInstancesCount, instances)
        && Workspace.condition(c.getStatus().conditions, "Ready").map(x -> "True".equals(x.getStatus())).orElse(false);
  }

  private static Set<String> names(List<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean ready(Pod p) {
    return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
