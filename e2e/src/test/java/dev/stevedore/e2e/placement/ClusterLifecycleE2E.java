package dev.stevedore.e2e.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Nodes;
import dev.stevedore.e2e.harness.Pods;
import dev.stevedore.e2e.harness.Waits;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
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
  /** EC2 -> on-demand (2 nodes), FARGATE -> fargate (2), FARGATE_SPOT built in -> spot (2). */
  private static final Map<String, String> PROVIDER_POOLS = Map.of("EC2", "on-demand", "FARGATE", "fargate");
  private static final int INSTANCES = 6;

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(Duration.ofSeconds(30));

  @Test
  void theClusterCountsItsServicesAndTheirTasksOnItsInstances(KubernetesCluster cluster, Ecs ecs) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "node pools exist on the local cluster only");
    runWeb(ecs);
    EcsService jobs = Ecs.replicaService("jobs", "app", 1);
    jobs.getSpec().cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
    jobs.getSpec().launchType = "FARGATE";
    ecs.apply(jobs);
    ecs.awaitService("jobs", "Ready with 1 task", STEADY, s -> Ecs.steadyAt(s, Ecs.arn("app", 1), 1));
    assertThat(ecs.countByNodeLabel(ecs.pods("jobs"), Nodes.POOL_LABEL)).isEqualTo(Map.of("fargate", 1));

    EcsCluster counted = ecs.awaitCluster("prod", "2 services, 4 running tasks, 6 instances", STEADY,
        c -> counts(c, 2, 4, 0));
    assertThat(counted.getStatus().clusterArn).isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
    assertThat(counted.getStatus().status).isEqualTo("ACTIVE");
    assertThat(counted.getStatus().observedGeneration).isEqualTo(counted.getMetadata().getGeneration());
    assertThat(counted.getMetadata().getFinalizers()).as("no finalizer to deadlock a prune").isNullOrEmpty();
    LOG.info("cluster prod: {}", Ecs.condition(counted.getStatus().conditions, "Ready").orElseThrow().getMessage());

    // one service less: the counts follow
    ecs.client().resources(EcsService.class).inNamespace(ecs.namespace()).withName("jobs").delete();
    ecs.awaitCluster("prod", "1 service, 3 running tasks", STEADY, c -> counts(c, 1, 3, 0));
  }

  @Test
  void deletingAClusterWithServicesSucceedsAndTheServicesHealWhenItReturns(KubernetesCluster cluster, Ecs ecs) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "node pools exist on the local cluster only");
    runWeb(ecs);
    ecs.awaitCluster("prod", "1 service, 3 running tasks", STEADY, c -> counts(c, 1, 3, 0));

    // delete the cluster while web still uses it: Kubernetes deletes it at once
    Set<String> podsBefore = Pods.names(ecs.pods("web"));
    long deleteStart = System.nanoTime();
    ecs.client().resources(EcsCluster.class).inNamespace(ecs.namespace()).withName("prod").delete();
    Waits.until("the EcsCluster gone", Duration.ofSeconds(20), () -> ecs.ecsCluster("prod"), Objects::isNull,
        c -> "still there: " + c.getMetadata());
    double goneAfter = (System.nanoTime() - deleteStart) / 1e9;
    EcsService stalled = ecs.awaitService("web", "Stalled with ClusterNotFoundException", STEADY,
        s -> Ecs.stalledWith(s, "ClusterNotFoundException"));
    assertThat(Ecs.ready(stalled)).isFalse();
    ecs.awaitKubernetesEvent("EcsService", "web", "a Warning Event that says so", Duration.ofSeconds(30),
        e -> e.getNote() != null && e.getNote().contains("Cluster not found."));
    // the tasks keep running, untouched
    assertThat(Pods.names(ecs.pods("web"))).isEqualTo(podsBefore);
    assertThat(ecs.pods("web")).allSatisfy(p -> assertThat(Pods.isReady(p)).isTrue());
    assertThat(ecs.deployment("web").getSpec().getReplicas()).isEqualTo(3);

    // the cluster comes back (GitOps re-applies it): the service heals by itself
    ecs.apply(Ecs.cluster("prod", PROVIDER_POOLS));
    EcsService healed = ecs.awaitService("web", "Ready again", STEADY, s -> Ecs.steadyAt(s, Ecs.arn("app", 1), 3));
    assertThat(Ecs.condition(healed, "Stalled").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(Pods.names(ecs.pods("web"))).as("healing replaced no task").isEqualTo(podsBefore);
    ecs.awaitCluster("prod", "counting again", STEADY, c -> counts(c, 1, 3, 0));
    LOG.info("cluster deleted in {} s with a service in it; the service stalled and healed", String.format("%.1f",
        goneAfter));
  }

  /** The cluster prod, and the service web on its EC2 provider with 3 tasks on the on-demand pool. */
  private static void runWeb(Ecs ecs) {
    ecs.apply(Ecs.cluster("prod", PROVIDER_POOLS));
    ecs.apply(Ecs.taskDefinition("app", Ecs.IMAGE_V1, true));
    EcsService web = Ecs.replicaService("web", "app", 3);
    web.getSpec().cluster = "prod";
    web.getSpec().launchType = "EC2";
    ecs.apply(web);
    ecs.awaitService("web", "Ready with 3 tasks", STEADY, s -> Ecs.steadyAt(s, Ecs.arn("app", 1), 3));
    assertThat(ecs.countByNodeLabel(ecs.pods("web"), Nodes.POOL_LABEL)).isEqualTo(Map.of("on-demand", 3));
  }

  private static boolean counts(EcsCluster c, int services, int running, int pending) {
    return c != null && c.getStatus() != null && Objects.equals(c.getStatus().activeServicesCount, services)
        && Objects.equals(c.getStatus().runningTasksCount, running)
        && Objects.equals(c.getStatus().pendingTasksCount, pending)
        && Objects.equals(c.getStatus().registeredContainerInstancesCount, INSTANCES)
        && Ecs.condition(c.getStatus().conditions, "Ready").map(x -> "True".equals(x.getStatus())).orElse(false);
  }
}
