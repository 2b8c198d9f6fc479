package dev.stevedore.e2e.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.DeploymentConfiguration;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.cluster.TestNamespace;
import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capacity provider strategies on the local cluster's pools: FARGATE {base 2, weight 1} + FARGATE_SPOT {weight 3}
 * is one Deployment per provider, its tasks on that provider's pool, split 4 + 6 at 10 tasks and 5 + 9 at 14; a
 * new revision rolls both Deployments within one min/max budget for the whole service.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class CapacityProviderSplitE2E {
  private static final Logger LOG = LoggerFactory.getLogger(CapacityProviderSplitE2E.class);
  private static final Duration STEADY = Duration.ofSeconds(180);
  private static final Duration RESYNC = Duration.ofSeconds(10);
  private static InProcessStevedore operator;

  @BeforeAll
  static void startOperator(KubernetesCluster cluster) {
    if (cluster.kind() == ClusterKind.LOCAL) {
      operator = InProcessStevedore.start(cluster, RESYNC);
    }
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void theExampleSplitsByBaseThenWeightOnTheProvidersPoolsAndScalingKeepsTheRule(KubernetesCluster cluster,
      TestNamespace namespace) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "node pools exist on the local cluster only");
    operator.watch(namespace.name());
    Workspace ws = new Workspace(cluster.client(), namespace.name());
    long start = System.nanoTime();
    ws.applyFile(InProcessStevedore.repositoryRoot().resolve("examples/capacity-provider-split/api.yaml"));

    EcsService steady = ws.awaitService("api", "Ready with 10 tasks", STEADY, s -> Workspace.steady(s, 10, 1));
    double readyAfter = (System.nanoTime() - start) / 1e9;
    LOG.info("example Ready after {} s; its events: {}", String.format("%.1f", readyAfter),
        steady.getStatus().events.stream().map(e -> e.createdAt + " " + e.message).toList());
    Map<String, Deployment> deployments = ws.deployments("api");
    assertThat(deployments).containsOnlyKeys("api-fargate", "api-fargate-spot");
    assertThat(deployments.get("api-fargate").getSpec().getReplicas()).isEqualTo(4);
    assertThat(deployments.get("api-fargate-spot").getSpec().getReplicas()).isEqualTo(6);
    List<Pod> pods = ws.awaitPods("api", "10 tasks scheduled", Duration.ofSeconds(30),
        p -> p.size() == 10 && p.stream().allMatch(x -> x.getSpec().getNodeName() != null));
    Map<String, Integer> pools10 = ws.countByNodeLabel(pods, Workspace.POOL_LABEL);
    assertThat(pools10).as("tasks per pool at 10").isEqualTo(Map.of("fargate", 4, "spot", 6));
    assertThat(pods).allSatisfy(p -> assertThat(ws.nodeLabel(p, Workspace.POOL_LABEL))
        .isEqualTo("FARGATE".equals(p.getMetadata().getLabels().get(Labels.CAPACITY_PROVIDER)) ? "fargate" : "spot"));
    ws.awaitCluster("default", "counting the service and its 10 tasks", Duration.ofSeconds(60), c -> counts(c, 1, 10, 0));

    // kubectl scale ecsservice/api --replicas=14: the split follows the rule, 5 + 9
    ws.client().resources(EcsService.class).inNamespace(namespace.name()).withName("api").edit(s -> {
      s.getSpec().desiredCount = 14;
      return s;
    });
    EcsService scaled = ws.awaitService("api", "Ready with 14 tasks", STEADY, s -> Workspace.steady(s, 14, 1));
    deployments = ws.deployments("api");
    assertThat(deployments.get("api-fargate").getSpec().getReplicas()).isEqualTo(5);
    assertThat(deployments.get("api-fargate-spot").getSpec().getReplicas()).isEqualTo(9);
    pods = ws.awaitPods("api", "14 tasks scheduled", Duration.ofSeconds(30),
        p -> p.size() == 14 && p.stream().allMatch(x -> x.getSpec().getNodeName() != null));
    Map<String, Integer> pools14 = ws.countByNodeLabel(pods, Workspace.POOL_LABEL);
    assertThat(pools14).as("tasks per pool at 14").isEqualTo(Map.of("fargate", 5, "spot", 9));
    assertThat(scaled.getStatus().runningCount).as("the service adds its providers up").isEqualTo(14);
    assertThat(scaled.getStatus().selector).as("one selector over both Deployments, for the scale subresource")
        .doesNotContain(Labels.CAPACITY_PROVIDER);
    EcsCluster counted = ws.awaitCluster("default", "counting 14 tasks", Duration.ofSeconds(60),
        c -> counts(c, 1, 14, 0));
    LOG.info("example: Ready in {} s; at 10 tasks {}; at 14 tasks {}; cluster {} instances", String.format("%.1f",
        readyAfter), pools10, pools14, counted.getStatus().registeredContainerInstancesCount);

    // Steady state writes nothing: both controllers reconcile again and again (resync), and no object changes.
    Map<String, String> versions = versions(ws);
    double services = operator.reconciliations("EcsService");
    double clusters = operator.reconciliations("EcsCluster");
    Workspace.await("two resyncs of the service and the cluster that change nothing", RESYNC.multipliedBy(4), () -> {
      assertThat(versions(ws)).as("what the operator writes, in steady state").isEqualTo(versions);
      return new double[] {operator.reconciliations("EcsService") - services,
          operator.reconciliations("EcsCluster") - clusters};
    }, d -> d[0] >= 2 && d[1] >= 2, d -> "reconciliations since: services " + d[0] + ", clusters " + d[1]);
  }

  /**
   * What only the operator writes: the resourceVersion of the service and the cluster (their status is the
   * operator's), and the generation and applied hash of the Deployments (whose status the Deployment controller
   * keeps writing).
   */
  private static Map<String, String> versions(Workspace ws) {
    Map<String, String> versions = new java.util.TreeMap<>();
    versions.put("EcsService/api", ws.service("api").getMetadata().getResourceVersion());
    versions.put("EcsCluster/default", ws.cluster("default").getMetadata().getResourceVersion());
    ws.deployments("api").forEach((name, d) -> versions.put("Deployment/" + name, d.getMetadata().getGeneration()
        + " " + d.getMetadata().getAnnotations().get("ecs.stevedore.dev/applied-hash")));
    return versions;
  }

  @Test
  void aRolloutMovesEveryProviderWithinOneBudgetForTheService(KubernetesCluster cluster, TestNamespace namespace) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "node pools exist on the local cluster only");
    operator.watch(namespace.name());
    Workspace ws = new Workspace(cluster.client(), namespace.name());
    ws.apply(Workspace.cluster("default", Map.of("FARGATE", "fargate", "FARGATE_SPOT", "spot")));
    TaskDefinition v1 = Workspace.taskDefinition("budget", Workspace.IMAGE_V1, true);
    ws.apply(v1);
    // d=10, min 90 %, max 110 %: at least 9 healthy, at most 11 tasks, for the service as a whole. Each provider's
    // share alone (4 and 6) would allow no movement at all (ceil(3.6)=4=floor(4.4), ceil(5.4)=6=floor(6.6)).
    EcsService service = Workspace.service("budget", "budget", 10);
    service.getSpec().capacityProviderStrategy = Strategies.of("FARGATE:2:1,FARGATE_SPOT::3");
    service.getSpec().deploymentConfiguration = new DeploymentConfiguration();
    service.getSpec().deploymentConfiguration.minimumHealthyPercent = 90;
    service.getSpec().deploymentConfiguration.maximumPercent = 110;
    ws.apply(service);
    ws.awaitService("budget", "Ready with 10 tasks of revision 1", STEADY, s -> Workspace.steady(s, 10, 1));
    Map<String, Deployment> before = ws.deployments("budget");
    assertThat(rolling(before.get("budget-fargate"))).as("FARGATE's part of the budget").isEqualTo("1/0");
    assertThat(rolling(before.get("budget-fargate-spot"))).as("FARGATE_SPOT's part of the budget").isEqualTo("0/1");
    assertThat(before.values()).allSatisfy(d -> assertThat(d.getSpec().getPaused()).isNull());

    long start = System.nanoTime();
    BudgetSampler sampler = new BudgetSampler(ws.client(), namespace.name(), "budget");
    EcsService rolled;
    try {
      ws.apply(Workspace.withImage(v1, Workspace.IMAGE_V2));
      rolled = ws.awaitService("budget", "Ready with 10 tasks of revision 2", STEADY, s -> Workspace.steady(s, 10, 2));
      ws.awaitPods("budget", "only revision 2 left", Duration.ofSeconds(30), p -> p.size() == 10
          && p.stream().allMatch(x -> "2".equals(x.getMetadata().getLabels().get(Labels.REVISION))));
    } finally {
      sampler.close();
    }
    double rolledAfter = (System.nanoTime() - start) / 1e9;
    LOG.info("rollout of d=10 at 90/110 over FARGATE + FARGATE_SPOT: {} s; {}", String.format("%.1f", rolledAfter),
        sampler);
    assertThat(sampler.samples()).as("samples over the rollout").isGreaterThan(20);
    assertThat(sampler.minHealthy()).as("healthy tasks never below ceil(10*90/100)").isGreaterThanOrEqualTo(9);
    assertThat(sampler.maxRequested()).as("tasks asked for never above floor(10*110/100)").isLessThanOrEqualTo(11);
    assertThat(sampler.maxRequested()).as("started one new task before stopping an old one").isEqualTo(11);
    assertThat(sampler.mixedByProvider()).as("both providers rolled").containsOnlyKeys("FARGATE", "FARGATE_SPOT")
        .allSatisfy((provider, mixed) -> assertThat(mixed).as(provider).isTrue());
    List<Pod> pods = ws.pods("budget");
    assertThat(ws.countByNodeLabel(pods, Workspace.POOL_LABEL)).isEqualTo(Map.of("fargate", 4, "spot", 6));
    assertThat(rolled.getStatus().deployments).singleElement()
        .satisfies(d -> assertThat(d.desiredCount).isEqualTo(10));
    assertThat(Workspace.events(rolled)).anyMatch(e -> e.endsWith("deployment completed."));
    assertThat(ws.deployments("budget").values()).allSatisfy(d -> assertThat(d.getSpec().getPaused()).isNull());
  }

  private static boolean counts(EcsCluster c, int services, int running, int pending) {
    return c != null && c.getStatus() != null && Objects.equals(c.getStatus().activeServicesCount, services)
        && Objects.equals(c.getStatus().runningTasksCount, running)
        && Objects.equals(c.getStatus().pendingTasksCount, pending)
        && Objects.equals(c.getStatus().registeredContainerInstancesCount, 6)
        && "ACTIVE".equals(c.getStatus().status)
        && Workspace.condition(c.getStatus().conditions, "Ready").map(x -> "True".equals(x.getStatus())).orElse(false);
  }

  private static String rolling(Deployment d) {
    var r = d.getSpec().getStrategy().getRollingUpdate();
    return r.getMaxSurge().getIntVal() + "/" + r.getMaxUnavailable().getIntVal();
  }
}
