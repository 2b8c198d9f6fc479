package dev.stevedore.e2e.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Nodes;
import dev.stevedore.e2e.harness.PodSampler;
import dev.stevedore.e2e.harness.Pods;
import dev.stevedore.e2e.harness.Strategies;
import dev.stevedore.e2e.harness.Waits;
import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
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

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(RESYNC);

  @Test
  void theExampleSplitsByBaseThenWeightOntoTheProvidersPools(KubernetesCluster cluster, Ecs ecs) {
    long start = System.nanoTime();
    EcsService steady = runExample(cluster, ecs);
    double readyAfter = (System.nanoTime() - start) / 1e9;
    LOG.info("example Ready after {} s; its events: {}", String.format("%.1f", readyAfter),
        steady.getStatus().events.stream().map(e -> e.createdAt + " " + e.message).toList());
    Map<String, Deployment> deployments = ecs.deployments("api");
    assertThat(deployments).containsOnlyKeys("api-fargate", "api-fargate-spot");
    assertThat(deployments.get("api-fargate").getSpec().getReplicas()).isEqualTo(4);
    assertThat(deployments.get("api-fargate-spot").getSpec().getReplicas()).isEqualTo(6);
    List<Pod> pods = awaitScheduled(ecs, 10);
    assertThat(ecs.countByNodeLabel(pods, Nodes.POOL_LABEL)).as("tasks per pool at 10")
        .isEqualTo(Map.of("fargate", 4, "spot", 6));
    assertThat(pods).allSatisfy(p -> assertThat(ecs.nodeLabel(p, Nodes.POOL_LABEL))
        .isEqualTo("FARGATE".equals(p.getMetadata().getLabels().get(Labels.CAPACITY_PROVIDER)) ? "fargate" : "spot"));
    ecs.awaitCluster("default", "counting the service and its 10 tasks", Duration.ofSeconds(60),
        c -> counts(c, 1, 10, 0));
  }

  @Test
  void scalingTheExampleKeepsTheSplitRule(KubernetesCluster cluster, Ecs ecs) {
    runExample(cluster, ecs);
    // kubectl scale ecsservice/api --replicas=14: the split follows the rule, 5 + 9
    ecs.client().resources(EcsService.class).inNamespace(ecs.namespace()).withName("api").edit(s -> {
      s.getSpec().desiredCount = 14;
      return s;
    });
    EcsService scaled = ecs.awaitService("api", "Ready with 14 tasks", STEADY,
        s -> Ecs.steadyAt(s, Ecs.arn("api", 1), 14));
    Map<String, Deployment> deployments = ecs.deployments("api");
    assertThat(deployments.get("api-fargate").getSpec().getReplicas()).isEqualTo(5);
    assertThat(deployments.get("api-fargate-spot").getSpec().getReplicas()).isEqualTo(9);
    Map<String, Integer> pools = ecs.countByNodeLabel(awaitScheduled(ecs, 14), Nodes.POOL_LABEL);
    assertThat(pools).as("tasks per pool at 14").isEqualTo(Map.of("fargate", 5, "spot", 9));
    assertThat(scaled.getStatus().runningCount).as("the service adds its providers up").isEqualTo(14);
    assertThat(scaled.getStatus().selector).as("one selector over both Deployments, for the scale subresource")
        .doesNotContain(Labels.CAPACITY_PROVIDER);
    EcsCluster counted = ecs.awaitCluster("default", "counting 14 tasks", Duration.ofSeconds(60),
        c -> counts(c, 1, 14, 0));
    LOG.info("example at 14 tasks: {}; cluster {} instances", pools,
        counted.getStatus().registeredContainerInstancesCount);
  }

  @Test
  void theSteadyExampleWritesNothingWhileBothControllersResync(KubernetesCluster cluster, Ecs ecs) {
    runExample(cluster, ecs);
    awaitScheduled(ecs, 10);
    ecs.awaitCluster("default", "counting the service and its 10 tasks", Duration.ofSeconds(60),
        c -> counts(c, 1, 10, 0));
    // Steady state writes nothing: both controllers reconcile again and again (resync), and no object changes.
    Map<String, String> versions = versions(ecs);
    double services = operator.reconciliations("EcsService");
    double clusters = operator.reconciliations("EcsCluster");
    Waits.until("two resyncs of the service and the cluster that change nothing", RESYNC.multipliedBy(4), () -> {
      assertThat(versions(ecs)).as("what the operator writes, in steady state").isEqualTo(versions);
      return new double[] {operator.reconciliations("EcsService") - services,
          operator.reconciliations("EcsCluster") - clusters};
    }, d -> d[0] >= 2 && d[1] >= 2, d -> "reconciliations since: services " + d[0] + ", clusters " + d[1]);
  }

  @Test
  void aRolloutMovesEveryProviderWithinOneBudgetForTheService(KubernetesCluster cluster, Ecs ecs) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "node pools exist on the local cluster only");
    ecs.apply(Ecs.cluster("default", Map.of("FARGATE", "fargate", "FARGATE_SPOT", "spot")));
    TaskDefinition v1 = Ecs.taskDefinition("budget", Ecs.IMAGE_V1, true);
    ecs.apply(v1);
    // d=10, min 90 %, max 110 %: at least 9 healthy, at most 11 tasks, for the service as a whole. Each provider's
    // share alone (4 and 6) would allow no movement at all (ceil(3.6)=4=floor(4.4), ceil(5.4)=6=floor(6.6)).
    EcsService service = Ecs.replicaService("budget", "budget", 10, 90, 110);
    service.getSpec().capacityProviderStrategy = List.of(Strategies.provider("FARGATE", 2, 1),
        Strategies.provider("FARGATE_SPOT", null, 3));
    ecs.apply(service);
    ecs.awaitService("budget", "Ready with 10 tasks of revision 1", STEADY,
        s -> Ecs.steadyAt(s, Ecs.arn("budget", 1), 10));
    Map<String, Deployment> before = ecs.deployments("budget");
    assertThat(rolling(before.get("budget-fargate"))).as("FARGATE's part of the budget").isEqualTo("1/0");
    assertThat(rolling(before.get("budget-fargate-spot"))).as("FARGATE_SPOT's part of the budget").isEqualTo("0/1");
    assertThat(before.values()).allSatisfy(d -> assertThat(d.getSpec().getPaused()).isNull());

    long start = System.nanoTime();
    EcsService rolled;
    PodSampler.Summary summary;
    // A health check: a Ready pod is a healthy task at once (minReadySeconds 0).
    try (PodSampler sampler = new PodSampler(ecs.client(), ecs.namespace(), "budget", 0)) {
      ecs.apply(Ecs.withImage(v1, Ecs.IMAGE_V2));
      rolled = ecs.awaitService("budget", "Ready with 10 tasks of revision 2", STEADY,
          s -> Ecs.steadyAt(s, Ecs.arn("budget", 2), 10));
      ecs.awaitPods("budget", "only revision 2 left", Duration.ofSeconds(30),
          p -> p.size() == 10 && p.stream().allMatch(x -> "2".equals(Pods.revision(x))));
      summary = sampler.summary();
    }
    double rolledAfter = (System.nanoTime() - start) / 1e9;
    LOG.info("rollout of d=10 at 90/110 over FARGATE + FARGATE_SPOT: {} s; {}", String.format("%.1f", rolledAfter),
        summary);
    assertThat(summary.samples()).as("samples over the rollout").isGreaterThan(20);
    assertThat(summary.minAvailable()).as("healthy tasks never below ceil(10*90/100)").isGreaterThanOrEqualTo(9);
    assertThat(summary.maxRequested()).as("tasks asked for never above floor(10*110/100)").isLessThanOrEqualTo(11);
    assertThat(summary.maxRequested()).as("started one new task before stopping an old one").isEqualTo(11);
    assertThat(summary.mixedByProvider()).as("both providers rolled").containsOnlyKeys("FARGATE", "FARGATE_SPOT")
        .allSatisfy((provider, mixed) -> assertThat(mixed).as(provider).isTrue());
    assertThat(ecs.countByNodeLabel(ecs.pods("budget"), Nodes.POOL_LABEL)).isEqualTo(Map.of("fargate", 4, "spot", 6));
    assertThat(rolled.getStatus().deployments).singleElement()
        .satisfies(d -> assertThat(d.desiredCount).isEqualTo(10));
    assertThat(Ecs.eventsOldestFirst(rolled)).anyMatch(e -> e.endsWith("deployment completed."));
    assertThat(ecs.deployments("budget").values()).allSatisfy(d -> assertThat(d.getSpec().getPaused()).isNull());
  }

  /** examples/capacity-provider-split applied, and Ready with its 10 tasks. */
  private static EcsService runExample(KubernetesCluster cluster, Ecs ecs) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "node pools exist on the local cluster only");
    ecs.applyExample("capacity-provider-split");
    return ecs.awaitService("api", "Ready with 10 tasks", STEADY, s -> Ecs.steadyAt(s, Ecs.arn("api", 1), 10));
  }

  private static List<Pod> awaitScheduled(Ecs ecs, int tasks) {
    return ecs.awaitPods("api", tasks + " tasks scheduled", Duration.ofSeconds(30),
        p -> p.size() == tasks && p.stream().allMatch(x -> x.getSpec().getNodeName() != null));
  }

  /**
   * What only the operator writes: the resourceVersion of the service and the cluster (their status is the
   * operator's), and the generation and applied hash of the Deployments (whose status the Deployment controller
   * keeps writing).
   */
  private static Map<String, String> versions(Ecs ecs) {
    Map<String, String> versions = new TreeMap<>();
    versions.put("EcsService/api", ecs.service("api").getMetadata().getResourceVersion());
    versions.put("EcsCluster/default", ecs.ecsCluster("default").getMetadata().getResourceVersion());
    ecs.deployments("api").forEach((name, d) -> versions.put("Deployment/" + name, d.getMetadata().getGeneration()
        + " " + d.getMetadata().getAnnotations().get("ecs.stevedore.dev/applied-hash")));
    return versions;
  }

  private static boolean counts(EcsCluster c, int services, int running, int pending) {
    return c != null && c.getStatus() != null && Objects.equals(c.getStatus().activeServicesCount, services)
        && Objects.equals(c.getStatus().runningTasksCount, running)
        && Objects.equals(c.getStatus().pendingTasksCount, pending)
        && Objects.equals(c.getStatus().registeredContainerInstancesCount, 6)
        && "ACTIVE".equals(c.getStatus().status)
        && Ecs.condition(c.getStatus().conditions, "Ready").map(x -> "True".equals(x.getStatus())).orElse(false);
  }

  private static String rolling(Deployment d) {
    var r = d.getSpec().getStrategy().getRollingUpdate();
    return r.getMaxSurge().getIntVal() + "/" + r.getMaxUnavailable().getIntVal();
  }
}
