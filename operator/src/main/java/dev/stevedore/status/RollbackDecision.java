package dev.stevedore.status;

import dev.stevedore.api.v1alpha1.DeploymentCircuitBreaker;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
import dev.stevedore.api.v1alpha1.ServiceRollback;
import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The deployment circuit breaker (ecs-semantics.md §5.4) as one pure decision, taken before anything is applied:
 * count the failed tasks of the deployment the spec asks for and, once they reach the threshold, either halt that
 * deployment (rollback off) or run the last completed deployment instead (rollback on).
 *
 * <p>Everything it remembers is in the service's status, so the decision is the same after an operator restart,
 * and the same when Argo CD or Flux apply the unchanged spec again:
 * <ul>
 *   <li>a rollback holds ({@code status.rollback}) while the spec names the deployment that failed, i.e. the same
 *       task definition revision and forceNewDeployment token; another revision or token clears it;</li>
 *   <li>a halted deployment is the PRIMARY with rolloutState FAILED, and stays so while the spec names it;</li>
 *   <li>failed tasks are counted per deployment as the larger of what status recorded and what the pods show now
 *       (pods are replaced and restart counts reset: the count never goes down), from when the deployment became
 *       PRIMARY until it completes or fails.</li>
 * </ul>
 */
public final class RollbackDecision {
  public static final String FAILED = "FAILED";
  /** rolloutStateReason of a deployment the breaker failed, when there is no rollback. */
  public static final String TASKS_FAILED_TO_START = "ECS deployment circuit breaker: tasks failed to start.";

  /** ECS's ServiceDeploymentCircuitBreaker status values. */
  public enum Breaker { DISABLED, MONITORING, MONITORING_COMPLETE, TRIGGERED }

  /** What the reconciler does with the deployment the spec asks for. */
  public enum Action {
    /** Run it. */
    NONE,
    /** Keep what runs and launch no more tasks: pause the Deployment, OnDelete for a DaemonSet. */
    HALT,
    /** Run {@link Decision#target()} instead. */
    ROLLBACK
  }

  /** What a rollback runs: a deployment's task definition and forceNewDeployment token, so its tasks are the same. */
  public record Target(String deploymentId, String taskDefinition, String restartedAt) {}

  /**
   * What the decision reads.
   *
   * @param serviceUid the EcsService's uid (deployment ids derive from it)
   * @param breaker the spec's deploymentCircuitBreaker, or null
   * @param desiredCount the desired count (eligible nodes for DAEMON): the threshold derives from it
   * @param taskDefinitionArn the revision the spec asks for
   * @param restartedAt the spec's forceNewDeployment token, or null
   * @param pods the service's pods
   * @param healthCheckGracePeriodSeconds the service's grace period
   * @param previous the service's status as read (null for a new service)
   * @param now the clock's time
   */
  public record Input(String serviceUid, DeploymentCircuitBreaker breaker, int desiredCount, String taskDefinitionArn,
                      String restartedAt, List<Pod> pods, int healthCheckGracePeriodSeconds, EcsServiceStatus previous,
                      Instant now) {}

  /**
   * The outcome.
   *
   * @param deploymentId the id of the deployment the spec asks for, or null when it did not resolve
   * @param breaker the breaker's state for that deployment
   * @param action what to do with it
   * @param failedTasks its failed tasks so far
   * @param threshold the failed tasks that trip the breaker
   * @param rollback the rollback to record in status (set with {@link Action#ROLLBACK}), or null
   * @param recheckAfter when to look again although nothing changes (a pod that stays unhealthy counts again)
   */
  public record Decision(String deploymentId, Breaker breaker, Action action, int failedTasks, int threshold,
                         ServiceRollback rollback, Optional<Duration> recheckAfter) {

    /** The deployment to run instead of the spec's. */
    public Optional<Target> target() {
      return action == Action.ROLLBACK && rollback != null
          ? Optional.of(new Target(rollback.deploymentId, rollback.taskDefinition, rollback.restartedAt))
          : Optional.empty();
    }

    /** The rollback target cannot be run (its revision is gone): keep what runs instead. */
    public Decision haltInstead() {
      return new Decision(deploymentId, breaker, Action.HALT, failedTasks, threshold, null, Optional.empty());
    }

    /** The reason a failed deployment shows. */
    public String failedReason() {
      return rollback != null ? rollback.reason : TASKS_FAILED_TO_START;
    }
  }

  private RollbackDecision() {}

  /** Nothing to decide (the spec's deployment does not resolve): any rollback in status stays as it is. */
  public static Decision unresolved(EcsServiceStatus previous) {
    ServiceRollback kept = previous == null ? null : previous.rollback;
    return new Decision(null, Breaker.DISABLED, Action.NONE, 0, 0, kept, Optional.empty());
  }

  /**
   * The spec's deployment has not started (a pre-deploy task holds or failed it): no task of it to count, and no
   * rollback to hold, since the spec names another deployment than any that failed before.
   */
  public static Decision notStarted(String deploymentId) {
    return new Decision(deploymentId, Breaker.DISABLED, Action.NONE, 0, 0, null, Optional.empty());
  }

