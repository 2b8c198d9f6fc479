package dev.stevedore.status;

import dev.stevedore.translate.WorkloadTranslator;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.DeploymentCircuitBreaker;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
import dev.stevedore.api.v1alpha1.ServiceRollback;
import dev.stevedore.status.RollbackDecision.Action;
import dev.stevedore.status.RollbackDecision.Breaker;
import dev.stevedore.status.RollbackDecision.Decision;
import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The circuit breaker's decision: count, trip, halt or roll back, and hold that until the spec names another deployment. */
class RollbackDecisionTest {
  static final String UID = "0b5f3c1e-0000-4000-8000-000000000001";
  static final String REV1 = "arn:aws:ecs:us-east-1:1:task-definition/web:1";
  static final String REV2 = "arn:aws:ecs:us-east-1:1:task-definition/web:2";
  static final String REV3 = "arn:aws:ecs:us-east-1:1:task-definition/web:3";
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  static final String ID1 = ServiceStatusCalculator.deploymentId(UID, REV1, null);
  static final String ID2 = ServiceStatusCalculator.deploymentId(UID, REV2, null);

  @Test
  void belowTheThresholdTheDeploymentRunsAndIsWatched() {
    Decision d = decide(breaker(true, true), REV2, null, crashing(REV2, 1, 1), rolling());
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.breaker()).isEqualTo(Breaker.MONITORING);
    assertThat(d.failedTasks()).isEqualTo(2);
    assertThat(d.threshold()).isEqualTo(3);
    assertThat(d.deploymentId()).isEqualTo(ID2);
  }

  @Test
  void atTheThresholdWithRollbackTheLastCompletedDeploymentRunsInstead() {
    Decision d = decide(breaker(true, true), REV2, null, crashing(REV2, 1, 1, 1), rolling());
    assertThat(d.action()).isEqualTo(Action.ROLLBACK);
    assertThat(d.breaker()).isEqualTo(Breaker.TRIGGERED);
    assertThat(d.failedTasks()).isEqualTo(3);
    assertThat(d.target()).contains(new RollbackDecision.Target(ID1, REV1, "token-1"));
    ServiceRollback r = d.rollback();
    assertThat(r.failedDeploymentId).isEqualTo(ID2);
    assertThat(r.failedTaskDefinition).isEqualTo(REV2);
    assertThat(r.deploymentId).isEqualTo(ID1);
    assertThat(r.taskDefinition).isEqualTo(REV1);
    assertThat(r.startedAt).isEqualTo(NOW.toString());
    assertThat(r.reason).isEqualTo("ECS deployment circuit breaker: rolling back to deploymentId " + ID1 + ".");
    assertThat(d.failedReason()).isEqualTo(r.reason);
  }

  @Test
  void atTheThresholdWithoutRollbackTheDeploymentHalts() {
    Decision d = decide(breaker(true, false), REV2, null, crashing(REV2, 2, 2), rolling());
    assertThat(d.action()).isEqualTo(Action.HALT);
    assertThat(d.rollback()).isNull();
    assertThat(d.failedReason()).isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
  }

  @Test
  void withNothingCompletedToGoBackToARollbackHaltsInstead() {
    EcsServiceStatus first = status(primary(ID2, REV2, "IN_PROGRESS", 0));
    Decision d = decide(breaker(true, true), REV2, null, crashing(REV2, 3), first);
    assertThat(d.action()).isEqualTo(Action.HALT);
  }

  @Test
  void withoutABreakerFailuresAreCountedAndNothingElseHappens() {
    Decision d = decide(null, REV2, null, crashing(REV2, 5, 5), rolling());
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.breaker()).isEqualTo(Breaker.DISABLED);
    assertThat(d.failedTasks()).isEqualTo(10);
    assertThat(d.recheckAfter()).isEmpty();
    assertThat(decide(breaker(false, true), REV2, null, crashing(REV2, 5), rolling()).action()).isEqualTo(Action.NONE);
  }

  @Test
  void theCountNeverGoesDownWhilePodsAreReplaced() {
    EcsServiceStatus previous = rolling();
    previous.deployments.get(0).failedTasks = 2;
    Decision d = decide(breaker(true, true), REV2, null, crashing(REV2, 1), previous);
    assertThat(d.failedTasks()).as("max(recorded 2, observed 1)").isEqualTo(2);
    assertThat(d.action()).isEqualTo(Action.NONE);
  }

  @Test
  void theCountOfAnOldAttemptAtTheSameRevisionIsNotCarriedIntoANewOne() {
    // Revision 2 failed long ago, revision 3 completed, and now the spec names revision 2 again.
    String id3 = ServiceStatusCalculator.deploymentId(UID, REV3, null);
    ServiceDeployment old = primary(ID2, REV2, "FAILED", 9);
    old.status = "INACTIVE";
    EcsServiceStatus previous = status(primary(id3, REV3, "COMPLETED", 0), old);
    Decision d = decide(breaker(true, true), REV2, null, List.of(), previous);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.failedTasks()).isZero();
  }

  @Test
  void aRollbackHoldsWhileTheSpecNamesTheFailedDeploymentEvenWithNoPodsLeft() {
    Decision tripped = decide(breaker(true, true), REV2, null, crashing(REV2, 3), rolling());
    EcsServiceStatus after = status(primary(ID1, REV1, "COMPLETED", 0), failedInactive(ID2, REV2, 3));
    after.rollback = tripped.rollback();
    // Argo CD or Flux apply the same spec again, later: nothing moves.
    Decision again = decide(breaker(true, true), REV2, null, List.of(), after, NOW.plusSeconds(3600));
    assertThat(again.action()).isEqualTo(Action.ROLLBACK);
    assertThat(again.rollback()).isSameAs(after.rollback);
    assertThat(again.failedTasks()).isEqualTo(3);
    assertThat(again.recheckAfter()).isEmpty();
    // Disabling the breaker is no new deployment either (as in ECS): still rolled back.
    assertThat(decide(breaker(false, false), REV2, null, List.of(), after).action()).isEqualTo(Action.ROLLBACK);
  }

  @Test
  void aNewRevisionOrAForcedDeploymentClearsTheRollback() {
    EcsServiceStatus after = status(primary(ID1, REV1, "COMPLETED", 0), failedInactive(ID2, REV2, 3));
    after.rollback = decide(breaker(true, true), REV2, null, crashing(REV2, 3), rolling()).rollback();

    Decision revision3 = decide(breaker(true, true), REV3, null, List.of(), after);
    assertThat(revision3.action()).isEqualTo(Action.NONE);
    assertThat(revision3.rollback()).isNull();
    assertThat(revision3.failedTasks()).isZero();

    Decision forced = decide(breaker(true, true), REV2, "2026-11-22T13:00:00Z", List.of(), after);
    assertThat(forced.action()).isEqualTo(Action.NONE);
    assertThat(forced.rollback()).isNull();
    assertThat(forced.deploymentId()).isNotEqualTo(ID2);
  }

  @Test
  void aHaltedDeploymentStaysHaltedAndIsNotCountedAgain() {
    EcsServiceStatus halted = status(primary(ID2, REV2, "FAILED", 3), active(ID1, REV1, "COMPLETED"));
    Decision d = decide(breaker(true, false), REV2, null, crashing(REV2, 40, 40), halted);
    assertThat(d.action()).isEqualTo(Action.HALT);
    assertThat(d.failedTasks()).as("frozen when it failed").isEqualTo(3);
    // Turning rollback on afterwards does not roll back a deployment that already failed.
    assertThat(decide(breaker(true, true), REV2, null, List.of(), halted).action()).isEqualTo(Action.HALT);
  }

  @Test
  void aCompletedDeploymentIsNoLongerWatched() {
    EcsServiceStatus done = status(primary(ID2, REV2, "COMPLETED", 1));
    Decision d = decide(breaker(true, true), REV2, null, crashing(REV2, 9, 9, 9), done);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.breaker()).isEqualTo(Breaker.MONITORING_COMPLETE);
    assertThat(d.failedTasks()).isEqualTo(1);
  }

  @Test
  void onlyThePodsOfTheSpecsDeploymentCount() {
    List<Pod> pods = new ArrayList<>(crashing(REV1, 5, 5));
    pods.addAll(crashing(REV2, 1));
    Pod forced = crashing(REV2, 7).get(0);
    forced.getMetadata().getAnnotations().put(Labels.RESTARTED_AT_ANNOTATION, "2026-01-01T00:00:00Z");
    pods.add(forced);
    assertThat(decide(breaker(true, true), REV2, null, pods, rolling()).failedTasks()).isEqualTo(1);
  }

  @Test
  void aPodThatStaysUnhealthyIsLookedAtAgainWhenItWouldCountOnceMore() {
    Pod unhealthy = pod(REV2);
    unhealthy.getStatus().setPhase("Running");
    unhealthy.getStatus().setStartTime(NOW.minusSeconds(10).toString());
    Decision d = decide(breaker(true, true), REV2, null, List.of(unhealthy), rolling());
    // No readiness probe: ECS's 40 s, of which 10 have passed.
    assertThat(d.recheckAfter()).contains(Duration.ofSeconds(30));
  }

  @Test
  void theThresholdFollowsTheDesiredCountAndTheThresholdConfiguration() {
    DeploymentCircuitBreaker b = breaker(true, true);
    assertThat(decide(b, REV2, null, List.of(), rolling(), NOW, 25).threshold()).isEqualTo(13);
    b.thresholdConfiguration = new dev.stevedore.api.v1alpha1.ThresholdConfiguration();
    b.thresholdConfiguration.type = "COUNT";
    b.thresholdConfiguration.value = 1;
    Decision d = decide(b, REV2, null, crashing(REV2, 1), rolling(), NOW, 25);
    assertThat(d.threshold()).isEqualTo(1);
    assertThat(d.action()).isEqualTo(Action.ROLLBACK);
  }

  @Test
  void anUnresolvedSpecKeepsWhateverRollbackStatusRecords() {
    EcsServiceStatus after = status(primary(ID1, REV1, "COMPLETED", 0));
    after.rollback = new ServiceRollback();
    after.rollback.failedDeploymentId = ID2;
    Decision d = decide(breaker(true, true), null, null, List.of(), after);
    assertThat(d.action()).isEqualTo(Action.NONE);
    assertThat(d.rollback()).isSameAs(after.rollback);
    assertThat(d.deploymentId()).isNull();
  }

  @Test
  void haltingPausesADeploymentAndStopsADaemonSetFromReplacingPods() {
    Deployment deployment = new DeploymentBuilder().withNewSpec().withReplicas(4).withNewStrategy()
        .withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(4))
        .withMaxUnavailable(new IntOrString(2)).endRollingUpdate().endStrategy().endSpec().build();
    WorkloadTranslator.halt(deployment);
    assertThat(deployment.getSpec().getPaused()).isTrue();
    // A paused RollingUpdate Deployment would still fill replicas + maxSurge proportionally.
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate()).isNull();
    DaemonSet daemonSet = new DaemonSetBuilder().withNewSpec().withNewUpdateStrategy().withType("RollingUpdate")
        .withNewRollingUpdate().withMaxUnavailable(new IntOrString(6)).endRollingUpdate().endUpdateStrategy()
        .endSpec().build();
    WorkloadTranslator.halt(daemonSet);
    assertThat(daemonSet.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
    assertThat(daemonSet.getSpec().getUpdateStrategy().getRollingUpdate()).isNull();
  }

  // ---------------------------------------------------------------------------------------------------------

  static Decision decide(DeploymentCircuitBreaker breaker, String arn, String restartedAt, List<Pod> pods,
      EcsServiceStatus previous) {
    return decide(breaker, arn, restartedAt, pods, previous, NOW);
  }

  static Decision decide(DeploymentCircuitBreaker breaker, String arn, String restartedAt, List<Pod> pods,
      EcsServiceStatus previous, Instant now) {
    return decide(breaker, arn, restartedAt, pods, previous, now, 4);
  }

  static Decision decide(DeploymentCircuitBreaker breaker, String arn, String restartedAt, List<Pod> pods,
      EcsServiceStatus previous, Instant now, int desired) {
    return RollbackDecision.decide(new RollbackDecision.Input(UID, breaker, desired, arn, restartedAt, pods, 0,
        previous, now));
  }

  static DeploymentCircuitBreaker breaker(boolean enable, boolean rollback) {
    DeploymentCircuitBreaker b = new DeploymentCircuitBreaker();
    b.enable = enable;
    b.rollback = rollback;
    return b;
  }

  /** Revision 2 rolling out over revision 1, which completed with forceNewDeployment token "token-1". */
  static EcsServiceStatus rolling() {
    ServiceDeployment old = active(ID1, REV1, "COMPLETED");
    old.restartedAt = "token-1";
    return status(primary(ID2, REV2, "IN_PROGRESS", 0), old);
  }

  static EcsServiceStatus status(ServiceDeployment... deployments) {
    EcsServiceStatus s = new EcsServiceStatus();
    s.deployments = new ArrayList<>(List.of(deployments));
    return s;
  }

  static ServiceDeployment primary(String id, String arn, String rolloutState, int failedTasks) {
    ServiceDeployment d = new ServiceDeployment();
    d.id = id;
    d.status = "PRIMARY";
    d.taskDefinition = arn;
    d.rolloutState = rolloutState;
    d.failedTasks = failedTasks;
    return d;
  }

  static ServiceDeployment active(String id, String arn, String rolloutState) {
    ServiceDeployment d = primary(id, arn, rolloutState, 0);
    d.status = "ACTIVE";
    return d;
  }

  static ServiceDeployment failedInactive(String id, String arn, int failedTasks) {
    ServiceDeployment d = primary(id, arn, "FAILED", failedTasks);
    d.status = "INACTIVE";
    return d;
  }

  /** One pod of {@code arn} per restart count, crash-looping. */
  static List<Pod> crashing(String arn, int... restarts) {
    return IntStream.of(restarts).mapToObj(n -> {
      Pod p = pod(arn);
      p.getStatus().setPhase("Running");
      p.getStatus().setContainerStatuses(List.of(new io.fabric8.kubernetes.api.model.ContainerStatusBuilder()
          .withName("web").withRestartCount(n).withNewState().withNewWaiting().withReason("CrashLoopBackOff")
          .endWaiting().endState().build()));
      return p;
    }).toList();
  }

  static Pod pod(String arn) {
    return new PodBuilder().withNewMetadata().withName("web-" + Math.abs(arn.hashCode()))
        .addToAnnotations(Labels.TASK_DEFINITION_ANNOTATION, arn).endMetadata()
        .withNewSpec().addNewContainer().withName("web").endContainer().endSpec()
        .withNewStatus().withPhase("Pending").withConditions(new ArrayList<>()).endStatus().build();
  }
}
