package dev.stevedore.e2e;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Small workloads for end-to-end tests and the waits that go with them. */
final class Workloads {

  static final String APP_LABEL = "app";
  /** A real, tiny image: KWOK never pulls it, and k3s or a real cluster can. */
  static final String IMAGE = "registry.k8s.io/pause:3.10";

  static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

  private Workloads() {}

  static PodSpec podSpec(String image) {
    return new PodSpecBuilder()
        .addNewContainer()
        .withName("main")
        .withImage(image)
        .endContainer()
        .withTerminationGracePeriodSeconds(0L)
        .build();
  }

  static Pod pod(String name, String image, String restartPolicy) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(APP_LABEL, name)
        .endMetadata()
        .withSpec(new PodSpecBuilder(podSpec(image)).withRestartPolicy(restartPolicy).build())
        .build();
  }

  static Deployment deployment(String name, String image, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels(APP_LABEL, name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels(APP_LABEL, name)
        .endMetadata()
        .withSpec(podSpec(image))
        .endTemplate()
        .endSpec()
        .build();
  }

  static DaemonSet daemonSet(String name, String image) {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels(APP_LABEL, name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels(APP_LABEL, name)
        .endMetadata()
        .withSpec(podSpec(image))
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Nodes that take any pod: Ready, not cordoned, no NoSchedule or NoExecute taint. */
  static List<Node> schedulableNodes(KubernetesClient client) {
    return client.nodes().list().getItems().stream()
        .filter(node -> !Boolean.TRUE.equals(node.getSpec().getUnschedulable()))
        .filter(node -> node.getSpec().getTaints() == null
            || node.getSpec().getTaints().stream().allMatch(taint -> "PreferNoSchedule".equals(taint.getEffect())))
        .filter(node -> node.getStatus().getConditions().stream()
            .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus())))
        .toList();
  }

  static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
  }

  static int restartCount(Pod pod) {
    return containerStatuses(pod).stream().mapToInt(ContainerStatus::getRestartCount).sum();
  }

  static List<ContainerStatus> containerStatuses(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getContainerStatuses();
  }

  static int orZero(Integer count) {
    return Objects.requireNonNullElse(count, 0);
  }

  /** Waits until the pods labelled {@code app=<app>} satisfy the condition, and returns them. */
  static List<Pod> awaitPods(KubernetesClient client, String namespace, String app, Predicate<List<Pod>> condition) {
    return awaitPods(client.pods().inNamespace(namespace).withLabel(APP_LABEL, app), condition);
  }

  /** Waits until the selected pods satisfy the condition, and returns them. */
  static List<Pod> awaitPods(FilterWatchListDeletable<Pod, PodList, PodResource> pods, Predicate<List<Pod>> condition) {
    try {
      return pods.informOnCondition(condition).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "the pods did not get there within " + TIMEOUT + "; they are " + describe(pods.list().getItems()), e);
    } catch (ExecutionException e) {
      throw new AssertionError("watching the pods failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for pods", e);
    }
  }

  /** Retries an action that fails until the cluster has caught up (an authorizer cache, say), for up to TIMEOUT. */
  static <T> T eventually(Supplier<T> action) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        return action.get();
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while retrying", e);
      }
    }
  }

  private static String describe(List<Pod> pods) {
    return pods.stream().map(Workloads::describe).collect(Collectors.joining("; ", "[", "]"));
  }

  private static String describe(Pod pod) {
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
