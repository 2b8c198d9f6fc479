package dev.stevedore.status.task;

import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.EcsTaskStatus;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.TaskDescription;
import dev.stevedore.status.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An EcsTask's status in DescribeTasks' shape, and what must happen to its pods, from the pods and the previous
 * status. Pure: the same observation, previous status and clock give the same result, so a task that does not
 * change writes nothing.
 *
 * <p>Pods are stopped (deleted) when the request asks for STOPPED, and when a task stopped by itself while some
 * of its containers still run (an essential container exited: ECS stops the others). A stopped task's pod is kept
 * for the retention period after stoppedAt (ECS keeps stopped tasks describable about an hour), then cleaned up;
 * its description stays in the status.
 */
public final class EcsTaskStatusCalculator {
  public static final String REASON_RUNNING = "TasksRunning";
  public static final String REASON_STOPPED = "TasksStopped";
  public static final String REASON_SETTLED = "TasksSettled";
  public static final String REASON_STARTING = "TasksStarting";
  public static final String REASON_STOPPING = "TasksStopping";

  /** Why the request cannot run yet, with ECS's exception name as reason. */
  public record Stall(String reason, String message) {}

  /**
   * Everything observed.
   *
   * @param task the EcsTask, with its previous status
   * @param context the tasks' cluster, revision and request fields; its requestedStop is set from the spec here
   * @param stall why the tasks not started yet cannot start, or null
   * @param reports fields not honoured exactly
   * @param podNames the pod of each task, in launch order (count of them)
   * @param pods the live pods of the EcsTask, by name
   * @param retention how long a stopped task's pod is kept
   */
  public record Observation(EcsTask task, TaskContext context, Stall stall, List<FieldReport> reports,
                            List<String> podNames, Map<String, Pod> pods, Duration retention) {}

  /**
   * @param status the new status
   * @param podsToStop pods to delete because their task is to stop
   * @param podsToCleanUp pods of stopped tasks whose retention ended
   * @param newlyStopped tasks that reached STOPPED in this observation
   * @param recheckAt when something changes with nothing else happening (a retention ends)
   */
  public record Result(EcsTaskStatus status, List<String> podsToStop, List<String> podsToCleanUp,
                       List<TaskDescription> newlyStopped, Optional<Instant> recheckAt) {}

  private EcsTaskStatusCalculator() {}

  public static boolean stopRequested(EcsTask task) {
    return EcsTaskSpec.STOPPED.equals(task.getSpec().desiredStatus);
  }

  /** StopTask's reason, when the stop came through the ECS endpoint (or anyone who set the annotation). */
  private static String stopReason(EcsTask task) {
    var annotations = task.getMetadata() == null ? null : task.getMetadata().getAnnotations();
    String reason = annotations == null ? null : annotations.get(dev.stevedore.naming.Labels.STOP_REASON_ANNOTATION);
    return reason == null || reason.isBlank() ? null : reason;
  }

