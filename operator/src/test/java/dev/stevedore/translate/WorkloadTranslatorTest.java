package dev.stevedore.translate;

import dev.stevedore.naming.Labels;
import dev.stevedore.testing.TestNodes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.DeploymentConfiguration;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.HealthCheck;
import dev.stevedore.api.v1alpha1.PlacementConstraint;
import dev.stevedore.api.v1alpha1.PlacementStrategy;
import dev.stevedore.api.v1alpha1.Tag;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTranslatorTest {

  @Test
  void replicaServiceRollsWithIntegerBounds() {
    Deployment d = WorkloadTranslator.deployment(context(service(4, 50, 200), 4)).deployment();
    assertThat(d.getSpec().getReplicas()).isEqualTo(4);
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(4);
    assertThat(d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(2);
    assertThat(d.getSpec().getPaused()).isNull();
  }

  @Test
  void stuckBoundsPauseTheDeploymentInsteadOfWritingZeroZero() {
    var result = WorkloadTranslator.deployment(context(service(2, 75, 100), 2));
    assertThat(result.bounds().stuck()).isTrue();
    var rolling = result.deployment().getSpec().getStrategy().getRollingUpdate();
    assertThat(rolling.getMaxSurge().getIntVal() + rolling.getMaxUnavailable().getIntVal()).isPositive();
    assertThat(result.deployment().getSpec().getPaused()).isTrue();
  }

  @Test
  void fortySecondsCountAsHealthyWithoutHealthChecksOrLoadBalancers() {
    assertThat(WorkloadTranslator.deployment(context(service(1, 100, 200), 1)).deployment().getSpec()
        .getMinReadySeconds()).isEqualTo(40);
    ServiceContext withCheck = context(service(1, 100, 200), 1);
    HealthCheck check = new HealthCheck();
    check.command = List.of("CMD", "true");
    withCheck.taskDefinition().spec().containerDefinitions.get(0).healthCheck = check;
    assertThat(WorkloadTranslator.deployment(withCheck).deployment().getSpec().getMinReadySeconds()).isZero();
  }

  @Test
  void daemonServiceUsesTheNodeCountAndNoSurge() {
    EcsServiceSpec spec = service(null, 50, 100);
    spec.schedulingStrategy = "DAEMON";
    DaemonSet ds = WorkloadTranslator.daemonSet(context(spec, 0)).daemonSet();
    assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isZero();
    assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(3);
    spec.deploymentConfiguration.minimumHealthyPercent = 100;
    assertThat(WorkloadTranslator.daemonSet(context(spec, 0)).daemonSet().getSpec().getUpdateStrategy().getType())
        .isEqualTo("OnDelete");
  }

  @Test
  void placementAndTags() {
    EcsServiceSpec spec = service(3, 100, 200);
    PlacementConstraint distinct = new PlacementConstraint();
    distinct.type = "distinctInstance";
    spec.placementConstraints = List.of(distinct);
    PlacementStrategy spread = new PlacementStrategy();
    spread.type = "spread";
    spread.field = "attribute:ecs.availability-zone";
    spec.placementStrategy = List.of(spread);
    spec.propagateTags = "SERVICE";
    spec.tags = List.of(new Tag("Team", "payments"), new Tag("aws:cloudformation:stack-name", "prod stack"));
    var pod = WorkloadTranslator.deployment(context(spec, 3)).deployment().getSpec().getTemplate();
    assertThat(pod.getSpec().getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
        .singleElement().satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
    assertThat(pod.getSpec().getTopologySpreadConstraints()).singleElement()
        .satisfies(t -> assertThat(t.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));
    assertThat(pod.getMetadata().getLabels()).containsEntry(Labels.TAG_PREFIX + "team", "payments");
    assertThat(pod.getMetadata().getLabels().keySet()).anyMatch(k -> k.startsWith(Labels.TAG_PREFIX + "aws-cloudformation"));
    assertThat(pod.getMetadata().getAnnotations().get(Labels.TAGS_ANNOTATION)).contains("\"Team\":\"payments\"");
  }

  @Test
  void forceNewDeploymentChangesOnlyAnAnnotation() {
    ServiceContext plain = context(service(2, 100, 200), 2);
    ServiceContext forced = new ServiceContext(plain.name(), plain.namespace(), plain.clusterName(), plain.spec(),
        plain.taskDefinition(), null, 2, List.of(), TaskRoleBinding.IRSA, "1", "2026-11-22T10:00:00Z");
    var a = WorkloadTranslator.deployment(plain).deployment().getSpec().getTemplate();
    var b = WorkloadTranslator.deployment(forced).deployment().getSpec().getTemplate();
    assertThat(b.getMetadata().getAnnotations()).containsEntry(Labels.RESTARTED_AT_ANNOTATION, "2026-11-22T10:00:00Z");
    assertThat(b.getSpec()).isEqualTo(a.getSpec());
  }

  static EcsServiceSpec service(Integer desired, int min, int max) {
    EcsServiceSpec spec = new EcsServiceSpec();
    spec.taskDefinition = "fam";
    spec.desiredCount = desired;
    spec.deploymentConfiguration = new DeploymentConfiguration();
    spec.deploymentConfiguration.minimumHealthyPercent = min;
    spec.deploymentConfiguration.maximumPercent = max;
    return spec;
  }

  static ServiceContext context(EcsServiceSpec spec, int desired) {
    var td = PodTemplateTranslatorTest.revision(PodTemplateTranslatorTest.spec(PodTemplateTranslatorTest.container("app")));
    return new ServiceContext("svc", "ns", "default", spec, td, null, desired, TestNodes.ready(6), TaskRoleBinding.IRSA, "1", null);
  }
}
