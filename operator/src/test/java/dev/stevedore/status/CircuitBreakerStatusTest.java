package dev.stevedore.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.DeploymentCircuitBreaker;
import dev.stevedore.api.v1alpha1.DeploymentConfiguration;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.ServiceEvent;
import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A service at revision 1 (4 tasks, min 50 / max 200) rolled to a crash-looping revision 2, reconcile by reconcile:
 * the breaker trips at 3 failed tasks, the status tells the failure and the rollback in ECS's words, and once back
 * at revision 1 the status stays exactly the same, so the operator writes nothing.
 */
class CircuitBreakerStatusTest {
  static final String UID = "0b5f3c1e-0000-4000-8000-000000000001";
  static final String REV1 = "arn:aws:ecs:us-east-1:1:task-definition/web:1";
  static final String REV2 = "arn:aws:ecs:us-east-1:1:task-definition/web:2";
  static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  static final String ID1 = ServiceStatusCalculator.deploymentId(UID, REV1, null);
  static final String ID2 = ServiceStatusCalculator.deploymentId(UID, REV2, null);
  static final String SVC = "(service web)";

  @Test
  void withRollbackTheServiceGoesBackToRevisionOneAndStaysThere() {
    EcsService svc = service(true);
    EcsServiceStatus s0 = step(svc, REV1, T0, List.of(rs(REV1, 4, 4)), deployment(4, 4), List.of()).status();
    assertThat(s0.deployments).singleElement().satisfies(d -> assertThat(d.rolloutState).isEqualTo("COMPLETED"));

    // Revision 2: two tasks crashed once each, below the threshold of 3.
    svc.setStatus(s0);
    EcsServiceStatus s1 = step(svc, REV2, T0.plusSeconds(5), List.of(rs(REV1, 2, 2), rs(REV2, 4, 0)),
        deployment(0, 2), crashing(REV2, 1, 1, 0, 0)).status();
    assertThat(s1.deployments).extracting(d -> d.id + " " + d.status + " " + d.rolloutState + " " + d.failedTasks)
        .containsExactly(ID2 + " PRIMARY IN_PROGRESS 2", ID1 + " ACTIVE COMPLETED 0");
    assertThat(s1.rollback).isNull();

    // Four failed tasks: tripped. Revision 1 is what the service runs again.
    svc.setStatus(s1);
    ServiceStatusCalculator.Result r2 = step(svc, REV2, T0.plusSeconds(8), List.of(rs(REV1, 2, 2), rs(REV2, 4, 0)),
        deployment(0, 2), crashing(REV2, 1, 1, 1, 1));
    EcsServiceStatus s2 = r2.status();
    assertThat(s2.taskDefinition).isEqualTo(REV1);
    assertThat(s2.deployments).extracting(d -> d.id + " " + d.status + " " + d.rolloutState + " " + d.failedTasks)
        .containsExactly(ID1 + " PRIMARY IN_PROGRESS 0", ID2 + " ACTIVE FAILED 4");
    assertThat(s2.deployments.get(1).rolloutStateReason)
        .isEqualTo("ECS deployment circuit breaker: rolling back to deploymentId " + ID1 + ".");
    assertThat(s2.rollback.failedDeploymentId).isEqualTo(ID2);
    assertThat(s2.rollback.failedTaskDefinition).isEqualTo(REV2);
    assertThat(s2.rollback.deploymentId).isEqualTo(ID1);
    assertThat(s2.rollback.taskDefinition).isEqualTo(REV1);
    assertThat(messages(r2.newEvents())).containsExactly(
        SVC + " (deployment " + ID2 + ") deployment failed: tasks failed to start.",
        SVC + " rolling back to deployment " + ID1 + ".");
    assertThat(condition(s2, "Stable").getStatus()).isEqualTo("False");
    assertThat(condition(s2, "Stable").getReason()).isEqualTo("RolledBack");
    assertThat(condition(s2, "Stable").getMessage()).contains(REV2, REV1, ID2, ID1, "4 failed tasks");
    assertThat(condition(s2, "Stalled").getStatus()).isEqualTo("False");
    assertThat(condition(s2, "Reconciling").getStatus()).isEqualTo("True");

    // Kubernetes scales revision 1 back up and revision 2 down.
    svc.setStatus(s2);
    ServiceStatusCalculator.Result r3 = step(svc, REV2, T0.plusSeconds(12), List.of(rs(REV1, 4, 4), rs(REV2, 0, 0)),
        deployment(4, 4), List.of());
    EcsServiceStatus s3 = r3.status();
    assertThat(s3.deployments).extracting(d -> d.id + " " + d.status + " " + d.rolloutState + " " + d.failedTasks)
        .containsExactly(ID1 + " PRIMARY COMPLETED 0", ID2 + " INACTIVE FAILED 4");
    assertThat(messages(r3.newEvents())).contains(SVC + " has stopped 4 running tasks.",
        SVC + " (deployment " + ID1 + ") deployment completed.", SVC + " has reached a steady state.");
    assertThat(condition(s3, "Ready").getStatus()).as("running what it runs, steadily").isEqualTo("True");
    assertThat(condition(s3, "Stable").getStatus()).isEqualTo("False");
    assertThat(condition(s3, "Stable").getReason()).isEqualTo("RolledBack");
    assertThat(condition(s3, "Stalled").getStatus()).isEqualTo("False");
    assertThat(s3.rollback.startedAt).isEqualTo(s2.rollback.startedAt);
    assertThat(s3.runningCount).isEqualTo(4);

    // An hour of resyncs (and Argo CD applying the same spec): the very same status, nothing to write.
    svc.setStatus(s3);
    ServiceStatusCalculator.Result r4 = step(svc, REV2, T0.plusSeconds(3600), List.of(rs(REV1, 4, 4), rs(REV2, 0, 0)),
        deployment(4, 4), List.of());
    assertThat(r4.newEvents()).isEmpty();
    assertThat(Serialization.asJson(r4.status())).isEqualTo(Serialization.asJson(s3));
  }