  public static Result compute(Observation o, Instant now) {
    EcsTask task = o.task();
    EcsTaskStatus previous = task.getStatus() == null ? new EcsTaskStatus() : task.getStatus();
    Map<String, TaskDescription> previousByPod = new LinkedHashMap<>();
    if (previous.tasks != null) {
      previous.tasks.forEach(t -> previousByPod.put(t.podName, t));
    }
    TaskContext ctx = o.context();
    if (stopRequested(task) && ctx.requestedStop() == null) {
      ctx = new TaskContext(ctx.region(), ctx.account(), ctx.clusterName(), ctx.taskDefinitionArn(),
          ctx.startedBy(), ctx.group(), ctx.launchType(), StopCause.requested(StopCode.UserInitiated, stopReason(task), null),
          ctx.onDeletion());
    }

    List<TaskDescription> tasks = new ArrayList<>();
    List<String> podsToStop = new ArrayList<>();
    List<String> podsToCleanUp = new ArrayList<>();
    List<TaskDescription> newlyStopped = new ArrayList<>();
    Instant recheck = null;
    for (String podName : o.podNames()) {
      Pod pod = o.pods().get(podName);
      TaskDescription before = previousByPod.get(podName);
      TaskDescription d = TaskDescriber.describe(pod, before, ctx, now);
      if (d == null) {
        continue;
      }
      tasks.add(d);
      boolean stopped = TaskState.STOPPED.name().equals(d.lastStatus);
      if (stopped && (before == null || !TaskState.STOPPED.name().equals(before.lastStatus))) {
        newlyStopped.add(d);
      }
      if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      if (!stopped && d.stopCode != null) {
        podsToStop.add(podName);
      } else if (stopped) {
        Instant cleanUp = Instant.parse(d.stoppedAt).plus(o.retention());
        if (!now.isBefore(cleanUp)) {
          podsToCleanUp.add(podName);
        } else if (recheck == null || cleanUp.isBefore(recheck)) {
          recheck = cleanUp;
        }
      }
    }

    EcsTaskStatus status = new EcsTaskStatus();
    long generation = task.getMetadata().getGeneration() == null ? 0 : task.getMetadata().getGeneration();
    status.observedGeneration = generation;
    status.taskDefinitionArn = tasks.isEmpty() ? (o.stall() == null ? ctx.taskDefinitionArn() : null)
        : tasks.get(0).taskDefinitionArn;
    status.tasks = tasks.isEmpty() ? null : tasks;
    status.fieldReports = o.reports() == null || o.reports().isEmpty() ? null : o.reports();
    int running = 0;
    int pending = 0;
    int stoppedCount = 0;
    TaskState least = null;
    for (TaskDescription d : tasks) {
      TaskState state = TaskState.valueOf(d.lastStatus);
      if (state == TaskState.RUNNING) {
        running++;
      } else if (state == TaskState.STOPPED) {
        stoppedCount++;
      } else if (state.pending()) {
        pending++;
      }
      least = least == null || state.compareTo(least) < 0 ? state : least;
    }
    status.runningCount = running;
    status.pendingCount = pending;
    status.stoppedCount = stoppedCount;
    status.lastStatus = least == null ? null : least.name();
    status.conditions = conditions(o, previous, tasks, generation, now);
    return new Result(status, podsToStop, podsToCleanUp, newlyStopped, Optional.ofNullable(recheck));
  }

  private static List<io.fabric8.kubernetes.api.model.Condition> conditions(Observation o, EcsTaskStatus previous,
      List<TaskDescription> tasks, long generation, Instant now) {
    Conditions c = new Conditions(previous.conditions, generation, now);
    Stall stall = o.stall();
    int expected = stopRequested(o.task()) ? tasks.size() : o.podNames().size();
    if (stall != null && tasks.size() < expected) {
      c.set(Conditions.READY, false, stall.reason(), stall.message());
      c.set(Conditions.RECONCILING, false, stall.reason(), stall.message());
      c.set(Conditions.STALLED, true, stall.reason(), stall.message());
      return c.build();
    }
    boolean allStarted = tasks.size() >= expected;
    boolean allRunning = allStarted && tasks.stream().allMatch(t -> TaskState.RUNNING.name().equals(t.lastStatus));
    boolean allStopped = allStarted && tasks.stream().allMatch(t -> TaskState.STOPPED.name().equals(t.lastStatus));
    boolean settled = allStarted && tasks.stream()
        .allMatch(t -> TaskState.RUNNING.name().equals(t.lastStatus) || TaskState.STOPPED.name().equals(t.lastStatus))
        && !(stopRequested(o.task()) && !allStopped);
    String reason;
    String message;
    if (settled) {
      reason = allStopped ? REASON_STOPPED : allRunning ? REASON_RUNNING : REASON_SETTLED;
      message = allStopped ? (tasks.isEmpty() ? "No task was run: desiredStatus is STOPPED." : "Every task stopped.")
          : allRunning ? "Every task is running." : "Every task is running or stopped.";
    } else {
      boolean stopping = stopRequested(o.task()) || tasks.stream().anyMatch(t -> t.stopCode != null);
      reason = stopping ? REASON_STOPPING : REASON_STARTING;
      message = tasks.stream().filter(t -> !TaskState.RUNNING.name().equals(t.lastStatus)
              && !TaskState.STOPPED.name().equals(t.lastStatus))
          .sorted(Comparator.comparing((TaskDescription t) -> t.podName))
          .map(t -> "(task " + shortId(t.taskArn) + ") " + t.lastStatus)
          .reduce((a, b) -> a + ", " + b)
          .orElse((expected - tasks.size()) + " of " + expected + " tasks not started yet");
    }
    c.set(Conditions.READY, settled, reason, message);
    c.set(Conditions.RECONCILING, !settled, reason, settled ? "" : message);
    c.set(Conditions.STALLED, false, "Reconciled", "");
    return c.build();
  }

  /** The task id at the end of a task ARN. */
  public static String shortId(String taskArn) {
    return taskArn == null ? "" : taskArn.substring(taskArn.lastIndexOf('/') + 1);
  }
}
