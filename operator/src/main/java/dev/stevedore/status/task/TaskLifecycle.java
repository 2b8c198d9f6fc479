package dev.stevedore.status.task;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.Set;

/**
 * A task's lastStatus read from its pod. Pure: a function of the pod alone, so the same pod always gives the same
 * state (docs/tasks.md has the table).
 *
 * <ul>
 *   <li>no pod (it was deleted), or the pod Succeeded or Failed: STOPPED</li>
 *   <li>being deleted: DEACTIVATING while still Ready, STOPPING while a container runs, DEPROVISIONING once every
 *       container ended</li>
 *   <li>an essential container ended while others run: DEACTIVATING (Stevedore then stops the others)</li>
 *   <li>not yet bound to a node: PROVISIONING</li>
 *   <li>bound, containers not yet running (pulling, creating, init containers): PENDING</li>
 *   <li>running, but an essential container has not started (its startup probe has not passed): ACTIVATING</li>
 *   <li>every essential container running and started: RUNNING</li>
 * </ul>
 */
public final class TaskLifecycle {
  private TaskLifecycle() {}

  public static TaskState lastStatus(Pod pod) {
    if (pod == null || TaskPods.terminal(pod)) {
      return TaskState.STOPPED;
    }
    Set<String> essential = TaskPods.essentialContainers(pod);
    if (pod.getMetadata() != null && pod.getMetadata().getDeletionTimestamp() != null) {
      boolean anyRunning = TaskPods.regularContainers(pod).stream()
          .map(c -> TaskPods.status(pod, c.getName()))
          .anyMatch(s -> s.isEmpty() || !TaskPods.terminated(s.get()));
      if (!anyRunning) {
        return TaskState.DEPROVISIONING;
      }
      return TaskPods.conditionTrue(pod, "Ready") ? TaskState.DEACTIVATING : TaskState.STOPPING;
    }
    if (essentialExited(pod, essential).isPresent()) {
      return TaskState.DEACTIVATING;
    }
    boolean scheduled = (pod.getSpec() != null && pod.getSpec().getNodeName() != null)
        || TaskPods.conditionTrue(pod, "PodScheduled");
    if (!scheduled) {
      return TaskState.PROVISIONING;
    }
    if (!"Running".equals(TaskPods.phase(pod))) {
      return TaskState.PENDING;
    }
    for (String name : essential) {
      Optional<ContainerStatus> s = TaskPods.status(pod, name);
      if (s.isEmpty() || !TaskPods.running(s.get())) {
        return TaskState.PENDING;
      }
      if (Boolean.FALSE.equals(s.get().getStarted())) {
        return TaskState.ACTIVATING;
      }
    }
    return TaskState.RUNNING;
  }

  /** The first essential regular container that ended (by finish time, then name), if one did. */
  static Optional<ContainerStatus> essentialExited(Pod pod, Set<String> essential) {
    return TaskPods.regularContainers(pod).stream()
        .filter(c -> essential.contains(c.getName()))
        .map(c -> TaskPods.status(pod, c.getName()))
        .flatMap(Optional::stream)
        .filter(TaskPods::terminated)
        .min(java.util.Comparator.comparing((ContainerStatus s) -> String.valueOf(
                s.getState().getTerminated().getFinishedAt()))
            .thenComparing(ContainerStatus::getName));
  }
}
