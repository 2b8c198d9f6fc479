package dev.stevedore.e2e.harness;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Plain Kubernetes workloads for the tests of the cluster itself, and a wait for their pods. */
public final class Workloads {

  public static final String APP_LABEL = "app";
  /** A real, tiny image: KWOK never pulls it, and k3s or a real cluster can. */
  public static final String IMAGE = "registry.k8s.io/pause:3.10";

  public static final Duration TIMEOUT = Duration.ofSeconds(90);

  private Workloads() {}

  public static PodSpec podSpec(String image) {
    return new PodSpecBuilder()
        .addNewContainer()
        .withName("main")
        .withImage(image)
        .endContainer()
        .withTerminationGracePeriodSeconds(0L)
        .build();
  }

  public static Pod pod(String name, String image, String restartPolicy) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(APP_LABEL, name)
        .endMetadata()
        .withSpec(new PodSpecBuilder(podSpec(image)).withRestartPolicy(restartPolicy).build())
        .build();
  }

  public static Deployment deployment(String name, String image, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withReplicas(replicas).withSelector(selector(name)).withTemplate(template(name, image)).endSpec()
        .build();
  }

  public static DaemonSet daemonSet(String name, String image) {
    return new DaemonSetBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withSelector(selector(name)).withTemplate(template(name, image)).endSpec()
        .build();
  }

  private static LabelSelector selector(String app) {
    return new LabelSelectorBuilder().addToMatchLabels(APP_LABEL, app).build();
  }

  private static PodTemplateSpec template(String app, String image) {
    return new PodTemplateSpecBuilder().withNewMetadata().addToLabels(APP_LABEL, app).endMetadata()
        .withSpec(podSpec(image)).build();
  }

  public static int orZero(Integer count) {
    return count == null ? 0 : count;
  }

  /** Waits until the pods labelled {@code app=<app>} satisfy the condition, and returns them. */
  public static List<Pod> awaitPods(KubernetesClient client, String namespace, String app, Predicate<List<Pod>> condition) {
    return awaitPods(client.pods().inNamespace(namespace).withLabel(APP_LABEL, app), condition);
  }

  /** Waits until the selected pods satisfy the condition, and returns them. */
  public static List<Pod> awaitPods(FilterWatchListDeletable<Pod, PodList, PodResource> pods, Predicate<List<Pod>> condition) {
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

  private static String describe(List<Pod> pods) {
    return pods.stream().map(Pods::describe).collect(Collectors.joining("; ", "[", "]"));
  }
}
