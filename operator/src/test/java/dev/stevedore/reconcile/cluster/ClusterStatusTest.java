package dev.stevedore.reconcile.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.CapacityProviderDefinition;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsClusterStatus;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.status.ClusterInstances;
import dev.stevedore.status.ClusterStatusCalculator;
import dev.stevedore.status.ClusterStatusCalculator.Observation;
import dev.stevedore.status.ClusterStatusCalculator.Provider;
import dev.stevedore.status.StatusComparison;
import dev.stevedore.translate.CapacityPlacement;
import dev.stevedore.translate.CapacityProviders;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an EcsCluster counts and how its status reads: nodes per provider, tasks, services, conditions. */
class ClusterStatusTest {
  static final Clock T0 = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  static final Clock T1 = Clock.fixed(Instant.parse("2026-11-22T11:00:00Z"), ZoneOffset.UTC);

  /** The local cluster's six nodes: zone i mod 3, pool (i div 2) mod 3. */
  static List<Node> localNodes() {
    String[] pools = {"on-demand", "spot", "fargate"};
    return java.util.stream.IntStream.range(0, 6).mapToObj(i -> {
      String pool = pools[(i / 2) % 3];
      NodeBuilder b = new NodeBuilder().withNewMetadata().withName("kwok-node-" + i)
          .addToLabels("topology.kubernetes.io/zone", "us-east-1" + "abc".charAt(i % 3))
          .addToLabels("stevedore.dev/pool", pool)
          .addToLabels("karpenter.sh/capacity-type", pool.equals("spot") ? "spot" : "on-demand").endMetadata();
      if (pool.equals("fargate")) {
        b.editMetadata().addToLabels("eks.amazonaws.com/compute-type", "fargate").endMetadata();
      }
      return b.build();
    }).toList();
  }

  @Test
  void builtInProvidersFindTheLocalPools() {
    List<Node> nodes = localNodes();
    assertThat(ClusterInstances.instances(CapacityProviders.placement("FARGATE", null), nodes)).isEqualTo(2);
    assertThat(ClusterInstances.instances(CapacityProviders.placement("FARGATE_SPOT", null), nodes)).isEqualTo(2);
    assertThat(ClusterInstances.instances(CapacityProviders.placement("EC2", null), nodes)).isEqualTo(6);
  }

