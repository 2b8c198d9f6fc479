package dev.stevedore.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.ServiceEvent;
import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceStatusCalculatorTest {
  static final String REV1 = "arn:aws:ecs:us-east-1:1:task-definition/web:1";
  static final String REV2 = "arn:aws:ecs:us-east-1:1:task-definition/web:2";
  static final Clock T0 = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  static final Clock T1 = Clock.fixed(Instant.parse("2026-11-22T10:01:00Z"), ZoneOffset.UTC);

  @Test
  void aCompletedRolloutIsReadyStableAndSaysSoInEcsWords() {
    EcsService svc = service(null);
    var result = ServiceStatusCalculator.compute(observation(svc, REV1, List.of(rs(REV1, 3, 3)), deployment(3, 3)), T0);
    EcsServiceStatus s = result.status();
    assertThat(s.runningCount).isEqualTo(3);
    assertThat(s.pendingCount).isZero();
    assertThat(s.deployments).singleElement().satisfies(d -> {
      assertThat(d.status).isEqualTo("PRIMARY");
      assertThat(d.rolloutState).isEqualTo("COMPLETED");
      assertThat(d.id).matches("ecs-svc/\\d{19}");
      assertThat(d.rolloutStateReason).isEqualTo("ECS deployment " + d.id + " completed.");
    });
    assertThat(messages(s.events)).containsExactly(
        "(service web) has reached a steady state.",
        "(service web) (deployment " + s.deployments.get(0).id + ") deployment completed.",
        "(service web) has started 3 tasks.");
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Stable").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(s.observedGeneration).isEqualTo(2L);
  }

  @Test
  void sameObservationLaterWritesTheSameStatus() {
    EcsService svc = service(null);
    var first = ServiceStatusCalculator.compute(observation(svc, REV1, List.of(rs(REV1, 3, 3)), deployment(3, 3)), T0);
    EcsService again = service(first.status());
    var second = ServiceStatusCalculator.compute(observation(again, REV1, List.of(rs(REV1, 3, 3)), deployment(3, 3)), T1);
    assertThat(second.newEvents()).isEmpty();
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(second.status()))
        .isEqualTo(io.fabric8.kubernetes.client.utils.Serialization.asJson(first.status()));
  }

  @Test
  void duringARolloutTheOldRevisionIsActiveAndTheServiceReconciling() {
    EcsService svc = service(null);
    var result = ServiceStatusCalculator.compute(observation(svc, REV2, List.of(rs(REV1, 2, 2), rs(REV2, 2, 1)),
        deployment(3, 1)), T0);
    EcsServiceStatus s = result.status();
    assertThat(s.deployments).extracting(d -> d.status + " " + d.taskDefinition + " " + d.runningCount)
        .containsExactly("PRIMARY " + REV2 + " 1", "ACTIVE " + REV1 + " 2");
    assertThat(s.deployments.get(0).rolloutState).isEqualTo("IN_PROGRESS");
    assertThat(s.runningCount).isEqualTo(3);
    assertThat(s.pendingCount).isEqualTo(1);
    assertThat(condition(s, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
  }

  @Test
  void aStalledServiceKeepsWhatRunsAndNamesTheEcsException() {
    EcsService svc = service(null);
    var o = new ServiceObservation(svc, "web", 3, null, null, List.of(deployment(3, 3)), List.of(),
        List.of(rs(REV1, 3, 3)), List.of(), false, new ServiceObservation.Stall("ClusterNotFoundException",
            "Cluster not found."), List.of(), "sel");
    EcsServiceStatus s = ServiceStatusCalculator.compute(o, T0).status();
    assertThat(condition(s, "Stalled").getReason()).isEqualTo("ClusterNotFoundException");
    assertThat(condition(s, "Stalled").getMessage()).isEqualTo("Cluster not found.");
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(s.runningCount).isEqualTo(3);
  }

  @Test
  void stuckBoundsSayWhatEcsSays() {
    EcsService svc = service(null);
    var o = new ServiceObservation(svc, "web", 2, REV2, null, List.of(deployment(2, 2)), List.of(),
        List.of(rs(REV1, 2, 2)), List.of(), true, null, List.of(), "sel");
    EcsServiceStatus s = ServiceStatusCalculator.compute(o, T0).status();
    assertThat(messages(s.events)).contains("(service web) was unable to stop or start tasks during a deployment because"
        + " of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.");
    assertThat(condition(s, "Stalled").getReason()).isEqualTo("DeploymentConfigurationStuck");
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenTheStatusFlips() {
    EcsService svc = service(null);
    var first = ServiceStatusCalculator.compute(observation(svc, REV1, List.of(rs(REV1, 3, 3)), deployment(3, 3)), T0);
    var later = ServiceStatusCalculator.compute(observation(service(first.status()), REV1, List.of(rs(REV1, 3, 3)),
        deployment(3, 3)), T1);
    assertThat(condition(later.status(), "Ready").getLastTransitionTime())
        .isEqualTo(condition(first.status(), "Ready").getLastTransitionTime());
  }

  static ServiceObservation observation(EcsService svc, String arn, List<ReplicaSet> rs, Deployment d) {
    return new ServiceObservation(svc, "web", 3, arn, null, List.of(d), List.of(), rs, List.of(), false, null,
        List.of(), "sel");
  }

  static EcsService service(EcsServiceStatus status) {
    EcsService svc = new EcsService();
    svc.getMetadata().setName("web");
    svc.getMetadata().setNamespace("ns");
    svc.getMetadata().setUid("0b5f3c1e-0000-4000-8000-000000000001");
    svc.getMetadata().setGeneration(2L);
    svc.setSpec(new EcsServiceSpec());
    svc.setStatus(status);
    return svc;
  }

  static Deployment deployment(int updated, int available) {
    return new DeploymentBuilder().withNewMetadata().withName("web").withGeneration(5L).endMetadata()
        .withNewSpec().withReplicas(3).endSpec()
        .withNewStatus().withObservedGeneration(5L).withReplicas(updated == 3 && available == 3 ? 3 : 4)
        .withUpdatedReplicas(updated).withAvailableReplicas(available).withReadyReplicas(available).endStatus()
        .build();
  }

  static ReplicaSet rs(String arn, int replicas, int ready) {
    return new ReplicaSetBuilder().withNewMetadata().withName("web-" + arn.hashCode())
        .withCreationTimestamp("2026-11-22T09:00:00Z").endMetadata()
        .withNewSpec().withReplicas(replicas).withNewTemplate().withNewMetadata()
        .addToAnnotations(Labels.TASK_DEFINITION_ANNOTATION, arn).endMetadata().endTemplate().endSpec()
        .withNewStatus().withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(ready).endStatus()
        .build();
  }

  static Condition condition(EcsServiceStatus s, String type) {
    return s.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  static List<String> messages(List<ServiceEvent> events) {
    return events.stream().map(e -> e.message).toList();
  }
}
