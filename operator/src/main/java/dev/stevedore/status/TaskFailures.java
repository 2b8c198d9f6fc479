package dev.stevedore.status;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How many ECS tasks a pod stands for that failed, as the deployment circuit breaker counts them
 * (ecs-semantics.md §5.4). Kubernetes restarts a crashed container in place where ECS would stop the task
 * and start another, so every restart of an essential container is one failed task.
 */
public final class TaskFailures {
  /** Waiting reasons of a container that never started: ECS's TaskFailedToStart. */
  static final Set<String> FAILED_TO_START = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
      "CreateContainerConfigError", "CreateContainerError", "RunContainerError");
  /** How long a pod may stay unschedulable before it counts as a task that failed to start. */
  public static final Duration UNSCHEDULABLE_BOUND = Duration.ofMinutes(5);

  /** Why a task failed, with ECS's stop code. */
  public enum Cause {
    TASK_FAILED_TO_START("TaskFailedToStart"),
    ESSENTIAL_CONTAINER_EXITED("EssentialContainerExited"),
    HEALTH_CHECK_FAILED("TaskFailedHealthChecks");

    public final String stopCode;

    Cause(String stopCode) {
      this.stopCode = stopCode;
    }
  }

  /**
   * The failures of one pod.
   *
   * @param count failed tasks the pod stands for
   * @param cause the latest cause, if any
   */
  public record Count(int count, Optional<Cause> cause) {
    static final Count NONE = new Count(0, Optional.empty());
  }

  private TaskFailures() {}

  /**
   * @param pod the pod of the deployment being rolled out
   * @param healthyAfter how long after it started a task must be Ready (health-check grace period plus
   *     the probes' start budget) before not being Ready counts as a failed health check
   * @param now the clock's time
   */
  public static Count of(Pod pod, Duration healthyAfter, Instant now) {
    if (pod.getStatus() == null) {
      return Count.NONE;
    }
    List<String> essential = essentialContainers(pod);
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses() == null ? List.of()
        : pod.getStatus().getContainerStatuses();
    int count = 0;
    Cause cause = null;
    for (ContainerStatus c : statuses) {
      if (!essential.isEmpty() && !essential.contains(c.getName())) {
        continue;
      }
      String waiting = c.getState() != null && c.getState().getWaiting() != null ? c.getState().getWaiting().getReason() : null;
      if (waiting != null && FAILED_TO_START.contains(waiting)) {
        count++;
        cause = Cause.TASK_FAILED_TO_START;
      }
      int restarts = c.getRestartCount() == null ? 0 : c.getRestartCount();
      boolean terminated = c.getState() != null && c.getState().getTerminated() != null;
      if (restarts > 0 || terminated) {
        count += restarts + (terminated ? 1 : 0);
        cause = Cause.ESSENTIAL_CONTAINER_EXITED;
      }
    }
    if ("Failed".equals(pod.getStatus().getPhase()) && count == 0) {
      count = 1;
      cause = Cause.ESSENTIAL_CONTAINER_EXITED;
    }
    if (count == 0 && unschedulableFor(pod, now).compareTo(UNSCHEDULABLE_BOUND) > 0) {
      return new Count(1, Optional.of(Cause.TASK_FAILED_TO_START));
    }
    if (count == 0 && runningButNotReadyFor(pod, now).compareTo(healthyAfter) > 0) {
      return new Count(1, Optional.of(Cause.HEALTH_CHECK_FAILED));
    }
    return new Count(count, Optional.ofNullable(cause));
  }

  /** ECS's threshold: clamp(ceil(desired / 2), 3, 200). */
  public static int threshold(int desiredCount) {
    return Math.min(200, Math.max(3, (desiredCount + 1) / 2));
  }

  private static List<String> essentialContainers(Pod pod) {
    String names = pod.getMetadata().getAnnotations() == null ? null
        : pod.getMetadata().getAnnotations().get(dev.stevedore.translate.Labels.ESSENTIAL_CONTAINERS_ANNOTATION);
    return names == null || names.isEmpty() ? List.of() : Arrays.asList(names.split(","));
  }

  private static Duration unschedulableFor(Pod pod, Instant now) {
    return condition(pod, "PodScheduled").filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
        .map(c -> since(c.getLastTransitionTime(), now)).orElse(Duration.ZERO);
  }

  private static Duration runningButNotReadyFor(Pod pod, Instant now) {
    if (!"Running".equals(pod.getStatus().getPhase()) || pod.getStatus().getStartTime() == null) {
      return Duration.ZERO;
    }
    boolean ready = condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    return ready ? Duration.ZERO : since(pod.getStatus().getStartTime(), now);
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    return pod.getStatus().getConditions() == null ? Optional.empty()
        : pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  private static Duration since(String timestamp, Instant now) {
    return timestamp == null ? Duration.ZERO : Duration.between(Instant.parse(timestamp), now);
  }
}
