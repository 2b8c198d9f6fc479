package dev.stevedore.e2e.harness;

import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What the tests read off a pod. */
public final class Pods {
  private Pods() {}

  /** The Ready condition is True. */
  public static boolean isReady(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Exists and is not on its way out: not being deleted, not Succeeded or Failed. */
  public static boolean isLive(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return pod.getMetadata().getDeletionTimestamp() == null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  /** The task definition revision the pod runs (its ecs.stevedore.dev/revision label), or null. */
  public static String revision(Pod pod) {
    return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(Labels.REVISION);
  }

  public static List<ContainerStatus> containerStatuses(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of() : pod.getStatus().getContainerStatuses();
  }

  public static int restartCount(Pod pod) {
    return containerStatuses(pod).stream().mapToInt(ContainerStatus::getRestartCount).sum();
  }

  public static Set<String> names(Collection<Pod> pods) {
    return pods.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Name, node, phase, readiness and containers, for failure messages. */
  public static String describe(Pod pod) {
    String where = pod.getMetadata().getName() + " on " + pod.getSpec().getNodeName();
    if (pod.getStatus() == null) {
      return where + ": no status";
    }
    String containers = containerStatuses(pod).stream()
        .map(status -> status.getName() + " restarts=" + status.getRestartCount() + " " + status.getState())
        .collect(Collectors.joining(", "));
    String state = where + ": " + pod.getStatus().getPhase() + ", ready=" + isReady(pod);
    return containers.isEmpty() ? state : state + ", " + containers;
  }
}
