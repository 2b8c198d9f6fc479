package dev.stevedore.status.task;

import dev.stevedore.api.v1alpha1.TaskContainer;
import dev.stevedore.api.v1alpha1.TaskDescription;
import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One task in DescribeTasks' shape, from its pod and what was recorded about it before. Pure: the clock's time is
 * passed in and used only for a moment the pod does not record (a stop asked for, a pod that is gone); once
 * recorded, a time is kept, so a task that does not change describes the same way every time.
 *
 * <p>A stop's cause is decided once: the first cause seen is kept, whatever the pod does afterwards (the containers
 * a user's stop kills do not turn UserInitiated into EssentialContainerExited).
 */
public final class TaskDescriber {
  private static final String OOM = "OutOfMemoryError: Container killed due to memory usage";

  private TaskDescriber() {}

  /** The task id ECS would show: the pod's UID without dashes, 32 lower-case hex digits. */
  public static String taskId(Pod pod) {
    String uid = pod.getMetadata() == null ? null : pod.getMetadata().getUid();
    return uid == null ? null : uid.replace("-", "").toLowerCase(Locale.ROOT);
  }

  /**
   * @param pod the task's pod, or null when it is gone
   * @param previous what was recorded about the task, or null
   * @return the description, or null when there is neither a pod nor a record
   */
  public static TaskDescription describe(Pod pod, TaskDescription previous, TaskContext ctx, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    if (pod == null) {
      return previous == null ? null : gone(previous, ctx, time);
    }
    TaskDescription d = new TaskDescription();
    d.taskArn = ctx.taskArn(taskId(pod));
    d.clusterArn = ctx.clusterArn();
    d.taskDefinitionArn = Optional.ofNullable(TaskPods.annotation(pod, Labels.TASK_DEFINITION_ANNOTATION))
        .orElse(ctx.taskDefinitionArn());
    d.podName = pod.getMetadata().getName();
    d.startedBy = ctx.startedBy();
    d.group = ctx.group();
    d.launchType = ctx.launchType();
    d.capacityProviderName = TaskPods.label(pod, Labels.CAPACITY_PROVIDER);
    taskResources(pod, d);
    d.createdAt = pod.getMetadata().getCreationTimestamp();

    TaskState state = TaskLifecycle.lastStatus(pod);
    d.lastStatus = state.name();
    StopCause stop = stopCause(pod, previous, ctx, time);
    d.desiredStatus = stop == null ? "RUNNING" : "STOPPED";
    if (stop != null) {
      d.stopCode = stop.code().name();
      d.stoppedReason = stop.reason();
      d.stoppingAt = previous != null && previous.stoppingAt != null ? previous.stoppingAt
          : stop.at() != null ? stop.at() : time;
    }
    Set<String> essential = TaskPods.essentialContainers(pod);
    d.containers = containers(pod, essential, state);
    d.startedAt = previous != null && previous.startedAt != null ? previous.startedAt : firstStart(pod);
    if (state == TaskState.STOPPED) {
      d.stoppedAt = previous != null && previous.stoppedAt != null ? previous.stoppedAt
          : Optional.ofNullable(lastFinish(pod)).orElse(time);
    }
    d.healthStatus = health(pod, essential, state);
    return d;
  }

  private static StopCause stopCause(Pod pod, TaskDescription previous, TaskContext ctx, String time) {
    if (previous != null && previous.stopCode != null) {
      return new StopCause(StopCode.valueOf(previous.stopCode), previous.stoppedReason, previous.stoppingAt);
    }
    if (pod.getMetadata().getDeletionTimestamp() != null && !TaskPods.terminal(pod)) {
      return ctx.requestedStop() != null ? ctx.requestedStop() : ctx.onDeletion();
    }
    Optional<StopCause> own = StopCause.of(pod);
    if (own.isPresent()) {
      return own.get();
    }
    return ctx.requestedStop();
  }

