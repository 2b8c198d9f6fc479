package dev.stevedore.status.task;

import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What a task's pod says about its containers, read the way the translation wrote it. Pure. */
final class TaskPods {
  private TaskPods() {}

  /** Kubernetes names of the essential containers; every regular container when the pod does not say. */
  static Set<String> essentialContainers(Pod pod) {
    String names = annotation(pod, Labels.ESSENTIAL_CONTAINERS_ANNOTATION);
    if (names != null && !names.isEmpty()) {
      return new TreeSet<>(Arrays.asList(names.split(",")));
    }
    Set<String> all = new TreeSet<>();
    regularContainers(pod).forEach(c -> all.add(c.getName()));
    return all;
  }

  /** The ECS name of a container (the translation keeps renamed ones in an annotation). */
  static String ecsName(Pod pod, String kubernetesName) {
    String json = annotation(pod, Labels.CONTAINER_NAMES_ANNOTATION);
    if (json == null) {
      return kubernetesName;
    }
    try {
      Map<?, ?> names = Serialization.unmarshal(json, Map.class);
      Object name = names.get(kubernetesName);
      return name == null ? kubernetesName : name.toString();
    } catch (RuntimeException e) {
      return kubernetesName;
    }
  }

  /** Init (dependsOn) containers first, then the regular ones, as the pod lists them. */
  static List<Container> allContainers(Pod pod) {
    List<Container> all = new ArrayList<>();
    if (pod.getSpec() != null && pod.getSpec().getInitContainers() != null) {
      all.addAll(pod.getSpec().getInitContainers());
    }
    all.addAll(regularContainers(pod));
    return all;
  }

  static List<Container> regularContainers(Pod pod) {
    return pod.getSpec() == null || pod.getSpec().getContainers() == null ? List.of() : pod.getSpec().getContainers();
  }

  static Optional<ContainerStatus> status(Pod pod, String containerName) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    List<ContainerStatus> all = new ArrayList<>();
    if (pod.getStatus().getInitContainerStatuses() != null) {
      all.addAll(pod.getStatus().getInitContainerStatuses());
    }
    if (pod.getStatus().getContainerStatuses() != null) {
      all.addAll(pod.getStatus().getContainerStatuses());
    }
    return all.stream().filter(s -> containerName.equals(s.getName())).findFirst();
  }

  static boolean running(ContainerStatus s) {
    return s.getState() != null && s.getState().getRunning() != null;
  }

  static boolean terminated(ContainerStatus s) {
    return s.getState() != null && s.getState().getTerminated() != null;
  }

  static String waitingReason(ContainerStatus s) {
    return s.getState() != null && s.getState().getWaiting() != null ? s.getState().getWaiting().getReason() : null;
  }

  static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  static boolean terminal(Pod pod) {
    return "Succeeded".equals(phase(pod)) || "Failed".equals(phase(pod));
  }

  static boolean conditionTrue(Pod pod, String type) {
    return condition(pod, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  static Optional<PodCondition> condition(Pod pod, String type) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  static String annotation(Pod pod, String key) {
    Map<String, String> annotations = pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  static String label(Pod pod, String key) {
    Map<String, String> labels = pod.getMetadata() == null ? null : pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }
}
