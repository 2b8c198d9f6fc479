package dev.stevedore.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.FakeNodes;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Nodes;
import dev.stevedore.e2e.harness.PodSampler;
import dev.stevedore.e2e.harness.Pods;
import dev.stevedore.e2e.harness.Waits;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DAEMON service runs one task on every node, replaces them within minimumHealthyPercent (ECS allows no surge
 * for daemons), and follows the nodes: a node that joins gets a task, and the counts follow.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DaemonServiceE2E {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonServiceE2E.class);
  private static final Duration STEADY = Duration.ofSeconds(90);

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(Duration.ofSeconds(30));

  @Test
  void aDaemonServiceRunsOneTaskPerNodeAndRollsWithinMinimumHealthyPercent(KubernetesCluster cluster, Ecs ecs) {
    int nodes = severalNodes(cluster);
    int lower = (nodes * 50 + 99) / 100;
    TaskDefinition v1 = runDaemon(ecs, nodes);
    DaemonSet ds = ecs.daemonSet("agent");
    assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isZero();
    assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .as("N - ceil(N * 50 / 100) for N = " + nodes).isEqualTo(nodes - lower);
    int minReadySeconds = Objects.requireNonNullElse(ds.getSpec().getMinReadySeconds(), 0);

    long rollStart = System.nanoTime();
    PodSampler.Summary summary;
    List<PodSampler.Sample> outside;
    try (PodSampler sampler = new PodSampler(cluster.client(), ecs.namespace(), "agent", minReadySeconds)) {
      ecs.apply(Ecs.withImage(v1, Ecs.IMAGE_V2));
      ecs.awaitService("agent", "Ready on revision 2", STEADY, svc -> Ecs.steadyAt(svc, Ecs.arn("agent", 2), nodes));
      ecs.awaitPods("agent", "one revision-2 pod per node", Duration.ofSeconds(30),
          pods -> pods.size() == nodes && pods.stream().allMatch(p -> "2".equals(Pods.revision(p))));
      summary = sampler.summary();
      outside = sampler.outside(lower, nodes);
    }
    LOG.info("daemon rollout on {} nodes (L={}, U={}) in {} s: {}", nodes, lower, nodes,
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - rollStart) / 1e9), summary);
    assertThat(outside).as("samples outside [" + lower + " available, " + nodes + " total]").isEmpty();
    assertThat(summary.maxPerNode()).as("never two tasks on one node (no surge for daemons)").isEqualTo(1);
    assertThat(summary.mixedSeen()).as("old and new tasks side by side: the rollout went in steps").isTrue();
    assertThat(summary.minAvailable()).as("tasks were replaced as minimumHealthyPercent 50 allows")
        .isLessThan(nodes);
  }

  @Test
  void aNodeThatJoinsGetsATaskAndTheCountsFollowTheNodes(KubernetesCluster cluster, Ecs ecs) {
    int nodes = severalNodes(cluster);
    KubernetesClient client = cluster.client();
    runDaemon(ecs, nodes);
    String name = "kwok-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    try {
      Node added = FakeNodes.add(client, name, "us-east-1a");
      LOG.info("added node {}", added.getMetadata().getName());
      EcsService more = ecs.awaitService("agent", "a task on the new node too", STEADY,
          svc -> Ecs.steadyAt(svc, Ecs.arn("agent", 1), nodes + 1));
      assertThat(more.getStatus().desiredCount).isEqualTo(nodes + 1);
      assertThat(more.getStatus().runningCount).isEqualTo(nodes + 1);
      assertThat(ecs.pods("agent")).extracting(p -> p.getSpec().getNodeName()).contains(name)
          .doesNotHaveDuplicates().hasSize(nodes + 1);
      int lowerPlusOne = ((nodes + 1) * 50 + 99) / 100;
      Waits.until("maxUnavailable recomputed for N + 1", Duration.ofSeconds(30),
          () -> ecs.daemonSet("agent"),
          d -> d.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()
              == nodes + 1 - lowerPlusOne, d -> String.valueOf(d.getSpec().getUpdateStrategy()));
    } finally {
      FakeNodes.remove(client, name);
    }
    EcsService back = ecs.awaitService("agent", "desiredCount back to " + nodes + " once the node is gone", STEADY,
        svc -> svc.getStatus() != null && Objects.equals(svc.getStatus().desiredCount, nodes));
    LOG.info("after the node left: desired {}, running {}", back.getStatus().desiredCount,
        back.getStatus().runningCount);
  }

  /** The number of schedulable nodes, on a cluster where the tests may add a KWOK node. */
  private static int severalNodes(KubernetesCluster cluster) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "adds a KWOK node, which only the local cluster has");
    int nodes = Nodes.schedulable(cluster.client()).size();
    assumeTrue(nodes >= 2, "needs several nodes");
    return nodes;
  }

  /** The DAEMON service agent at revision 1, steady with a task on each node; returns its task definition. */
  private static TaskDefinition runDaemon(Ecs ecs, int nodes) {
    ecs.apply(Ecs.cluster("default"));
    // With a health check the translation sets no minReadySeconds: KWOK's pods count as healthy when Ready.
    TaskDefinition v1 = Ecs.taskDefinition("agent", Ecs.IMAGE_V1, true);
    ecs.apply(v1);
    ecs.apply(Ecs.daemonService("agent", "agent", 50));
    ecs.awaitService("agent", "Ready with a task on each of the " + nodes + " nodes", STEADY,
        svc -> Ecs.steadyAt(svc, Ecs.arn("agent", 1), nodes));
    assertThat(ecs.pods("agent")).extracting(p -> p.getSpec().getNodeName()).doesNotContainNull()
        .doesNotHaveDuplicates().hasSize(nodes);
    return v1;
  }
}
