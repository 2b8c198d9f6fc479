package dev.stevedore.e2e;

import static dev.stevedore.e2e.harness.Pods.containerStatuses;
import static dev.stevedore.e2e.harness.Pods.isReady;
import static dev.stevedore.e2e.harness.Pods.restartCount;
import static dev.stevedore.e2e.harness.Workloads.TIMEOUT;
import static dev.stevedore.e2e.harness.Workloads.awaitPods;
import static dev.stevedore.e2e.harness.Workloads.orZero;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.cluster.TestNamespace;
import dev.stevedore.e2e.harness.Pods;
import dev.stevedore.e2e.harness.Workloads;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The failure-image contract of the local cluster (e2e/cluster/README.md): each word behaves as documented. */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FailureImagesE2E {

  private static final String REGISTRY = "registry.example.com/stevedore/";

  @BeforeEach
  void onlyOnTheLocalCluster(KubernetesCluster cluster) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "failure images are a feature of the local cluster");
  }

  @Test
  void pullErrorImageWaitsInImagePullBackOff(KubernetesCluster cluster, TestNamespace namespace) {
    PodResource probe = createPod(cluster, namespace, "pull-error:1", "Always");

    Pod pod = await(probe, p -> waitingReason(p).equals("ImagePullBackOff"));

    assertThat(pod.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(isReady(pod)).isFalse();
    assertThat(onlyContainer(pod).getState().getWaiting().getMessage()).contains("pull-error:1");
  }

  @Test
  void neverReadyImageRunsButNeverBecomesReady(KubernetesCluster cluster, TestNamespace namespace) {
    PodResource probe = createPod(cluster, namespace, "never-ready:1", "Always");
    await(probe, p -> "Running".equals(p.getStatus().getPhase()) && !containerStatuses(p).isEmpty());
    // An ordinary pod created now is Ready within moments; by then the never-ready one would have been too.
    var pods = cluster.client().pods().inNamespace(namespace.name());
    pods.resource(Workloads.pod("ordinary", Workloads.IMAGE, "Always")).create();
    await(pods.withName("ordinary"), Pods::isReady);

    Pod pod = probe.get();
    ContainerStatus container = onlyContainer(pod);
    assertThat(container.getState().getRunning()).isNotNull();
    assertThat(container.getStarted()).isTrue();
    assertThat(container.getReady()).isFalse();
    assertThat(pod.getStatus().getConditions())
        .anySatisfy(condition -> {
          assertThat(condition.getType()).isEqualTo("Ready");
          assertThat(condition.getStatus()).isEqualTo("False");
        });
  }

  @ParameterizedTest(name = "{0} under restartPolicy Never ends {1} with exit code {2}")
  @CsvSource({
    "exits-0:1,   Succeeded, 0, Completed",
    "exits-1:1,   Failed,    1, Error",
    "crashloop:1, Failed,    1, Error"
  })
  void exitingImageEndsThePodUnderRestartPolicyNever(
      String image, String phase, int exitCode, String reason, KubernetesCluster cluster, TestNamespace namespace) {
    PodResource probe = createPod(cluster, namespace, image, "Never");

    Pod pod = await(probe, p -> Set.of("Succeeded", "Failed").contains(p.getStatus().getPhase()));

    assertThat(pod.getStatus().getPhase()).isEqualTo(phase);
    ContainerStatus container = onlyContainer(pod);
    assertThat(container.getRestartCount()).isZero();
    ContainerStateTerminated terminated = container.getState().getTerminated();
    assertThat(terminated).isNotNull();
    assertThat(terminated.getExitCode()).isEqualTo(exitCode);
    assertThat(terminated.getReason()).isEqualTo(reason);
  }

  @ParameterizedTest(name = "{0} under restartPolicy Always restarts after exit code {1}")
  @CsvSource({"exits-0:1, 0", "exits-1:1, 1", "crashloop:1, 1"})
  void exitingImageIsRestartedUnderRestartPolicyAlways(
      String image, int exitCode, KubernetesCluster cluster, TestNamespace namespace) {
    PodResource probe = createPod(cluster, namespace, image, "Always");

    Pod pod = await(probe, p -> restartCount(p) >= 2);

    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
    assertThat(isReady(pod)).isFalse();
    ContainerState lastState = onlyContainer(pod).getLastState();
    assertThat(lastState.getTerminated()).isNotNull();
    assertThat(lastState.getTerminated().getExitCode()).isEqualTo(exitCode);
  }

  @Test
  void exitsZeroSucceedsUnderRestartPolicyOnFailure(KubernetesCluster cluster, TestNamespace namespace) {
    PodResource probe = createPod(cluster, namespace, "exits-0:1", "OnFailure");

    Pod pod = await(probe, p -> "Succeeded".equals(p.getStatus().getPhase()));

    assertThat(onlyContainer(pod).getState().getTerminated().getExitCode()).isZero();
  }

  @Test
  void failureImageAffectsOnlyItsOwnContainer(KubernetesCluster cluster, TestNamespace namespace) {
    Pod twoContainers = Workloads.pod("probe", REGISTRY + "crashloop:1", "Always");
    twoContainers.getSpec().getContainers()
        .add(new ContainerBuilder().withName("sidecar").withImage(Workloads.IMAGE).build());
    cluster.client().pods().inNamespace(namespace.name()).resource(twoContainers).create();

    Pod pod = await(cluster.client().pods().inNamespace(namespace.name()).withName("probe"),
        p -> container(p, "main").map(main -> main.getRestartCount() >= 2).orElse(false));

    ContainerStatus sidecar = container(pod, "sidecar").orElseThrow();
    assertThat(sidecar.getReady()).isTrue();
    assertThat(sidecar.getRestartCount()).isZero();
    assertThat(isReady(pod)).isFalse();
  }

  @Test
  void neverReadyJobPodKeepsRunningWhileAnOrdinaryJobCompletes(KubernetesCluster cluster, TestNamespace namespace) {
    var jobs = cluster.client().batch().v1().jobs().inNamespace(namespace.name());
    var stuckPods = cluster.client().pods().inNamespace(namespace.name()).withLabel("job-name", "stuck");
    jobs.resource(job("stuck", REGISTRY + "never-ready:1")).create();
    awaitPods(stuckPods, pods -> pods.size() == 1 && "Running".equals(pods.get(0).getStatus().getPhase()));

    // KWOK completes a Running Job pod at once. An ordinary Job started now has gone from Running to Succeeded
    // by the time it is complete, so the never-ready pod, Running since before, would be complete too.
    jobs.resource(job("ordinary", Workloads.IMAGE)).create();
    jobs.withName("ordinary").waitUntilCondition(
        job -> job != null && job.getStatus() != null && orZero(job.getStatus().getSucceeded()) == 1,
        TIMEOUT.toSeconds(), TimeUnit.SECONDS);

    assertThat(stuckPods.list().getItems()).singleElement().satisfies(pod -> {
      assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
      assertThat(isReady(pod)).isFalse();
    });
    assertThat(orZero(jobs.withName("stuck").get().getStatus().getSucceeded())).isZero();
  }

  private static Job job(String name, String image) {
    return new JobBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec()
        .withNewTemplate()
        .withSpec(new PodSpecBuilder(Workloads.podSpec(image)).withRestartPolicy("Never").build())
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Optional<ContainerStatus> container(Pod pod, String name) {
    return containerStatuses(pod).stream().filter(status -> status.getName().equals(name)).findFirst();
  }

  private static PodResource createPod(
      KubernetesCluster cluster, TestNamespace namespace, String image, String restartPolicy) {
    var pods = cluster.client().pods().inNamespace(namespace.name());
    pods.resource(Workloads.pod("probe", REGISTRY + image, restartPolicy)).create();
    return pods.withName("probe");
  }

  private static Pod await(PodResource pod, Predicate<Pod> condition) {
    return pod.waitUntilCondition(
        p -> p != null && p.getStatus() != null && condition.test(p), TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private static ContainerStatus onlyContainer(Pod pod) {
    assertThat(containerStatuses(pod)).hasSize(1);
    return containerStatuses(pod).get(0);
  }

  private static String waitingReason(Pod pod) {
    return containerStatuses(pod).stream()
        .map(status -> status.getState().getWaiting() == null ? "" : status.getState().getWaiting().getReason())
        .findFirst()
        .orElse("");
  }
}
