package dev.stevedore.e2e;

import static dev.stevedore.e2e.harness.Pods.restartCount;
import static dev.stevedore.e2e.harness.Workloads.APP_LABEL;
import static dev.stevedore.e2e.harness.Workloads.IMAGE;
import static dev.stevedore.e2e.harness.Workloads.awaitPods;
import static dev.stevedore.e2e.harness.Workloads.orZero;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.cluster.TestNamespace;
import dev.stevedore.e2e.harness.Nodes;
import dev.stevedore.e2e.harness.Pods;
import dev.stevedore.e2e.harness.Waits;
import dev.stevedore.e2e.harness.Workloads;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Proves the cluster is real: the controllers, the scheduler, RBAC and kubelet-like pod behaviour all act. */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClusterSmokeE2E {

  private static final String HOSTNAME = "kubernetes.io/hostname";
  private static final String POOL = Nodes.POOL_LABEL;
  private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  private static final List<String> POOLS = List.of("on-demand", "spot", "fargate");

  @Test
  void localClusterNodesFollowTheDocumentedZonesAndPools(KubernetesCluster cluster) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "node pools are a feature of the local cluster");
    List<Node> nodes = cluster.client().nodes().withLabel("type", "kwok").list().getItems();

    assertThat(nodes).hasSizeGreaterThanOrEqualTo(3);
    assertThat(Nodes.schedulable(cluster.client())).extracting(node -> node.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(nodes.stream().map(node -> node.getMetadata().getName()).toList());
    for (Node node : nodes) {
      String name = node.getMetadata().getName();
      int index = Integer.parseInt(name.substring("kwok-node-".length()));
      String pool = POOLS.get(index / 2 % POOLS.size());
      Map<String, String> labels = node.getMetadata().getLabels();
      assertThat(labels).as(name)
          .containsEntry(HOSTNAME, name)
          .containsEntry("kubernetes.io/os", "linux")
          .containsEntry("kubernetes.io/arch", "amd64")
          .containsEntry("topology.kubernetes.io/region", "us-east-1")
          .containsEntry("topology.kubernetes.io/zone", ZONES.get(index % ZONES.size()))
          .containsEntry(POOL, pool)
          .containsEntry("karpenter.sh/capacity-type", pool.equals("spot") ? "spot" : "on-demand")
          .containsKey("node.kubernetes.io/instance-type");
      assertThat(labels.get("eks.amazonaws.com/compute-type")).as(name)
          .isEqualTo(pool.equals("fargate") ? "fargate" : null);
      assertThat(node.getStatus().getAllocatable().get("pods").getNumericalAmount().intValue()).as(name)
          .isGreaterThanOrEqualTo(29);
    }
  }

  @Test
  void deploymentOfThreeReplicasGetsThreeReadyPodsOnDifferentNodes(KubernetesCluster cluster, TestNamespace namespace) {
    KubernetesClient client = cluster.client();
    assumeTrue(Nodes.schedulable(client).size() >= 3, "needs three schedulable nodes");
    // Required anti-affinity on the hostname: the scheduler must put the replicas on three different nodes.
    Deployment web = new DeploymentBuilder(Workloads.deployment("web", IMAGE, 3))
        .editSpec().editTemplate().editSpec()
        .withNewAffinity().withNewPodAntiAffinity()
        .addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
            .withTopologyKey(HOSTNAME)
            .withNewLabelSelector().addToMatchLabels(APP_LABEL, "web").endLabelSelector()
            .build())
        .endPodAntiAffinity().endAffinity()
        .endSpec().endTemplate().endSpec()
        .build();

    client.apps().deployments().inNamespace(namespace.name()).resource(web).create();

    List<Pod> pods = awaitPods(client, namespace.name(), "web",
        all -> all.size() == 3 && all.stream().allMatch(Pods::isReady));
    assertThat(pods).extracting(pod -> pod.getSpec().getNodeName()).doesNotContainNull().doesNotHaveDuplicates();
    await(client.apps().deployments().inNamespace(namespace.name()).withName("web"), ClusterSmokeE2E::rolledOut);
  }

  @Test
  void daemonSetRunsOnePodOnEveryNode(KubernetesCluster cluster, TestNamespace namespace) {
    KubernetesClient client = cluster.client();
    Set<String> nodeNames =
        Nodes.schedulable(client).stream().map(node -> node.getMetadata().getName()).collect(Collectors.toSet());

    client.apps().daemonSets().inNamespace(namespace.name())
        .resource(Workloads.daemonSet("everywhere", IMAGE)).create();

    List<Pod> pods = awaitPods(client, namespace.name(), "everywhere",
        all -> all.size() == nodeNames.size() && all.stream().allMatch(Pods::isReady));
    assertThat(pods).extracting(pod -> pod.getSpec().getNodeName()).containsExactlyInAnyOrderElementsOf(nodeNames);
    DaemonSet daemonSet = client.apps().daemonSets().inNamespace(namespace.name()).withName("everywhere")
        .waitUntilCondition(ds -> ds.getStatus() != null && orZero(ds.getStatus().getNumberReady()) == nodeNames.size(),
            Workloads.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(daemonSet.getStatus().getDesiredNumberScheduled()).isEqualTo(nodeNames.size());
  }

  @Test
  void changingTheImageRollsOutANewReplicaSet(KubernetesCluster cluster, TestNamespace namespace) {
    KubernetesClient client = cluster.client();
    var rolling = client.apps().deployments().inNamespace(namespace.name()).withName("rolling");
    client.apps().deployments().inNamespace(namespace.name())
        .resource(Workloads.deployment("rolling", IMAGE, 2)).create();
    await(rolling, ClusterSmokeE2E::rolledOut);
    List<ReplicaSet> before = client.apps().replicaSets().inNamespace(namespace.name()).list().getItems();
    assertThat(before).hasSize(1);
    String firstUid = before.get(0).getMetadata().getUid();

    String nextImage = "registry.k8s.io/pause:3.9";
    rolling.edit(deployment -> new DeploymentBuilder(deployment)
        .editSpec().editTemplate().editSpec()
        .editFirstContainer().withImage(nextImage).endContainer()
        .endSpec().endTemplate().endSpec()
        .build());

    await(rolling, deployment -> deployment.getMetadata().getGeneration() == 2 && rolledOut(deployment));
    List<ReplicaSet> after = client.apps().replicaSets().inNamespace(namespace.name()).list().getItems();
    assertThat(after).hasSize(2);
    Map<Boolean, List<ReplicaSet>> byAge =
        after.stream().collect(Collectors.partitioningBy(rs -> rs.getMetadata().getUid().equals(firstUid)));
    ReplicaSet old = byAge.get(true).get(0);
    ReplicaSet current = byAge.get(false).get(0);
    assertThat(old.getSpec().getReplicas()).isZero();
    assertThat(current.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(nextImage);
    assertThat(orZero(current.getStatus().getReadyReplicas())).isEqualTo(2);
  }

  @Test
  void serviceAccountWithoutRightsIsRefusedByRbac(KubernetesCluster cluster, TestNamespace namespace) {
    KubernetesClient admin = cluster.client();
    String ns = namespace.name();
    admin.serviceAccounts().inNamespace(ns)
        .resource(new ServiceAccountBuilder().withNewMetadata().withName("nobody").endMetadata().build()).create();
    Config asServiceAccount = cluster.config();
    asServiceAccount.setImpersonateUsername("system:serviceaccount:" + ns + ":nobody");
    asServiceAccount.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");

    try (KubernetesClient nobody = new KubernetesClientBuilder().withConfig(asServiceAccount).build()) {
      assertThatThrownBy(() -> nobody.pods().inNamespace(ns).list())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
      assertThat(admin.pods().inNamespace(ns).list().getItems()).isEmpty();

      // The refusal comes from the missing rights, not from the impersonation: granting them lets it in.
      admin.rbac().roles().inNamespace(ns).resource(new RoleBuilder()
          .withNewMetadata().withName("pod-reader").endMetadata()
          .addNewRule().withApiGroups("").withResources("pods").withVerbs("list").endRule()
          .build()).create();
      admin.rbac().roleBindings().inNamespace(ns).resource(new RoleBindingBuilder()
          .withNewMetadata().withName("nobody-reads-pods").endMetadata()
          .withNewRoleRef("rbac.authorization.k8s.io", "Role", "pod-reader")
          .addNewSubject().withKind("ServiceAccount").withName("nobody").withNamespace(ns).endSubject()
          .build()).create();
      assertThat(Waits.eventually("the granted rights reach the authorizer", Workloads.TIMEOUT,
          () -> nobody.pods().inNamespace(ns).list()).getItems()).isEmpty();
    }
  }

  @Test
  void crashLoopingDeploymentNeverBecomesAvailable(KubernetesCluster cluster, TestNamespace namespace) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "failure images are a feature of the local cluster");
    KubernetesClient client = cluster.client();
    var crasher = client.apps().deployments().inNamespace(namespace.name()).withName("crasher");
    AtomicInteger mostAvailable = new AtomicInteger();
    // Watching from before the Deployment exists sees every status it reports during the observation.
    try (Watch watch = crasher.watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Deployment deployment) {
        if (deployment.getStatus() != null) {
          mostAvailable.accumulateAndGet(orZero(deployment.getStatus().getAvailableReplicas()), Math::max);
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      client.apps().deployments().inNamespace(namespace.name())
          .resource(Workloads.deployment("crasher", "registry.example.com/stevedore/crashloop:1", 2)).create();

      // The observation window ends when every pod has been restarted three times.
      List<Pod> pods = awaitPods(client, namespace.name(), "crasher",
          all -> all.size() == 2 && all.stream().allMatch(pod -> restartCount(pod) >= 3));

      assertThat(pods).noneMatch(Pods::isReady);
      DeploymentStatus status = crasher.get().getStatus();
      assertThat(orZero(status.getAvailableReplicas())).isZero();
      assertThat(status.getConditions()).anySatisfy(condition -> {
        assertThat(condition.getType()).isEqualTo("Available");
        assertThat(condition.getStatus()).isEqualTo("False");
      });
      assertThat(mostAvailable.get()).as("the most available replicas the Deployment ever reported").isZero();
    }
  }

  /** The Deployment controller has seen the latest spec, and all replicas run it and are available. */
  private static boolean rolledOut(Deployment deployment) {
    int desired = deployment.getSpec().getReplicas();
    DeploymentStatus status = deployment.getStatus();
    return status != null
        && deployment.getMetadata().getGeneration().equals(status.getObservedGeneration())
        && orZero(status.getUpdatedReplicas()) == desired
        && orZero(status.getReplicas()) == desired
        && orZero(status.getAvailableReplicas()) == desired;
  }

  private static void await(RollableScalableResource<Deployment> deployment, Predicate<Deployment> condition) {
    deployment.waitUntilCondition(
        d -> d != null && condition.test(d), Workloads.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }
}
