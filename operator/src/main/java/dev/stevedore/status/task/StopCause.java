package dev.stevedore.status.task;

import dev.stevedore.status.TaskFailures;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.Set;

/**
 * Why a task stopped by itself, read from its pod: a container that cannot start (TaskFailedToStart), an essential
 * container that exited (EssentialContainerExited), or a node that evicted the pod (TerminationNotice). A stop that
 * someone asked for (StopTask, a deleted pod, a service scaling in) is the caller's to know. Pure.
 *
 * @param code the stop code
 * @param reason the stoppedReason
 * @param at when it happened (RFC 3339), or null when the pod does not say
 */
public record StopCause(StopCode code, String reason, String at) {
  private static final Set<String> PULL_ERRORS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName");

  public static StopCause requested(StopCode code, String reason, String at) {
    return new StopCause(code, reason == null ? code.reason : reason, at);
  }

  /** The pod's own reason to stop, if it has one. */
  public static Optional<StopCause> of(Pod pod) {
    if (pod == null || pod.getStatus() == null) {
      return Optional.empty();
    }
    for (var c : TaskPods.allContainers(pod)) {
      Optional<ContainerStatus> s = TaskPods.status(pod, c.getName());
      String waiting = s.map(TaskPods::waitingReason).orElse(null);
      if (waiting != null && TaskFailures.FAILED_TO_START.contains(waiting)) {
        return Optional.of(new StopCause(StopCode.TaskFailedToStart, containerStartError(waiting,
            s.get().getState().getWaiting().getMessage()), null));
      }
    }
    Set<String> essential = TaskPods.essentialContainers(pod);
    Optional<ContainerStatus> exited = TaskLifecycle.essentialExited(pod, essential);
    if (exited.isPresent()) {
      return Optional.of(new StopCause(StopCode.EssentialContainerExited, StopCode.EssentialContainerExited.reason,
          exited.get().getState().getTerminated().getFinishedAt()));
    }
    if ("Failed".equals(TaskPods.phase(pod))) {
      String reason = pod.getStatus().getReason();
      boolean evicted = "Evicted".equals(reason) || TaskPods.conditionTrue(pod, "DisruptionTarget");
      String message = pod.getStatus().getMessage();
      if (evicted) {
        return Optional.of(new StopCause(StopCode.TerminationNotice,
            message == null ? StopCode.TerminationNotice.reason : message, null));
      }
      // Failed before any essential container ran: an init (dependsOn SUCCESS/COMPLETE) container failed.
      return Optional.of(new StopCause(StopCode.TaskFailedToStart,
          message == null ? "Task failed to start: a container it depends on did not succeed" : message, null));
    }
    if ("Succeeded".equals(TaskPods.phase(pod))) {
      return Optional.of(new StopCause(StopCode.EssentialContainerExited, StopCode.EssentialContainerExited.reason,
          null));
    }
    return Optional.empty();
  }

  /** ECS's words for a container that cannot start. */
  static String containerStartError(String waitingReason, String message) {
    String prefix = PULL_ERRORS.contains(waitingReason) ? "CannotPullContainerError" : "ResourceInitializationError";
    return prefix + ": " + (message == null || message.isBlank() ? waitingReason : message);
  }
}
