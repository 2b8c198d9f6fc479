package dev.stevedore.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.status.TaskFailures.Cause;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ecs-semantics.md §5.4: the breaker's threshold and what counts as a failed task. */
class TaskFailuresTest {
  static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  static final Duration GRACE = Duration.ofSeconds(60);

  @ParameterizedTest(name = "desired {0} -> threshold {1}")
  @CsvSource({"0, 3", "1, 3", "2, 3", "4, 3", "5, 3", "6, 3", "7, 4", "10, 5", "25, 13", "399, 200", "400, 200",
      "800, 200"})
  void thresholdIsHalfTheDesiredCountBetweenThreeAndTwoHundred(int desired, int threshold) {
    assertThat(TaskFailures.threshold(desired)).isEqualTo(threshold);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"ErrImagePull", "ImagePullBackOff", "InvalidImageName", "CreateContainerConfigError"})
  void containersThatNeverStartAreTasksThatFailedToStart(String reason) {
    Pod pod = pod("Pending", waiting("app", reason, 0));
    assertThat(TaskFailures.of(pod, GRACE, NOW)).isEqualTo(new TaskFailures.Count(1, java.util.Optional.of(Cause.TASK_FAILED_TO_START)));
  }

  @Test
  void everyRestartOfAnEssentialContainerIsATaskEcsWouldHaveReplaced() {
    Pod pod = pod("Running", waiting("app", "CrashLoopBackOff", 4));
    TaskFailures.Count count = TaskFailures.of(pod, GRACE, NOW);
    assertThat(count.count()).isEqualTo(4);
    assertThat(count.cause()).contains(Cause.ESSENTIAL_CONTAINER_EXITED);
  }

  @Test
  void restartsOfNonEssentialContainersDoNotCount() {
    Pod pod = pod("Running", running("app", 0), waiting("exporter", "CrashLoopBackOff", 7));
    pod.getMetadata().getAnnotations().put("ecs.stevedore.dev/essential-containers", "app");
    pod.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.PodCondition(null, null, null, null, null, "True", "Ready"));
    assertThat(TaskFailures.of(pod, GRACE, NOW).count()).isZero();
  }

  @Test
  void aTerminatedEssentialContainerOfANeverRestartedPodCountsOnce() {
    ContainerStatus exited = new ContainerStatusBuilder().withName("app").withRestartCount(0)
        .withNewState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endState().build();
    assertThat(TaskFailures.of(pod("Failed", exited), GRACE, NOW).count()).isEqualTo(1);
  }

  @Test
  void runningButNeverReadyCountsOnlyAfterTheGracePeriod() {
    Pod young = pod("Running", running("app", 0));
    young.getStatus().setStartTime(NOW.minusSeconds(30).toString());
    assertThat(TaskFailures.of(young, GRACE, NOW).count()).isZero();
    Pod old = pod("Running", running("app", 0));
    old.getStatus().setStartTime(NOW.minusSeconds(90).toString());
    assertThat(TaskFailures.of(old, GRACE, NOW)).isEqualTo(new TaskFailures.Count(1, java.util.Optional.of(Cause.HEALTH_CHECK_FAILED)));
  }

  @Test
  void aReadyPodIsNoFailure() {
    Pod pod = pod("Running", running("app", 0));
    pod.getStatus().setStartTime(NOW.minusSeconds(600).toString());
    pod.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.PodCondition(null, null, null, null, null, "True", "Ready"));
    assertThat(TaskFailures.of(pod, GRACE, NOW).count()).isZero();
  }

  @Test
  void unschedulableBeyondTheBoundFailedToStart() {
    Pod pod = pod("Pending");
    pod.getStatus().getConditions().add(new io.fabric8.kubernetes.api.model.PodCondition(null,
        NOW.minus(TaskFailures.UNSCHEDULABLE_BOUND).minusSeconds(1).toString(), "0/6 nodes are available", null,
        "Unschedulable", "False", "PodScheduled"));
    assertThat(TaskFailures.of(pod, GRACE, NOW).cause()).contains(Cause.TASK_FAILED_TO_START);
  }

  static Pod pod(String phase, ContainerStatus... statuses) {
    return new PodBuilder().withNewMetadata().withName("p").addToAnnotations("x", "y").endMetadata()
        .withNewStatus().withPhase(phase).withContainerStatuses(statuses).withConditions(new java.util.ArrayList<>())
        .endStatus().build();
  }

  static ContainerStatus waiting(String name, String reason, int restarts) {
    return new ContainerStatusBuilder().withName(name).withRestartCount(restarts)
        .withNewState().withNewWaiting().withReason(reason).endWaiting().endState().build();
  }

  static ContainerStatus running(String name, int restarts) {
    return new ContainerStatusBuilder().withName(name).withRestartCount(restarts)
        .withNewState().withNewRunning().endRunning().endState().build();
  }
}