  @Test
  void taintsKeepOutProvidersThatDoNotTolerateThem() {
    Node fargate = new NodeBuilder().withNewMetadata().withName("fargate-ip-10-0-0-1")
        .addToLabels("eks.amazonaws.com/compute-type", "fargate").endMetadata()
        .withNewSpec().withTaints(new Taint("NoSchedule", "eks.amazonaws.com/compute-type", null, "fargate"))
        .endSpec().build();
    Node cordoned = new NodeBuilder().withNewMetadata().withName("draining").endMetadata().withNewSpec()
        .withUnschedulable(true).withTaints(new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null))
        .endSpec().build();
    Node gpu = new NodeBuilder().withNewMetadata().withName("gpu").endMetadata().withNewSpec()
        .withTaints(new Taint("NoExecute", "nvidia.com/gpu", null, "present"),
            new Taint("PreferNoSchedule", "soft", null, "x")).endSpec().build();
    CapacityPlacement ec2 = CapacityProviders.placement("EC2", null);
    assertThat(ClusterInstances.matches(CapacityProviders.placement("FARGATE", null), fargate)).isTrue();
    assertThat(ClusterInstances.matches(ec2, fargate)).isFalse();
    assertThat(ClusterInstances.matches(ec2, cordoned)).as("DRAINING instances stay registered").isTrue();
    assertThat(ClusterInstances.matches(ec2, gpu)).isFalse();
    CapacityPlacement gpus = new CapacityPlacement("gpu", null,
        List.of(new Toleration(null, "nvidia.com/gpu", "Exists", null, null)), null);
    assertThat(ClusterInstances.matches(gpus, gpu)).isTrue();
    CapacityPlacement everything = new CapacityPlacement("all", null,
        List.of(new Toleration(null, null, "Exists", null, null)), null);
    assertThat(ClusterInstances.instances(List.of(everything), List.of(fargate, cordoned, gpu))).isEqualTo(3);
    assertThat(ClusterInstances.instances(List.of(ec2, CapacityProviders.placement("FARGATE", null)),
        List.of(fargate, cordoned, gpu))).isEqualTo(2);
  }

  @Test
  void tasksAreCountedAsTheServicesCountThem() {
    List<Pod> pods = List.of(pod("a", "Running", true, false), pod("b", "Running", false, false),
        pod("c", "Pending", false, false), pod("d", "Running", true, true), pod("e", "Succeeded", false, false),
        pod("f", "Failed", false, false), pod("g", "Running", true, false));
    assertThat(ClusterInstances.tasks(pods)).isEqualTo(new ClusterInstances.Tasks(2, 2));
  }

  @Test
  void theClustersLeanCopiesOfPodsAndServicesCountAsTheFullOnes() {
    List<Pod> full = List.of(pod("a", "Running", true, false), pod("b", "Running", false, false),
        pod("c", "Pending", false, false), pod("d", "Running", true, true), pod("e", "Failed", false, false));
    full.forEach(p -> p.setSpec(new PodSpecBuilder().addNewContainer().withName("web")
        .endContainer().build()));
    full.forEach(p -> p.getStatus().setPodIP("10.0.0.1"));
    List<Pod> lean = full.stream().map(Serialization::clone).toList();
    lean.forEach(ClusterMembership::keepTaskStateOnly);
    assertThat(lean).allSatisfy(p -> {
      assertThat(p.getSpec()).isNull();
      assertThat(p.getStatus().getPodIP()).isNull();
    });
    assertThat(ClusterInstances.tasks(lean)).isEqualTo(ClusterInstances.tasks(full));

    EcsService deleting = service("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
    deleting.getSpec().desiredCount = 3;
    deleting.setStatus(new EcsServiceStatus());
    deleting.getMetadata().setDeletionTimestamp("2026-11-22T10:00:00Z");
    EcsService leanService = Serialization.clone(deleting);
    ClusterMembership.keepMembershipOnly(leanService);
    assertThat(leanService.getStatus()).isNull();
    assertThat(leanService.getSpec().desiredCount).isNull();
    assertThat(ClusterMembership.reference(leanService)).isEqualTo("prod");
    assertThat(ClusterMembership.isActiveMemberOf(leanService, "prod")).isFalse();
    assertThat(ClusterMembership.changed(service("prod"), leanService)).isTrue();
  }

  @Test
  void statusInDescribeClustersShape() {
    Observation o = observation(3, 7, 1, 6, List.of(new Provider("FARGATE", true, 2),
        new Provider("FARGATE_SPOT", true, 2), new Provider("EC2", true, 6)));
    EcsClusterStatus status = ClusterStatusCalculator.compute(o, null, T0);
    assertThat(status.status).isEqualTo("ACTIVE");
    assertThat(status.clusterArn).isEqualTo("arn:aws:ecs:us-east-1:123456789012:cluster/default");
    assertThat(status.activeServicesCount).isEqualTo(3);
    assertThat(status.runningTasksCount).isEqualTo(7);
    assertThat(status.pendingTasksCount).isEqualTo(1);
    assertThat(status.registeredContainerInstancesCount).isEqualTo(6);
    assertThat(status.observedGeneration).isEqualTo(4L);
    assertThat(status.conditions).extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
        .containsExactly("Ready=True/Active", "Reconciling=False/Reconciled", "Stalled=False/Reconciled");
    assertThat(status.conditions.get(0).getMessage())
        .isEqualTo("ACTIVE: 6 container instances (nodes per capacity provider: FARGATE 2, FARGATE_SPOT 2, EC2 6)");
    assertThat(status.conditions).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(4L));
    assertThat(ClusterStatusCalculator.warnings(o)).isEmpty();
  }

  @Test
  void theSameCountsLaterWriteNothing() {
    Observation o = observation(1, 2, 0, 6, List.of(new Provider("EC2", true, 6)));
    EcsClusterStatus first = ClusterStatusCalculator.compute(o, null, T0);
    EcsClusterStatus again = ClusterStatusCalculator.compute(o, Serialization.clone(first), T1);
    assertThat(StatusComparison.unchanged(first, again)).isTrue();
    EcsClusterStatus moved = ClusterStatusCalculator.compute(observation(1, 3, 0, 6, o.providers()), first, T1);
    assertThat(StatusComparison.unchanged(first, moved)).isFalse();
    assertThat(moved.conditions.get(0).getLastTransitionTime()).isEqualTo(first.conditions.get(0).getLastTransitionTime());
  }

  @Test
  void providersWithoutNodesOrDefinitionsAreWarnedAboutOnce() {
    Observation o = observation(0, 0, 0, 4, List.of(new Provider("FARGATE", true, 0),
        new Provider("EC2", true, 4), new Provider("my-asg", false, 4)));
    assertThat(ClusterStatusCalculator.warnings(o)).containsExactly(
        "capacity provider FARGATE matches no node: its tasks stay pending",
        "capacity provider my-asg has no entry in capacityProviderDefinitions: its tasks run on any node without a"
            + " NoSchedule taint");
    EcsClusterStatus status = ClusterStatusCalculator.compute(o, null, T0);
    assertThat(status.conditions.get(0).getStatus()).isEqualTo("True");
    assertThat(status.conditions.get(0).getMessage()).contains("FARGATE matches no node").contains("my-asg has no entry");
    assertThat(ClusterStatusCalculator.newWarnings(o, null)).hasSize(2);
    assertThat(ClusterStatusCalculator.newWarnings(o, status)).isEmpty();
  }

  @Test
  void aFailedReconcileKeepsTheCountsAndSaysWhy() {
    EcsClusterStatus before = ClusterStatusCalculator.compute(observation(1, 1, 0, 6,
        List.of(new Provider("EC2", true, 6))), null, T0);
    EcsClusterStatus failed = ClusterStatusCalculator.failed(5, before, "boom", T1);
    assertThat(failed.runningTasksCount).isEqualTo(1);
    assertThat(failed.conditions).extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("Ready=False", "Reconciling=True", "Stalled=False");
    assertThat(failed.conditions.get(0).getMessage()).isEqualTo("boom");
  }

  @Test
  void servicesBelongByNameOrArnAndLeaveWhenDeleted() {
    EcsService plain = service(null);
    EcsService named = service("prod");
    EcsService arn = service("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
    assertThat(ClusterMembership.reference(plain)).isEqualTo("default");
    assertThat(ClusterMembership.reference(named)).isEqualTo("prod");
    assertThat(ClusterMembership.reference(arn)).isEqualTo("prod");
    assertThat(ClusterMembership.isActiveMemberOf(arn, "prod")).isTrue();
    EcsService deleting = service("prod");
    deleting.getMetadata().setDeletionTimestamp("2026-11-22T10:00:00Z");
    assertThat(ClusterMembership.isActiveMemberOf(deleting, "prod")).as("DRAINING").isFalse();
    assertThat(ClusterMembership.changed(named, deleting)).isTrue();
    assertThat(ClusterMembership.changed(named, arn)).isFalse();
    assertThat(ClusterMembership.changed(plain, named)).isTrue();
    EcsService scaled = service("prod");
    scaled.getSpec().desiredCount = 9;
    assertThat(ClusterMembership.changed(named, scaled)).isFalse();
  }

  @Test
  void aClusterIsNamedBySpecOrMetadataAndLabelsItsPodsSo() {
    EcsCluster c = new EcsCluster();
    c.setMetadata(new ObjectMetaBuilder().withName("default").build());
    assertThat(ClusterMembership.nameOf(c)).isEqualTo("default");
    c.setSpec(new EcsClusterSpec());
    c.getSpec().clusterName = "prod_eu";
    assertThat(ClusterMembership.nameOf(c)).isEqualTo("prod_eu");
    assertThat(ClusterMembership.labelValue(c)).isEqualTo("prod_eu");
  }

  @Test
  void onlyChangesThatMoveTheCountsWakeTheCluster() {
    Pod a = pod("a", "Pending", false, false);
    assertThat(ClusterMembership.taskStateChanged(a, pod("a", "Pending", false, false))).isFalse();
    assertThat(ClusterMembership.taskStateChanged(a, pod("a", "Running", false, false))).isTrue();
    assertThat(ClusterMembership.taskStateChanged(pod("a", "Running", false, false), pod("a", "Running", true, false)))
        .isTrue();
    assertThat(ClusterMembership.taskStateChanged(a, pod("a", "Pending", false, true))).isTrue();
    Node n = localNodes().get(0);
    Node heartbeat = Serialization.clone(n);
    heartbeat.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
    assertThat(ClusterMembership.placementChanged(n, heartbeat)).isFalse();
    Node relabelled = Serialization.clone(n);
    relabelled.getMetadata().getLabels().put("stevedore.dev/pool", "spot");
    assertThat(ClusterMembership.placementChanged(n, relabelled)).isTrue();
  }

  @Test
  void customProvidersOfTheClusterCountTowardsItsInstances() {
    EcsClusterSpec spec = new EcsClusterSpec();
    CapacityProviderDefinition onDemand = new CapacityProviderDefinition();
    onDemand.name = "EC2";
    onDemand.nodeSelector = Map.of("stevedore.dev/pool", "on-demand");
    CapacityProviderDefinition fargate = new CapacityProviderDefinition();
    fargate.name = "FARGATE";
    fargate.nodeSelector = Map.of("stevedore.dev/pool", "fargate");
    spec.capacityProviderDefinitions = List.of(onDemand, fargate);
    List<CapacityPlacement> placements = CapacityProviders.of(spec).stream()
        .filter(p -> !p.equals("FARGATE_SPOT")).map(p -> CapacityProviders.placement(p, spec)).toList();
    assertThat(ClusterInstances.instances(placements, localNodes())).isEqualTo(4);
  }

  static Observation observation(int services, int running, int pending, int instances, List<Provider> providers) {
    return new Observation(4, "arn:aws:ecs:us-east-1:123456789012:cluster/default", services,
        new ClusterInstances.Tasks(running, pending), instances, providers);
  }

  static Pod pod(String name, String phase, boolean ready, boolean terminating) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName(name)
        .withDeletionTimestamp(terminating ? "2026-11-22T10:00:00Z" : null).endMetadata()
        .withNewStatus().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
        .endCondition().endStatus();
    return b.build();
  }

  static EcsService service(String cluster) {
    EcsService s = new EcsService();
    s.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").build());
    s.setSpec(new EcsServiceSpec());
    s.getSpec().cluster = cluster;
    return s;
  }
}