  public static Decision decide(Input in) {
    if (in.taskDefinitionArn() == null) {
      return unresolved(in.previous());
    }
    EcsServiceStatus previous = in.previous() == null ? new EcsServiceStatus() : in.previous();
    String id = ServiceStatusCalculator.deploymentId(in.serviceUid(), in.taskDefinitionArn(), in.restartedAt());
    DeploymentCircuitBreaker config = in.breaker();
    boolean enabled = config != null && Boolean.TRUE.equals(config.enable);
    int threshold = TaskFailures.threshold(config == null ? null : config.thresholdConfiguration, in.desiredCount());
    ServiceDeployment primary = previous.deployments == null ? null : previous.deployments.stream()
        .filter(d -> ServiceStatusCalculator.PRIMARY.equals(d.status)).findFirst().orElse(null);
    boolean continuing = primary != null && id.equals(primary.id);
    int recorded = continuing && primary.failedTasks != null ? primary.failedTasks : 0;

    // A rollback holds while the spec names the deployment that failed, whatever else changes (as in ECS, where
    // only a change of what the tasks run starts a new deployment).
    ServiceRollback rollback = previous.rollback;
    if (rollback != null && id.equals(rollback.failedDeploymentId) && rollback.taskDefinition != null) {
      int failed = previous.deployments == null ? 0 : previous.deployments.stream()
          .filter(d -> id.equals(d.id) && d.failedTasks != null).mapToInt(d -> d.failedTasks).findFirst().orElse(0);
      return new Decision(id, Breaker.TRIGGERED, Action.ROLLBACK, failed, threshold, rollback, Optional.empty());
    }
    // A halted deployment stays halted; a completed one is no longer watched.
    if (continuing && FAILED.equals(primary.rolloutState)) {
      return new Decision(id, Breaker.TRIGGERED, Action.HALT, recorded, threshold, null, Optional.empty());
    }
    if (continuing && ServiceStatusCalculator.COMPLETED.equals(primary.rolloutState)) {
      return new Decision(id, enabled ? Breaker.MONITORING_COMPLETE : Breaker.DISABLED, Action.NONE, recorded,
          threshold, null, Optional.empty());
    }

    Duration grace = null;
    int observed = 0;
    Instant next = null;
    for (Pod pod : in.pods()) {
      if (pod.getMetadata().getDeletionTimestamp() != null || !runs(pod, in.taskDefinitionArn(), in.restartedAt())) {
        continue;
      }
      Duration healthyAfter = TaskFailures.healthyAfter(pod, in.healthCheckGracePeriodSeconds());
      observed += TaskFailures.of(pod, healthyAfter, in.now()).count();
      Instant change = TaskFailures.nextChange(pod, healthyAfter, in.now()).orElse(null);
      if (change != null && (next == null || change.isBefore(next))) {
        next = change;
      }
    }
    int failed = Math.max(recorded, observed);
    if (!enabled) {
      return new Decision(id, Breaker.DISABLED, Action.NONE, failed, threshold, null, Optional.empty());
    }
    if (failed < threshold) {
      Optional<Duration> recheck = next == null ? Optional.empty()
          : Optional.of(maxOf(Duration.between(in.now(), next), Duration.ofSeconds(1)));
      return new Decision(id, Breaker.MONITORING, Action.NONE, failed, threshold, null, recheck);
    }
    if (Boolean.TRUE.equals(config.rollback)) {
      Optional<ServiceDeployment> target = DeploymentHistory.lastCompleted(previous.deployments, id);
      if (target.isPresent()) {
        ServiceRollback r = new ServiceRollback();
        r.reason = rollingBackReason(target.get().id);
        r.startedAt = in.now().toString();
        r.failedDeploymentId = id;
        r.failedTaskDefinition = in.taskDefinitionArn();
        r.deploymentId = target.get().id;
        r.taskDefinition = target.get().taskDefinition;
        r.restartedAt = target.get().restartedAt;
        return new Decision(id, Breaker.TRIGGERED, Action.ROLLBACK, failed, threshold, r, Optional.empty());
      }
    }
    // No rollback, or nothing ever completed to go back to: the deployment fails and what runs keeps running.
    return new Decision(id, Breaker.TRIGGERED, Action.HALT, failed, threshold, null, Optional.empty());
  }

  /** rolloutStateReason of a deployment the breaker failed and rolled back. */
  public static String rollingBackReason(String deploymentId) {
    return "ECS deployment circuit breaker: rolling back to deploymentId " + deploymentId + ".";
  }

  /** The pod runs the deployment of this revision and forceNewDeployment token. */
  static boolean runs(Pod pod, String taskDefinitionArn, String restartedAt) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    return annotations != null && taskDefinitionArn.equals(annotations.get(Labels.TASK_DEFINITION_ANNOTATION))
        && Objects.equals(restartedAt, annotations.get(Labels.RESTARTED_AT_ANNOTATION));
  }

  private static Duration maxOf(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