  /** The pod is gone: the record becomes STOPPED, with what it knew. */
  private static TaskDescription gone(TaskDescription previous, TaskContext ctx, String time) {
    TaskDescription d = Serialization.clone(previous);
    if (TaskState.STOPPED.name().equals(d.lastStatus) && d.stopCode != null) {
      return d;
    }
    if (d.stopCode == null) {
      StopCause cause = ctx.requestedStop() != null ? ctx.requestedStop() : ctx.onDeletion();
      d.stopCode = cause.code().name();
      d.stoppedReason = cause.reason();
    }
    d.lastStatus = TaskState.STOPPED.name();
    d.desiredStatus = "STOPPED";
    d.healthStatus = "UNKNOWN";
    d.stoppingAt = d.stoppingAt != null ? d.stoppingAt : time;
    d.stoppedAt = d.stoppedAt != null ? d.stoppedAt : time;
    if (d.containers != null) {
      d.containers.forEach(c -> c.lastStatus = TaskState.STOPPED.name());
    }
    return d;
  }

  private static List<TaskContainer> containers(Pod pod, Set<String> essential, TaskState state) {
    List<TaskContainer> out = new ArrayList<>();
    for (Container c : TaskPods.allContainers(pod)) {
      TaskContainer t = new TaskContainer();
      t.name = TaskPods.ecsName(pod, c.getName());
      t.image = c.getImage();
      t.essential = essential.contains(c.getName());
      Optional<ContainerStatus> s = TaskPods.status(pod, c.getName());
      if (s.isPresent() && TaskPods.terminated(s.get())) {
        ContainerStateTerminated terminated = s.get().getState().getTerminated();
        t.lastStatus = "STOPPED";
        t.exitCode = terminated.getExitCode();
        t.reason = "OOMKilled".equals(terminated.getReason()) ? OOM : null;
      } else if (s.isPresent() && TaskPods.running(s.get())) {
        t.lastStatus = state == TaskState.STOPPED ? "STOPPED" : "RUNNING";
      } else {
        t.lastStatus = state == TaskState.STOPPED ? "STOPPED" : "PENDING";
        String waiting = s.map(TaskPods::waitingReason).orElse(null);
        if (waiting != null && dev.stevedore.status.TaskFailures.FAILED_TO_START.contains(waiting)) {
          t.reason = StopCause.containerStartError(waiting, s.get().getState().getWaiting().getMessage());
        }
      }
      out.add(t);
    }
    return out;
  }

  private static String health(Pod pod, Set<String> essential, TaskState state) {
    boolean checked = TaskPods.regularContainers(pod).stream()
        .anyMatch(c -> essential.contains(c.getName()) && c.getReadinessProbe() != null);
    if (state != TaskState.RUNNING || !checked) {
      return "UNKNOWN";
    }
    return TaskPods.conditionTrue(pod, "Ready") ? "HEALTHY" : "UNHEALTHY";
  }

  private static void taskResources(Pod pod, TaskDescription d) {
    if (pod.getSpec() == null || pod.getSpec().getResources() == null
        || pod.getSpec().getResources().getLimits() == null) {
      return;
    }
    Quantity cpu = pod.getSpec().getResources().getLimits().get("cpu");
    Quantity memory = pod.getSpec().getResources().getLimits().get("memory");
    if (cpu != null) {
      d.cpu = Long.toString(Math.round(Quantity.getAmountInBytes(cpu).doubleValue() * 1024));
    }
    if (memory != null) {
      d.memory = Long.toString(Math.round(Quantity.getAmountInBytes(memory).doubleValue() / (1024 * 1024)));
    }
  }

  private static String firstStart(Pod pod) {
    return TaskPods.allContainers(pod).stream()
        .map(c -> TaskPods.status(pod, c.getName()))
        .flatMap(Optional::stream)
        .map(s -> s.getState() == null ? null : s.getState().getRunning() != null
            ? s.getState().getRunning().getStartedAt()
            : s.getState().getTerminated() != null ? s.getState().getTerminated().getStartedAt() : null)
        .filter(Objects::nonNull)
        .min(String::compareTo).orElse(null);
  }

  private static String lastFinish(Pod pod) {
    return TaskPods.allContainers(pod).stream()
        .map(c -> TaskPods.status(pod, c.getName()))
        .flatMap(Optional::stream)
        .filter(TaskPods::terminated)
        .map(s -> s.getState().getTerminated().getFinishedAt())
        .filter(Objects::nonNull)
        .max(String::compareTo).orElse(null);
  }
}
