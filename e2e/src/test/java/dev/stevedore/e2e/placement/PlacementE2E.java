package dev.stevedore.e2e.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionPlacementConstraint;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.cluster.TestNamespace;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
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
  void spreadByZoneBalancesTheZones(KubernetesCluster cluster, TestNamespace namespace) {
    Workspace ws = local(cluster, namespace);
    ws.apply(Workspace.taskDefinition("spread", Workspace.IMAGE_V1, true));
    EcsService service = Workspace.service("spread", "spread", 9);
    service.getSpec().launchType = "EC2";
    service.getSpec().placementStrategy = List.of(Strategies.placement("spread", "attribute:ecs.availability-zone"));
    ws.apply(service);
    ws.awaitService("spread", "Ready with 9 tasks", STEADY, s -> Workspace.steady(s, 9, 1));
    Map<String, Integer> zones = ws.countByNodeLabel(ws.pods("spread"), Workspace.ZONE_LABEL);
    LOG.info("spread by zone, 9 tasks on 6 nodes in 3 zones: {}", zones);
    assertThat(zones).containsOnlyKeys("us-east-1a", "us-east-1b", "us-east-1c");
    assertThat(Collections.max(zones.values()) - Collections.min(zones.values())).as("zone skew of " + zones)
        .isLessThanOrEqualTo(1);
    assertThat(ws.deployment("spread").getSpec().getTemplate().getSpec().getTopologySpreadConstraints())
        .singleElement().satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo(Workspace.ZONE_LABEL));
  }

  @Test
  void distinctInstanceNeverSharesANodeAndTheExtraTaskWaitsWithEcsEvent(KubernetesCluster cluster,
      TestNamespace namespace) {
    Workspace ws = local(cluster, namespace);
    ws.apply(Workspace.taskDefinition("distinct", Workspace.IMAGE_V1, true));
    // FARGATE's built-in definition reaches the two Fargate-like nodes: three tasks, two nodes.
    EcsService service = Workspace.service("distinct", "distinct", 3);
    service.getSpec().launchType = "FARGATE";
    service.getSpec().placementConstraints = List.of(Strategies.constraint("distinctInstance", null));
    ws.apply(service);
    EcsService waiting = ws.awaitService("distinct", "2 running, 1 pending, and ECS's event", STEADY,
        s -> s != null && s.getStatus() != null && Objects.equals(s.getStatus().runningCount, 2)
            && Objects.equals(s.getStatus().pendingCount, 1)
            && Workspace.events(s).stream().anyMatch(e -> e.contains(UNABLE_TO_PLACE)));
    List<Pod> pods = ws.pods("distinct");
    List<String> nodes = pods.stream().map(p -> p.getSpec().getNodeName()).filter(Objects::nonNull).toList();
    assertThat(nodes).as("one task per node").hasSize(2).doesNotHaveDuplicates();
    assertThat(pods.stream().map(p -> ws.nodeLabel(p, Workspace.POOL_LABEL)).filter(p -> !p.equals("unscheduled")))
        .containsOnly("fargate");
    assertThat(pods).filteredOn(p -> p.getSpec().getNodeName() == null).singleElement()
        .satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Pending"));
    String event = Workspace.events(waiting).stream().filter(e -> e.contains(UNABLE_TO_PLACE)).findFirst().orElseThrow();
    LOG.info("distinctInstance: tasks on {}; event: {}", nodes, event);
    assertThat(event).startsWith("(service distinct) " + UNABLE_TO_PLACE).contains("Reason: ")
        .contains("anti-affinity");
    Workspace.await("the sentence as a Kubernetes Event too", Duration.ofSeconds(30),
        () -> ws.kubernetesEvents("distinct"), e -> e.stream().anyMatch(n -> n.contains(UNABLE_TO_PLACE)), Object::toString);
    assertThat(Workspace.ready(ws.service("distinct"))).as("not Ready while a task cannot be placed").isFalse();
    // the cluster counts what runs and what waits
    ws.awaitCluster("default", "2 running and 1 pending task", Duration.ofSeconds(60),
        c -> c != null && c.getStatus() != null && Objects.equals(c.getStatus().runningTasksCount, 2)
            && Objects.equals(c.getStatus().pendingTasksCount, 1));
  }

  @Test
  void memberOfKeepsTasksOnTheNodesItsExpressionMatches(KubernetesCluster cluster, TestNamespace namespace) {
    Workspace ws = local(cluster, namespace);
    TaskDefinition td = Workspace.taskDefinition("member", Workspace.IMAGE_V1, true);
    TaskDefinitionPlacementConstraint notC = new TaskDefinitionPlacementConstraint();
    notC.type = "memberOf";
    notC.expression = "attribute:ecs.availability-zone != us-east-1c";
    td.getSpec().placementConstraints = List.of(notC);
    ws.apply(td);
    EcsService service = Workspace.service("member", "member", 8);
    service.getSpec().launchType = "EC2";
    service.getSpec().placementConstraints = List.of(Strategies.constraint("memberOf",
        "attribute:ecs.instance-type =~ m5\\.(large|xlarge) or attribute:stevedore.dev/pool == fargate"));
    // spreading over every node would use the zone-c nodes if the constraints did not hold
    service.getSpec().placementStrategy = List.of(Strategies.placement("spread", "instanceId"));
    ws.apply(service);
    ws.awaitService("member", "Ready with 8 tasks", STEADY, s -> Workspace.steady(s, 8, 1));

    Set<String> allowed = new TreeSet<>();
    for (Node n : ws.nodes().values()) {
      Map<String, String> l = n.getMetadata().getLabels();
      boolean zone = !"us-east-1c".equals(l.get(Workspace.ZONE_LABEL));
      String type = l.get("node.kubernetes.io/instance-type");
      boolean member = "m5.large".equals(type) || "m5.xlarge".equals(type) || "fargate".equals(l.get(Workspace.POOL_LABEL));
      if (zone && member && "kwok".equals(l.get("type"))) {
        allowed.add(n.getMetadata().getName());
      }
    }
    List<Pod> pods = ws.pods("member");
    Set<String> used = pods.stream().map(p -> p.getSpec().getNodeName()).collect(Collectors.toCollection(TreeSet::new));
    LOG.info("memberOf: allowed nodes {}, tasks on {}", allowed, used);
    assertThat(allowed).as("the expression matches some nodes but not all").isNotEmpty().hasSizeLessThan(6);
    assertThat(used).isSubsetOf(allowed).hasSizeGreaterThanOrEqualTo(Math.min(3, allowed.size()));
    Deployment d = ws.deployment("member");
    assertThat(d.getSpec().getTemplate().getSpec().getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()).hasSize(2);
    assertThat(ws.service("member").getStatus().fieldReports).isNullOrEmpty();
  }

  @Test
  void aDaemonRunsOnlyOnTheNodesItsConstraintAdmitsAndCountsThemAsDesired(KubernetesCluster cluster,
      TestNamespace namespace) {
    Workspace ws = local(cluster, namespace);
    TaskDefinition td = Workspace.taskDefinition("agent", Workspace.IMAGE_V1, true);
    TaskDefinitionPlacementConstraint spot = new TaskDefinitionPlacementConstraint();
    spot.type = "memberOf";
    spot.expression = "attribute:karpenter.sh/capacity-type == spot";
    td.getSpec().placementConstraints = List.of(spot);
    ws.apply(td);
    EcsService daemon = Workspace.service("agent", "agent", 0);
    daemon.getSpec().desiredCount = null;
    daemon.getSpec().schedulingStrategy = "DAEMON";
    daemon.getSpec().launchType = "EC2";
    ws.apply(daemon);
    long spotNodes = ws.nodes().values().stream()
        .filter(n -> "spot".equals(n.getMetadata().getLabels().get("karpenter.sh/capacity-type"))).count();
    ws.awaitService("agent", "Ready with one task per spot node", STEADY, s -> Workspace.steady(s, (int) spotNodes, 1));
    assertThat(ws.countByNodeLabel(ws.pods("agent"), Workspace.POOL_LABEL)).isEqualTo(Map.of("spot", (int) spotNodes));
  }

  @Test
  void anExpressionThatDoesNotParseIsRefusedWithItsColumn(KubernetesCluster cluster, TestNamespace namespace) {
    Workspace ws = local(cluster, namespace);
    ws.apply(Workspace.taskDefinition("typo", Workspace.IMAGE_V1, true));
    EcsService service = Workspace.service("typo", "typo", 2);
    service.getSpec().placementConstraints = List.of(Strategies.constraint("memberOf",
        "attribute:ecs.instance-type t3.micro"));
    ws.apply(service);
    EcsService stalled = ws.awaitService("typo", "Stalled with InvalidParameterException", STEADY,
        s -> Workspace.stalledWith(s, "InvalidParameterException"));
    String message = Workspace.condition(stalled.getStatus().conditions, "Stalled").orElseThrow().getMessage();
    LOG.info("refused: {}", message);
    assertThat(message).startsWith("placementConstraints[0].expression: column 29: expected an operator");
    assertThat(ws.deployments("typo")).as("nothing runs what ECS would refuse").isEmpty();
  }

  private static Workspace local(KubernetesCluster cluster, TestNamespace namespace) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "node pools and zones exist on the local cluster only");
    operator.watch(namespace.name());
    Workspace ws = new Workspace(cluster.client(), namespace.name());
    ws.apply(Workspace.cluster("default", Map.of()));
    return ws;
  }
}
