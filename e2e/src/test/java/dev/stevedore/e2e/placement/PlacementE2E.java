package dev.stevedore.e2e.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionPlacementConstraint;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Nodes;
import dev.stevedore.e2e.harness.Strategies;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Placement constraints and strategies where the scheduler acts on them: spread by zone balances the zones,
 * distinctInstance never doubles up on a node and leaves the extra task pending with ECS's event, memberOf keeps
 * tasks on the nodes its expression matches, and an expression that does not parse is refused with its column.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class PlacementE2E {
  private static final Logger LOG = LoggerFactory.getLogger(PlacementE2E.class);
  private static final Duration STEADY = Duration.ofSeconds(150);
  private static final String UNABLE_TO_PLACE =
      "was unable to place a task because no container instance met all of its requirements.";

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(Duration.ofSeconds(30));

  @Test
  void spreadByZoneBalancesTheZones(KubernetesCluster cluster, Ecs ecs) {
    local(cluster, ecs);
    ecs.apply(Ecs.taskDefinition("spread", Ecs.IMAGE_V1, true));
    EcsService service = Ecs.replicaService("spread", "spread", 9);
    service.getSpec().launchType = "EC2";
    service.getSpec().placementStrategy = List.of(Strategies.placement("spread", "attribute:ecs.availability-zone"));
    ecs.apply(service);
    ecs.awaitService("spread", "Ready with 9 tasks", STEADY, s -> Ecs.steadyAt(s, Ecs.arn("spread", 1), 9));
    Map<String, Integer> zones = ecs.countByNodeLabel(ecs.pods("spread"), Nodes.ZONE_LABEL);
    LOG.info("spread by zone, 9 tasks on 6 nodes in 3 zones: {}", zones);
    assertThat(zones).containsOnlyKeys("us-east-1a", "us-east-1b", "us-east-1c");
    assertThat(Collections.max(zones.values()) - Collections.min(zones.values())).as("zone skew of " + zones)
        .isLessThanOrEqualTo(1);
    assertThat(ecs.deployment("spread").getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
        .singleElement().satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo(Nodes.ZONE_LABEL));
  }

  @Test
  void distinctInstanceNeverSharesANodeAndTheExtraTaskWaitsWithEcsEvent(KubernetesCluster cluster, Ecs ecs) {
    local(cluster, ecs);
    ecs.apply(Ecs.taskDefinition("distinct", Ecs.IMAGE_V1, true));
    // FARGATE's built-in definition reaches the two Fargate-like nodes: three tasks, two nodes.
    EcsService service = Ecs.replicaService("distinct", "distinct", 3);
    service.getSpec().launchType = "FARGATE";
    service.getSpec().placementConstraints = List.of(Strategies.constraint("distinctInstance", null));
    ecs.apply(service);
    EcsService waiting = ecs.awaitService("distinct", "2 running, 1 pending, and ECS's event", STEADY,
        s -> s != null && s.getStatus() != null && Objects.equals(s.getStatus().runningCount, 2)
            && Objects.equals(s.getStatus().pendingCount, 1)
            && Ecs.eventsOldestFirst(s).stream().anyMatch(e -> e.contains(UNABLE_TO_PLACE)));
    List<Pod> pods = ecs.pods("distinct");
    List<String> nodes = pods.stream().map(p -> p.getSpec().getNodeName()).filter(Objects::nonNull).toList();
    assertThat(nodes).as("one task per node").hasSize(2).doesNotHaveDuplicates();
    assertThat(pods.stream().map(p -> ecs.nodeLabel(p, Nodes.POOL_LABEL)).filter(p -> !p.equals("unscheduled")))
        .containsOnly("fargate");
    assertThat(pods).filteredOn(p -> p.getSpec().getNodeName() == null).singleElement()
        .satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Pending"));
    String event = Ecs.eventsOldestFirst(waiting).stream().filter(e -> e.contains(UNABLE_TO_PLACE)).findFirst().orElseThrow();
    LOG.info("distinctInstance: tasks on {}; event: {}", nodes, event);
    assertThat(event).startsWith("(service distinct) " + UNABLE_TO_PLACE).contains("Reason: ")
        .contains("anti-affinity");
    ecs.awaitKubernetesEvent("EcsService", "distinct", "the sentence as a Kubernetes Event too", Duration.ofSeconds(30),
        e -> e.getNote() != null && e.getNote().contains(UNABLE_TO_PLACE));
    assertThat(Ecs.ready(ecs.service("distinct"))).as("not Ready while a task cannot be placed").isFalse();
    // the cluster counts what runs and what waits
    ecs.awaitCluster("default", "2 running and 1 pending task", Duration.ofSeconds(60),
        c -> c != null && c.getStatus() != null && Objects.equals(c.getStatus().runningTasksCount, 2)
            && Objects.equals(c.getStatus().pendingTasksCount, 1));
  }

  @Test
  void memberOfKeepsTasksOnTheNodesItsExpressionMatches(KubernetesCluster cluster, Ecs ecs) {
    local(cluster, ecs);
    ecs.apply(memberOf("member", "attribute:ecs.availability-zone != us-east-1c"));
    EcsService service = Ecs.replicaService("member", "member", 8);
    service.getSpec().launchType = "EC2";
    service.getSpec().placementConstraints = List.of(Strategies.constraint("memberOf",
        "attribute:ecs.instance-type =~ m5\\.(large|xlarge) or attribute:stevedore.dev/pool == fargate"));
    // spreading over every node would use the zone-c nodes if the constraints did not hold
    service.getSpec().placementStrategy = List.of(Strategies.placement("spread", "instanceId"));
    ecs.apply(service);
    ecs.awaitService("member", "Ready with 8 tasks", STEADY, s -> Ecs.steadyAt(s, Ecs.arn("member", 1), 8));

    Set<String> allowed = new TreeSet<>();
    for (Node n : Nodes.schedulable(cluster.client())) {
      Map<String, String> l = n.getMetadata().getLabels();
      boolean zone = !"us-east-1c".equals(l.get(Nodes.ZONE_LABEL));
      String type = l.get("node.kubernetes.io/instance-type");
      boolean member = "m5.large".equals(type) || "m5.xlarge".equals(type) || "fargate".equals(l.get(Nodes.POOL_LABEL));
      if (zone && member && "kwok".equals(l.get("type"))) {
        allowed.add(n.getMetadata().getName());
      }
    }
    List<Pod> pods = ecs.pods("member");
    Set<String> used = pods.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toCollection(TreeSet::new));
    LOG.info("memberOf: allowed nodes {}, tasks on {}", allowed, used);
    assertThat(allowed).as("the expression matches some nodes but not all").isNotEmpty().hasSizeLessThan(6);
    assertThat(used).isSubsetOf(allowed).hasSizeGreaterThanOrEqualTo(Math.min(3, allowed.size()));
    Deployment d = ecs.deployment("member");
    assertThat(d.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()).hasSize(2);
    assertThat(ecs.service("member").getStatus().fieldReports).isNullOrEmpty();
  }

  @Test
  void aDaemonRunsOnlyOnTheNodesItsConstraintAdmitsAndCountsThemAsDesired(KubernetesCluster cluster, Ecs ecs) {
    local(cluster, ecs);
    ecs.apply(memberOf("agent", "attribute:karpenter.sh/capacity-type == spot"));
    EcsService daemon = Ecs.daemonService("agent", "agent", 50);
    daemon.getSpec().deploymentConfiguration = null;
    ecs.apply(daemon);
    long spotNodes = Nodes.schedulable(cluster.client()).stream()
        .filter(n -> "spot".equals(n.getMetadata().getLabels().get("karpenter.sh/capacity-type"))).count();
    ecs.awaitService("agent", "Ready with one task per spot node", STEADY,
        s -> Ecs.steadyAt(s, Ecs.arn("agent", 1), (int) spotNodes));
    assertThat(ecs.countByNodeLabel(ecs.pods("agent"), Nodes.POOL_LABEL)).isEqualTo(Map.of("spot", (int) spotNodes));
  }

  @Test
  void anExpressionThatDoesNotParseIsRefusedWithItsColumn(KubernetesCluster cluster, Ecs ecs) {
    local(cluster, ecs);
    ecs.apply(Ecs.taskDefinition("typo", Ecs.IMAGE_V1, true));
    EcsService service = Ecs.replicaService("typo", "typo", 2);
    service.getSpec().placementConstraints = List.of(Strategies.constraint("memberOf",
        "attribute:ecs.instance-type t3.micro"));
    ecs.apply(service);
    EcsService stalled = ecs.awaitService("typo", "Stalled with InvalidParameterException", STEADY,
        s -> Ecs.stalledWith(s, "InvalidParameterException"));
    String message = Ecs.condition(stalled, "Stalled").orElseThrow().getMessage();
    LOG.info("refused: {}", message);
    assertThat(message).startsWith("placementConstraints[0].expression: column 29: expected an operator");
    assertThat(ecs.deployments("typo")).as("nothing runs what ECS would refuse").isEmpty();
  }

  /** A task definition whose placement constraint is memberOf the expression. */
  private static TaskDefinition memberOf(String family, String expression) {
    TaskDefinition td = Ecs.taskDefinition(family, Ecs.IMAGE_V1, true);
    TaskDefinitionPlacementConstraint constraint = new TaskDefinitionPlacementConstraint();
    constraint.type = "memberOf";
    constraint.expression = expression;
    td.getSpec().placementConstraints = List.of(constraint);
    return td;
  }

  private static void local(KubernetesCluster cluster, Ecs ecs) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "node pools and zones exist on the local cluster only");
    ecs.apply(Ecs.cluster("default"));
  }
}
