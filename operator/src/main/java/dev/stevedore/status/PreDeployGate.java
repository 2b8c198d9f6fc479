package dev.stevedore.status;

import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.PreDeployTask;
import dev.stevedore.api.v1alpha1.PreDeployTaskStatus;
import dev.stevedore.api.v1alpha1.TaskDescription;
import dev.stevedore.status.task.TaskOutcome;
import dev.stevedore.status.task.TaskState;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gate a pre-deploy task (a Stevedore extension, spec.preDeployTask) puts in front of a new deployment, as one
 * pure decision taken before anything is applied: hold the deployment while its task runs, open it when the task
 * succeeded, fail it when the task failed or ran out of time.
 *
 * <p>Its memory is {@code status.preDeployTask}, so the decision is the same after an operator restart, after the
 * task object is deleted, and when GitOps applies the unchanged spec again:
 * <ul>
 *   <li>a deployment whose task SUCCEEDED is open for good (its rollout, a circuit breaker's rollback of it, ...);</li>
 *   <li>a deployment whose task FAILED stays failed while the spec names it, like a deployment the circuit breaker
 *       failed: another revision or a forced new deployment gets a new task;</li>
 *   <li>a deployment the service already runs needs no task (adding spec.preDeployTask to a running service starts
 *       nothing), nor does a service without spec.preDeployTask.</li>
 * </ul>
 * An essential container that exits 0 is success; any other stop (a non-zero exit, a container that cannot start,
 * StopTask) is failure, as {@link TaskOutcome} decides. The timeout counts from when the gate started waiting.
 */
public final class PreDeployGate {
  /** The condition reason of a deployment whose pre-deploy task failed. */
  public static final String FAILED_REASON = "PreDeployTaskFailed";
  /** The condition reason while a deployment waits for its pre-deploy task. */
  public static final String RUNNING_REASON = "PreDeployTaskRunning";
  /** An EcsTask stalled for this reason can never start: the request itself is wrong, and an EcsTask is immutable. */
  private static final String INVALID_REQUEST = "InvalidParameterException";

  /** What the deployment the spec names may do. */
  public enum Gate {
    /** Roll out (no gate, or its task succeeded). */
    OPEN,
    /** Keep what runs and start nothing of the deployment: its task has not finished. */
    HOLD,
    /** Keep what runs and start nothing of the deployment: its task failed. */
    FAILED
  }

  /**
   * What the decision reads.
   *
   * @param config the spec's preDeployTask, or null
   * @param serviceName the ECS service name, for the events
   * @param deploymentId the deployment the spec names (ecs-svc/...), or null when its reference does not resolve
   * @param alreadyRunning the service's workloads already run that deployment
   * @param taskName the EcsTask that runs that deployment's task
   * @param task that EcsTask as the cache holds it, or null
   * @param previous the service's status as read (null for a new service)
   * @param now the clock's time
   */
  public record Input(PreDeployTask config, String serviceName, String deploymentId, boolean alreadyRunning,
                      String taskName, EcsTask task, EcsServiceStatus previous, Instant now) {}

  /**
   * The outcome.
   *
   * @param gate what the deployment may do
   * @param record what status.preDeployTask says now (null: nothing to say)
   * @param createTask the EcsTask is missing and must be written
   * @param stopTask the EcsTask still runs (or may still start) although the gate failed: stop it (StopTask)
   * @param events ECS-style service events this decision adds, oldest first
   * @param recheckAfter when to look again although nothing changes (the timeout)
   */
  public record Decision(Gate gate, PreDeployTaskStatus record, boolean createTask, boolean stopTask,
                         List<String> events, Optional<Duration> recheckAfter) {
    static Decision open(PreDeployTaskStatus record, List<String> events) {
      return new Decision(Gate.OPEN, record, false, false, events, Optional.empty());
    }

    /** The deployment {@code deploymentId} is gated: held or failed. */
    public boolean gates(String deploymentId) {
      return gate != Gate.OPEN && record != null && record.deploymentId.equals(deploymentId);
    }

    /** The rolloutStateReason of the gated deployment. */
    public String rolloutStateReason() {
      return gate == Gate.FAILED ? "Pre-deploy task " + record.ecsTask + " failed: " + record.reason
          : "ECS deployment " + record.deploymentId + " in progress: waiting for pre-deploy task " + record.ecsTask
              + (record.reason == null ? "." : " (" + record.reason + ").");
    }
  }

  private PreDeployGate() {}

  /** No deployment to gate (the spec's reference does not resolve): whatever status says stays. */
  public static Decision unresolved(EcsServiceStatus previous) {
    return Decision.open(previous == null ? null : previous.preDeployTask, List.of());
  }

  public static Decision decide(Input in) {
    PreDeployTaskStatus before = in.previous() == null ? null : in.previous().preDeployTask;
    if (in.deploymentId() == null) {
      return Decision.open(before, List.of());
    }
    boolean same = before != null && in.deploymentId().equals(before.deploymentId);
    if (same && PreDeployTaskStatus.FAILED.equals(before.state)) {
      return failed(before, in.task(), List.of());
    }
    if (in.config() == null) {
      return Decision.open(null, List.of());
    }
    if (same && PreDeployTaskStatus.SUCCEEDED.equals(before.state)) {
      return Decision.open(before, List.of());
    }
    if (in.alreadyRunning()) {
      return Decision.open(same ? before : null, List.of());
    }

    boolean waitingBefore = same && PreDeployTaskStatus.PENDING.equals(before.state);
    EcsTask task = in.task();
    Instant startedAt = waitingBefore && before.startedAt != null ? Instant.parse(before.startedAt)
        : task != null && task.getMetadata().getCreationTimestamp() != null
            ? Instant.parse(task.getMetadata().getCreationTimestamp()) : in.now();
    PreDeployTaskStatus record = new PreDeployTaskStatus();
    record.deploymentId = in.deploymentId();
    record.ecsTask = in.taskName();
    record.startedAt = startedAt.toString();
    Condition stall = task == null ? null : stalled(task);
    if (task != null) {
      TaskOutcome outcome = TaskOutcome.of(tasks(task), count(task));
      if (outcome.result() == TaskOutcome.Result.SUCCEEDED) {
        record.state = PreDeployTaskStatus.SUCCEEDED;
        record.reason = outcome.message();
        return Decision.open(record, List.of(ServiceEvents.preDeployTaskSucceeded(in.serviceName(), in.taskName(),
            in.deploymentId())));
      }
      if (outcome.result() == TaskOutcome.Result.FAILED) {
        return failedNow(in, record, outcome.message(), task);
      }
      if (stall != null && INVALID_REQUEST.equals(stall.getReason())) {
        return failedNow(in, record, "the task cannot start: " + stall.getReason() + ": " + stall.getMessage(), task);
      }
    }
    String stallNote = stall == null ? null : "the EcsTask is Stalled: " + stall.getReason() + ": " + stall.getMessage();
    Instant deadline = startedAt.plusSeconds(in.config().timeoutSecondsOrDefault());
    if (!in.now().isBefore(deadline)) {
      return failedNow(in, record, "it did not finish within " + in.config().timeoutSecondsOrDefault() + " seconds"
          + (stallNote == null ? "" : " (" + stallNote + ")"), task);
    }
    record.state = PreDeployTaskStatus.PENDING;
    record.reason = stallNote;
    List<String> events = waitingBefore ? List.of()
        : List.of(ServiceEvents.preDeployTaskRunning(in.serviceName(), in.taskName(), in.deploymentId()));
    Duration left = Duration.between(in.now(), deadline);
    return new Decision(Gate.HOLD, record, task == null, false, events,
        Optional.of(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left));
  }

  private static Decision failedNow(Input in, PreDeployTaskStatus record, String reason, EcsTask task) {
    record.state = PreDeployTaskStatus.FAILED;
    record.reason = reason;
    return failed(record, task, List.of(ServiceEvents.preDeployTaskFailed(in.serviceName(), in.deploymentId(),
        in.taskName(), reason)));
  }

  private static Decision failed(PreDeployTaskStatus record, EcsTask task, List<String> events) {
    return new Decision(Gate.FAILED, record, false, stillRuns(task), new ArrayList<>(events), Optional.empty());
  }

  /** A failed gate's task must not go on (a timed-out migration) nor start later (one that waited to start). */
  private static boolean stillRuns(EcsTask task) {
    if (task == null || EcsTaskSpec.STOPPED.equals(task.getSpec().desiredStatus)) {
      return false;
    }
    return task.getStatus() == null || !TaskState.STOPPED.name().equals(task.getStatus().lastStatus);
  }

  private static Condition stalled(EcsTask task) {
    if (task.getStatus() == null || task.getStatus().conditions == null) {
      return null;
    }
    return task.getStatus().conditions.stream()
        .filter(c -> Conditions.STALLED.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst().orElse(null);
  }

  private static List<TaskDescription> tasks(EcsTask task) {
    return task.getStatus() == null || task.getStatus().tasks == null ? List.of() : task.getStatus().tasks;
  }

  private static int count(EcsTask task) {
    return task.getSpec().count == null ? 1 : task.getSpec().count;
  }
}
