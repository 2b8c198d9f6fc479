package dev.stevedore.status;

import dev.stevedore.api.v1alpha1.ThresholdConfiguration;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How many ECS tasks a pod stands for that failed, as the deployment circuit breaker counts them
 * (ecs-semantics.md §5.4). Kubernetes restarts a crashed container in place where ECS would stop the task
 * and start another, so every restart of an essential container is one failed task; likewise a pod that keeps
 * failing to start, or stays unhealthy, counts once more each time ECS would have replaced its task.
 */
public final class TaskFailures {
  /** Waiting reasons of a container that never started: ECS's TaskFailedToStart. */
  public static final Set<String> FAILED_TO_START = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
      "CreateContainerConfigError", "CreateContainerError", "RunContainerError");
  /** How long a pod may stay unschedulable before it counts as a task that failed to start. */
  public static final Duration UNSCHEDULABLE_BOUND = Duration.ofMinutes(5);
  /** A pod whose container still cannot start counts as one more task that failed to start this often. */
  public static final Duration FAILED_TO_START_REPEAT = Duration.ofSeconds(30);
  /** ECS counts a task without a health check healthy this long after it starts. */
  static final long NO_HEALTH_CHECK_SECONDS = 40;

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
   *     the probes' start budget) before not being Ready counts as a failed health check; see
   *     {@link #healthyAfter(Pod, int)}
   * @param now the clock's time
   */
  public static Count of(Pod pod, Duration healthyAfter, Instant now) {
    return evaluate(pod, healthyAfter, now).count();
  }

  /**
   * When the count of {@code pod} goes up next with nothing else happening to it (a task that keeps failing to
   * start or to become healthy is one more failure each time ECS would have replaced it), or empty when only a
   * change of the pod can change it.
   */
  public static Optional<Instant> nextChange(Pod pod, Duration healthyAfter, Instant now) {
    return Optional.ofNullable(evaluate(pod, healthyAfter, now).next());
  }

  /**
   * How long a started task may stay not Ready before it counts as a task that failed its health checks: the
   * service's healthCheckGracePeriodSeconds plus what the essential containers' probes need to pass (startup
   * probe, then readiness: initialDelaySeconds + periodSeconds x failureThreshold). A container without a
   * readiness probe is ready once it runs; ECS counts such a task healthy 40 s after it starts, so it gets 40 s.
   */
  public static Duration healthyAfter(Pod pod, int gracePeriodSeconds) {
    List<String> essential = essentialContainers(pod);
    long budget = -1;
    List<Container> containers = pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of()
        : pod.getSpec().getContainers();
    for (Container c : containers) {
      if (!essential.isEmpty() && !essential.contains(c.getName())) {
        continue;
      }
      long seconds = probeBudget(c.getStartupProbe())
          + (c.getReadinessProbe() == null ? NO_HEALTH_CHECK_SECONDS : probeBudget(c.getReadinessProbe()));
      budget = Math.max(budget, seconds);
    }
    // No essential container to read the probes of: ECS's rule for a task without a health check.
    long seconds = Math.max(0, gracePeriodSeconds) + (budget < 0 ? NO_HEALTH_CHECK_SECONDS : budget);
    return Duration.ofSeconds(Math.max(1, seconds));
  }

  private record Evaluation(Count count, Instant next) {}

  private static Evaluation evaluate(Pod pod, Duration healthyAfter, Instant now) {
    if (pod.getStatus() == null) {
      return new Evaluation(Count.NONE, null);
    }
    List<String> essential = essentialContainers(pod);
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses() == null ? List.of()
        : pod.getStatus().getContainerStatuses();
    boolean failedToStart = false;
    int exits = 0;
    for (ContainerStatus c : statuses) {
      if (!essential.isEmpty() && !essential.contains(c.getName())) {
        continue;
      }
      String waiting = c.getState() != null && c.getState().getWaiting() != null ? c.getState().getWaiting().getReason() : null;
      if (waiting != null && FAILED_TO_START.contains(waiting)) {
        failedToStart = true;
      }
      // The task ends when its first essential container exits: one failed task per exit, not per container.
      int restarts = c.getRestartCount() == null ? 0 : c.getRestartCount();
      boolean terminated = c.getState() != null && c.getState().getTerminated() != null;
      exits = Math.max(exits, restarts + (terminated ? 1 : 0));
    }
    int count = exits;
    Cause cause = exits > 0 ? Cause.ESSENTIAL_CONTAINER_EXITED : null;
    Instant next = null;
    if (failedToStart) {
      // ECS stops a task that cannot start and launches another; Kubernetes keeps the pod and retries in place.
      Instant since = started(pod);
      long repeats = since == null ? 0 : Math.max(0, Duration.between(since, now).dividedBy(FAILED_TO_START_REPEAT));
      int startFailures = (int) Math.min(Integer.MAX_VALUE, 1 + repeats);
      if (startFailures >= count) {
        count = startFailures;
        cause = Cause.TASK_FAILED_TO_START;
      }
      next = since == null ? null : since.plus(FAILED_TO_START_REPEAT.multipliedBy(repeats + 1));
    }
    if (count == 0 && "Failed".equals(pod.getStatus().getPhase())) {
      count = 1;
      cause = Cause.ESSENTIAL_CONTAINER_EXITED;
    }
    if (count == 0) {
      Optional<Instant> unschedulableSince = unschedulableSince(pod);
      if (unschedulableSince.isPresent()) {
        Instant counts = unschedulableSince.get().plus(UNSCHEDULABLE_BOUND);
        if (now.isAfter(counts)) {
          return new Evaluation(new Count(1, Optional.of(Cause.TASK_FAILED_TO_START)), null);
        }
        return new Evaluation(Count.NONE, counts.plusSeconds(1));
      }
    }
    Instant notReadySince = notReadySince(pod);
    if (notReadySince != null && !healthyAfter.isZero() && !healthyAfter.isNegative()) {
      long periods = Math.max(0, Duration.between(notReadySince, now).dividedBy(healthyAfter));
      // A task that stays unhealthy is replaced by ECS once per grace-and-checks period: one failure each time.
      if (periods > count) {
        count = (int) Math.min(Integer.MAX_VALUE, periods);
        cause = Cause.HEALTH_CHECK_FAILED;
      }
      Instant healthNext = notReadySince.plus(healthyAfter.multipliedBy(periods + 1));
      next = next == null || healthNext.isBefore(next) ? healthNext : next;
    }
    return new Evaluation(count == 0 ? Count.NONE : new Count(count, Optional.ofNullable(cause)), next);
  }

  /** ECS's threshold: clamp(ceil(desired / 2), 3, 200). */
  public static int threshold(int desiredCount) {
    return Math.min(200, Math.max(3, (desiredCount + 1) / 2));
  }

  /**
   * ECS's threshold with a ThresholdConfiguration: COUNT is the value itself; BOUNDED_PERCENT (the default, value
   * 50) is ceil(value% of the desired count) clamped to 3..200; UNBOUNDED_PERCENT is the same without the clamp.
   * A threshold is at least 1: a deployment with no failed task never fails.
   */
  public static int threshold(ThresholdConfiguration configuration, int desiredCount) {
    if (configuration == null || configuration.type == null || configuration.value == null) {
      return threshold(desiredCount);
    }
    long value = Math.max(0, configuration.value);
    long percent = (value * Math.max(0, desiredCount) + 99) / 100;
    long threshold = switch (configuration.type) {
      case "COUNT" -> value;
      case "UNBOUNDED_PERCENT" -> percent;
      default -> Math.min(200, Math.max(3, percent));
    };
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, threshold));
  }

  private static List<String> essentialContainers(Pod pod) {
    String names = pod.getMetadata().getAnnotations() == null ? null
        : pod.getMetadata().getAnnotations().get(dev.stevedore.naming.Labels.ESSENTIAL_CONTAINERS_ANNOTATION);
    return names == null || names.isEmpty() ? List.of() : Arrays.asList(names.split(","));
  }

  private static Optional<Instant> unschedulableSince(Pod pod) {
    return condition(pod, "PodScheduled").filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
        .map(c -> c.getLastTransitionTime() == null ? null : Instant.parse(c.getLastTransitionTime()));
  }

  /** Since when a running pod has not been Ready: its start, or the Ready condition's last flip if later. */
  private static Instant notReadySince(Pod pod) {
    if (!"Running".equals(pod.getStatus().getPhase()) || pod.getStatus().getStartTime() == null) {
      return null;
    }
    Optional<PodCondition> ready = condition(pod, "Ready");
    if (ready.map(c -> "True".equals(c.getStatus())).orElse(false)) {
      return null;
    }
    Instant since = Instant.parse(pod.getStatus().getStartTime());
    Instant flipped = ready.map(PodCondition::getLastTransitionTime).map(Instant::parse).orElse(null);
    return flipped != null && flipped.isAfter(since) ? flipped : since;
  }

  /** When the pod started (the kubelet took it), else when it was created. */
  private static Instant started(Pod pod) {
    String t = pod.getStatus().getStartTime() != null ? pod.getStatus().getStartTime()
        : pod.getMetadata() == null ? null : pod.getMetadata().getCreationTimestamp();
    return t == null ? null : Instant.parse(t);
  }

  private static long probeBudget(Probe probe) {
    if (probe == null) {
      return 0;
    }
    long delay = probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
    long period = probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
    long threshold = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
    return delay + period * threshold;
  }

  private static Optional<PodCondition> condition(Pod pod, String type) {
    return pod.getStatus().getConditions() == null ? Optional.empty()
        : pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }
}