  @Test
  void withoutRollbackTheDeploymentFailsAndWhatRunsKeepsRunning() {
    EcsService svc = service(false);
    svc.setStatus(step(svc, REV1, T0, List.of(rs(REV1, 4, 4)), deployment(4, 4), List.of()).status());
    ServiceStatusCalculator.Result tripped = step(svc, REV2, T0.plusSeconds(8), List.of(rs(REV1, 2, 2), rs(REV2, 4, 0)),
        deployment(0, 2), crashing(REV2, 1, 1, 1, 0));
    EcsServiceStatus s = tripped.status();
    assertThat(s.taskDefinition).isEqualTo(REV2);
    assertThat(s.deployments).extracting(d -> d.id + " " + d.status + " " + d.rolloutState + " " + d.failedTasks)
        .containsExactly(ID2 + " PRIMARY FAILED 3", ID1 + " ACTIVE COMPLETED 0");
    assertThat(s.deployments.get(0).rolloutStateReason).isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
    assertThat(s.rollback).isNull();
    assertThat(messages(tripped.newEvents()))
        .contains(SVC + " (deployment " + ID2 + ") deployment failed: tasks failed to start.")
        .noneMatch(m -> m.contains("rolling back"));
    assertThat(condition(s, "Stalled").getStatus()).isEqualTo("True");
    assertThat(condition(s, "Stalled").getReason()).isEqualTo("DeploymentFailed");
    assertThat(condition(s, "Ready").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition(s, "Stable").getStatus()).isEqualTo("False");
    assertThat(s.runningCount).as("revision 1's tasks still serve").isEqualTo(2);

    // The pods keep crash-looping: the count is frozen and nothing is written.
    svc.setStatus(s);
    ServiceStatusCalculator.Result later = step(svc, REV2, T0.plusSeconds(600), List.of(rs(REV1, 2, 2), rs(REV2, 4, 0)),
        deployment(0, 2), crashing(REV2, 90, 90, 90, 90));
    assertThat(later.newEvents()).isEmpty();
    assertThat(Serialization.asJson(later.status())).isEqualTo(Serialization.asJson(s));
  }

  @Test
  void withoutABreakerEcsSaysOnceThatTasksDoNotStartConsistently() {
    EcsService svc = service(true);
    svc.getSpec().deploymentConfiguration.deploymentCircuitBreaker = null;
    svc.setStatus(step(svc, REV1, T0, List.of(rs(REV1, 4, 4)), deployment(4, 4), List.of()).status());
    List<ReplicaSet> both = List.of(rs(REV1, 2, 2), rs(REV2, 4, 0));
    ServiceStatusCalculator.Result r1 = step(svc, REV2, T0.plusSeconds(5), both, deployment(0, 2), crashing(REV2, 1, 1));
    assertThat(messages(r1.newEvents())).noneMatch(m -> m.contains("unable to consistently start"));
    svc.setStatus(r1.status());
    ServiceStatusCalculator.Result r2 = step(svc, REV2, T0.plusSeconds(8), both, deployment(0, 2), crashing(REV2, 2, 2));
    assertThat(messages(r2.newEvents())).containsExactly(SVC + " is unable to consistently start tasks successfully.");
    assertThat(r2.status().deployments.get(0).rolloutState).isEqualTo("IN_PROGRESS");
    assertThat(r2.status().deployments.get(0).failedTasks).isEqualTo(4);
    svc.setStatus(r2.status());
    ServiceStatusCalculator.Result r3 = step(svc, REV2, T0.plusSeconds(11), both, deployment(0, 2), crashing(REV2, 3, 3));
    assertThat(messages(r3.newEvents())).isEmpty();
    assertThat(r3.status().deployments.get(0).failedTasks).isEqualTo(6);
  }

