package dev.stevedore.translate.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.CapacityProviderDefinition;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.translate.CapacityProviders;
import dev.stevedore.naming.Labels;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.ServiceTranslator;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderDeploymentsTest {
  final RegisteredTaskDefinition v1 = Fixtures.revision(Fixtures.taskDefinition("nginx:1"), 1);
  final RegisteredTaskDefinition v2 = Fixtures.revision(Fixtures.taskDefinition("nginx:2"), 2);

  @Test
  void severalProvidersBecomeOneDeploymentEachWithTheirShare() {
    EcsServiceSpec spec = Fixtures.service(10, 100, 200);
    spec.capacityProviderStrategy = Fixtures.strategy("FARGATE:2:1,FARGATE_SPOT::3");
    ProviderDeployments.Plan plan = plan(spec, v1, null, Map.of());
    assertThat(plan.objects()).extracting(o -> o.workload().getMetadata().getName())
        .containsExactly("web-fargate", "web-fargate-spot");
    Deployment fargate = deployment(plan, 0);
    Deployment spot = deployment(plan, 1);
    assertThat(fargate.getSpec().getReplicas()).isEqualTo(4);
    assertThat(spot.getSpec().getReplicas()).isEqualTo(6);
    assertThat(fargate.getSpec().getTemplate().getSpec().getNodeSelector())
        .containsEntry(CapacityProviders.EKS_COMPUTE_TYPE, "fargate");
    assertThat(fargate.getSpec().getTemplate().getSpec().getTolerations()).hasSize(1);
    assertThat(spot.getSpec().getTemplate().getSpec().getNodeSelector())
        .containsEntry(CapacityProviders.KARPENTER_CAPACITY_TYPE, "spot");
    assertThat(spot.getSpec().getSelector().getMatchLabels()).containsEntry(Labels.CAPACITY_PROVIDER, "FARGATE_SPOT");
    assertThat(fargate.getMetadata().getAnnotations()).containsKey(SharedRollout.TEMPLATE_HASH_ANNOTATION);
    // the service's budget (10 surge) is shared 4 + 6
    assertThat(surge(fargate) + surge(spot)).isEqualTo(10);
    assertThat(plan.bounds().upperBound()).isEqualTo(20);
    assertThat(plan.stuck()).isFalse();
  }

  @Test
  void scalingKeepsTheSplit() {
    EcsServiceSpec spec = Fixtures.service(14, 100, 200);
    spec.capacityProviderStrategy = Fixtures.strategy("FARGATE:2:1,FARGATE_SPOT::3");
    ProviderDeployments.Plan plan = plan(spec, v1, null, Map.of());
    assertThat(deployment(plan, 0).getSpec().getReplicas()).isEqualTo(5);
    assertThat(deployment(plan, 1).getSpec().getReplicas()).isEqualTo(9);
  }

  @Test
  void theClusterDefaultStrategyGetsOneNamePerProviderToo() {
    EcsClusterSpec cluster = new EcsClusterSpec();
    cluster.defaultCapacityProviderStrategy = Fixtures.strategy("FARGATE::1,FARGATE_SPOT::1");
    EcsServiceSpec spec = Fixtures.service(4, 100, 200);
    var strategy = CapacityProviders.strategy(spec, cluster);
    ProviderDeployments.Plan plan = ProviderDeployments.replica(Fixtures.base(spec, v1), strategy, cluster, Map.of());
    assertThat(plan.objects()).extracting(o -> o.workload().getMetadata().getName())
        .containsExactly("web-fargate", "web-fargate-spot");
  }

  @Test
  void oneProviderIsOneDeploymentNamedAfterTheServiceWithItsOwnBounds() {
    EcsServiceSpec spec = Fixtures.service(3, 50, 150);
    spec.launchType = "FARGATE";
    ProviderDeployments.Plan plan = plan(spec, v1, null, Map.of());
    Deployment d = deployment(plan, 0);
    assertThat(d.getMetadata().getName()).isEqualTo("web");
    assertThat(d.getMetadata().getAnnotations()).doesNotContainKey(SharedRollout.TEMPLATE_HASH_ANNOTATION);
    var alone = ServiceTranslator.translate(Fixtures.context(spec, v1, null,
        CapacityProviders.strategy(spec, null).get(0), 3));
    assertThat(Serialization.asJson(d)).isEqualTo(Serialization.asJson(alone.workload()));
  }

  @Test
  void aRolloutSharesOneBudgetAndHoldsWhatDoesNotFit() {
    // d=10, 90/110: one surge and one unavailable task for the whole service
    EcsServiceSpec spec = Fixtures.service(10, 90, 110);
    spec.capacityProviderStrategy = Fixtures.strategy("FARGATE:2:1,FARGATE_SPOT::3");
    Map<String, Deployment> running = running(plan(spec, v1, null, Map.of()));
    ProviderDeployments.Plan rollout = plan(spec, v2, null, running);
    assertThat(rolling(deployment(rollout, 0))).isEqualTo("1/0");
    assertThat(rolling(deployment(rollout, 1))).isEqualTo("0/1");
    assertThat(deployment(rollout, 0).getSpec().getPaused()).isNull();
    assertThat(deployment(rollout, 1).getSpec().getPaused()).isNull();

    // d=3, 100/134: one surge task; the second provider waits for the first
    EcsServiceSpec small = Fixtures.service(3, 100, 134);
    small.capacityProviderStrategy = Fixtures.strategy("FARGATE::1,FARGATE_SPOT::2");
    running = running(plan(small, v1, null, Map.of()));
    rollout = plan(small, v2, null, running);
    assertThat(deployment(rollout, 0).getSpec().getPaused()).isNull();
    assertThat(deployment(rollout, 1).getSpec().getPaused()).isTrue();
    assertThat(rollout.objects().get(1).bounds().maxSurge()).isZero();
    // once the first finished on the new template, the second is released with the unit
    Map<String, Deployment> next = running(rollout);
    next.get("web-fargate-spot").getStatus().setUpdatedReplicas(0);
    ProviderDeployments.Plan later = plan(small, v2, null, next);
    assertThat(deployment(later, 0).getSpec().getPaused()).isNull();
    assertThat(deployment(later, 1).getSpec().getPaused()).isNull();
    assertThat(rolling(deployment(later, 1))).isEqualTo("1/0");
  }

  @Test
  void stuckServicesPauseEveryDeployment() {
    EcsServiceSpec spec = Fixtures.service(2, 75, 100);
    spec.capacityProviderStrategy = Fixtures.strategy("FARGATE::1,FARGATE_SPOT::1");
    ProviderDeployments.Plan plan = plan(spec, v1, null, Map.of());
    assertThat(plan.stuck()).isTrue();
    assertThat(plan.objects()).allSatisfy(o -> assertThat(((Deployment) o.workload()).getSpec().getPaused()).isTrue());
  }

  @Test
  void providerDefinitionsOfTheClusterReachTheirPools() {
    EcsClusterSpec cluster = new EcsClusterSpec();
    CapacityProviderDefinition fargate = new CapacityProviderDefinition();
    fargate.name = "FARGATE";
    fargate.nodeSelector = Map.of("stevedore.dev/pool", "fargate");
    fargate.runtimeClassName = "kata";
    cluster.capacityProviderDefinitions = List.of(fargate);
    EcsServiceSpec spec = Fixtures.service(2, 100, 200);
    spec.capacityProviderStrategy = Fixtures.strategy("FARGATE::1,FARGATE_SPOT::1");
    ProviderDeployments.Plan plan = plan(spec, v1, cluster, Map.of());
    var pod = deployment(plan, 0).getSpec().getTemplate().getSpec();
    assertThat(pod.getNodeSelector()).isEqualTo(Map.of("stevedore.dev/pool", "fargate"));
    assertThat(pod.getTolerations()).isNull();
    assertThat(pod.getRuntimeClassName()).isEqualTo("kata");
  }

  @Test
  void theSamePlanTwiceIsByteEqual() {
    EcsServiceSpec spec = Fixtures.service(10, 100, 200);
    spec.capacityProviderStrategy = Fixtures.strategy("FARGATE:2:1,FARGATE_SPOT::3");
    assertThat(Serialization.asJson(plan(spec, v1, null, Map.of()).objects().stream().map(o -> o.workload()).toList()))
        .isEqualTo(Serialization.asJson(plan(spec, v1, null, Map.of()).objects().stream().map(o -> o.workload()).toList()));
  }

  private static ProviderDeployments.Plan plan(EcsServiceSpec spec, RegisteredTaskDefinition td, EcsClusterSpec cluster,
      Map<String, Deployment> running) {
    return ProviderDeployments.replica(Fixtures.base(spec, td), CapacityProviders.strategy(spec, cluster), cluster,
        running);
  }

  /** What runs after a plan was applied and rolled out completely. */
  private static Map<String, Deployment> running(ProviderDeployments.Plan plan) {
    Map<String, Deployment> running = new HashMap<>();
    for (ServiceTranslator.Objects o : plan.objects()) {
      Deployment d = Serialization.clone((Deployment) o.workload());
      d.getMetadata().setGeneration(1L);
      DeploymentStatus s = new DeploymentStatus();
      s.setObservedGeneration(1L);
      s.setReplicas(d.getSpec().getReplicas());
      s.setUpdatedReplicas(d.getSpec().getReplicas());
      s.setAvailableReplicas(d.getSpec().getReplicas());
      d.setStatus(s);
      running.put(d.getMetadata().getName(), d);
    }
    return running;
  }

  private static Deployment deployment(ProviderDeployments.Plan plan, int i) {
    return (Deployment) plan.objects().get(i).workload();
  }

  private static int surge(Deployment d) {
    return d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal();
  }

  private static String rolling(Deployment d) {
    var r = d.getSpec().getStrategy().getRollingUpdate();
    return r.getMaxSurge().getIntVal() + "/" + r.getMaxUnavailable().getIntVal();
  }
}