  @Test
  void aCleanRolloutListsOneDeploymentOnceItCompletes() {
    EcsService svc = service(true);
    svc.setStatus(step(svc, REV1, T0, List.of(rs(REV1, 4, 4)), deployment(4, 4), List.of()).status());
    EcsServiceStatus rolling = step(svc, REV2, T0.plusSeconds(5), List.of(rs(REV1, 0, 0), rs(REV2, 4, 2)),
        deployment(4, 2), List.of()).status();
    assertThat(rolling.deployments).extracting(d -> d.status + " " + d.rolloutState)
        .containsExactly("PRIMARY IN_PROGRESS", "INACTIVE COMPLETED");
    svc.setStatus(rolling);
    EcsServiceStatus done = step(svc, REV2, T0.plusSeconds(50), List.of(rs(REV1, 0, 0), rs(REV2, 4, 4)),
        deployment(4, 4), List.of()).status();
    assertThat(done.deployments).singleElement().satisfies(d -> {
      assertThat(d.taskDefinition).isEqualTo(REV2);
      assertThat(d.rolloutState).isEqualTo("COMPLETED");
      assertThat(d.failedTasks).isZero();
    });
    assertThat(condition(done, "Stable").getStatus()).isEqualTo("True");
  }

  // ---------------------------------------------------------------------------------------------------------

  /** One reconcile: the breaker decides about the spec's revision, then the status is computed from what runs. */
  static ServiceStatusCalculator.Result step(EcsService svc, String arn, Instant now, List<ReplicaSet> rs,
      Deployment deployment, List<Pod> pods) {
    RollbackDecision.Decision decision = RollbackDecision.decide(new RollbackDecision.Input(UID,
        svc.getSpec().deploymentConfiguration.deploymentCircuitBreaker, 4, arn, null, pods, 0, svc.getStatus(), now));
    String running = decision.target().map(RollbackDecision.Target::taskDefinition).orElse(arn);
    ServiceObservation o = new ServiceObservation(svc, "web", 4, running, null, List.of(deployment), List.of(), rs,
        pods, false, null, List.of(), "sel", decision);
    return ServiceStatusCalculator.compute(o, Clock.fixed(now, ZoneOffset.UTC));
  }

  static EcsService service(boolean rollback) {
    EcsService svc = new EcsService();
    svc.getMetadata().setName("web");
    svc.getMetadata().setNamespace("ns");
    svc.getMetadata().setUid(UID);
    svc.getMetadata().setGeneration(2L);
    svc.setSpec(new EcsServiceSpec());
    svc.getSpec().desiredCount = 4;
    svc.getSpec().deploymentConfiguration = new DeploymentConfiguration();
    svc.getSpec().deploymentConfiguration.minimumHealthyPercent = 50;
    svc.getSpec().deploymentConfiguration.maximumPercent = 200;
    DeploymentCircuitBreaker breaker = new DeploymentCircuitBreaker();
    breaker.enable = true;
    breaker.rollback = rollback;
    svc.getSpec().deploymentConfiguration.deploymentCircuitBreaker = breaker;
    return svc;
  }

  static Deployment deployment(int updated, int available) {
    boolean done = updated == 4 && available == 4;
    return new DeploymentBuilder().withNewMetadata().withName("web").withGeneration(5L).endMetadata()
        .withNewSpec().withReplicas(4).endSpec()
        .withNewStatus().withObservedGeneration(5L).withReplicas(done ? 4 : 6)
        .withUpdatedReplicas(updated).withAvailableReplicas(available).withReadyReplicas(available).endStatus()
        .build();
  }

  static ReplicaSet rs(String arn, int replicas, int ready) {
    return new ReplicaSetBuilder().withNewMetadata().withName("web-" + Math.abs(arn.hashCode()))
        .withCreationTimestamp(arn.equals(REV1) ? "2026-11-22T09:00:00Z" : "2026-11-22T10:00:01Z").endMetadata()
        .withNewSpec().withReplicas(replicas).withNewTemplate().withNewMetadata()
        .addToAnnotations(Labels.TASK_DEFINITION_ANNOTATION, arn).endMetadata().endTemplate().endSpec()
        .withNewStatus().withReplicas(replicas).withReadyReplicas(ready).withAvailableReplicas(ready).endStatus()
        .build();
  }

  /** Crash-looping pods of {@code arn}, each with its number of exits (the last one just now). */
  static List<Pod> crashing(String arn, int... exits) {
    List<Pod> pods = new ArrayList<>();
    IntStream.range(0, exits.length).forEach(i -> pods.add(new PodBuilder().withNewMetadata()
        .withName("web-2-" + i).withUid("00000000-0000-4000-8000-00000000000" + i)
        .withCreationTimestamp("2026-11-22T10:00:02Z")
        .addToAnnotations(Labels.TASK_DEFINITION_ANNOTATION, arn).endMetadata()
        .withNewSpec().addNewContainer().withName("web").endContainer().endSpec()
        .withNewStatus().withPhase("Running").withContainerStatuses(exits[i] == 0
            ? new ContainerStatusBuilder().withName("web").withRestartCount(0).withNewState().withNewRunning()
                .endRunning().endState().build()
            : new ContainerStatusBuilder().withName("web").withRestartCount(exits[i] - 1).withNewState()
                .withNewTerminated().withExitCode(1).endTerminated().endState().build()).endStatus().build()));
    return pods;
  }

  static Condition condition(EcsServiceStatus s, String type) {
    return s.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }

  static List<String> messages(List<ServiceEvent> events) {
    return events.stream().map(e -> e.message).toList();
  }
}
