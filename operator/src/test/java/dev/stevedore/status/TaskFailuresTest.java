package dev.stevedore.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ThresholdConfiguration;
import dev.stevedore.status.TaskFailures.Cause;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
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

  @ParameterizedTest(name = "{0} {1} of desired {2} -> {3}")
  @CsvSource({
      "COUNT, 5, 100, 5", "COUNT, 1, 4, 1", "COUNT, 0, 4, 1", "COUNT, 500, 4, 500",
      "BOUNDED_PERCENT, 50, 4, 3", "BOUNDED_PERCENT, 50, 25, 13", "BOUNDED_PERCENT, 50, 800, 200",
      "BOUNDED_PERCENT, 100, 10, 10", "BOUNDED_PERCENT, 10, 10, 3", "BOUNDED_PERCENT, 33, 10, 4",
      "UNBOUNDED_PERCENT, 50, 1000, 500", "UNBOUNDED_PERCENT, 50, 1, 1", "UNBOUNDED_PERCENT, 25, 4, 1",
      "UNBOUNDED_PERCENT, 50, 0, 1", "UNBOUNDED_PERCENT, 200, 3, 6"})
  void aThresholdConfigurationSetsTheThreshold(String type, int value, int desired, int threshold) {
    ThresholdConfiguration configuration = new ThresholdConfiguration();
    configuration.type = type;
    configuration.value = value;
    assertThat(TaskFailures.threshold(configuration, desired)).isEqualTo(threshold);
  }

  @ParameterizedTest(name = "desired {0} -> threshold {1}")
  @CsvSource({"1, 3", "4, 3", "25, 13", "400, 200"})
  void withoutAThresholdConfigurationTheThresholdIsEcssDefault(int desired, int threshold) {
    assertThat(TaskFailures.threshold(null, desired)).isEqualTo(threshold);
    assertThat(TaskFailures.threshold(new ThresholdConfiguration(), desired)).isEqualTo(threshold);
  }

  @Test
  void aTaskThatStaysUnhealthyCountsOnceForEveryTimeEcsWouldHaveReplacedIt() {
    Pod pod = pod("Running", running("app", 0));
    pod.getStatus().setStartTime(NOW.minusSeconds(100).toString());
    Duration healthyAfter = Duration.ofSeconds(30);
    assertThat(TaskFailures.of(pod, healthyAfter, NOW)).isEqualTo(new TaskFailures.Count(3, Optional.of(Cause.HEALTH_CHECK_FAILED)));
    assertThat(TaskFailures.nextChange(pod, healthyAfter, NOW)).contains(NOW.plusSeconds(20));
  }

  @Test
  void unhealthyTimeCountsFromTheLastTimeThePodWasReady() {
    Pod pod = pod("Running", running("app", 0));
    pod.getStatus().setStartTime(NOW.minusSeconds(600).toString());
    pod.getStatus().getConditions().add(new PodCondition(null, NOW.minusSeconds(20).toString(), null, null, null, "False", "Ready"));
    assertThat(TaskFailures.of(pod, Duration.ofSeconds(30), NOW).count()).isZero();
    assertThat(TaskFailures.nextChange(pod, Duration.ofSeconds(30), NOW)).contains(NOW.plusSeconds(10));
  }

  @Test
  void aPodThatStillCannotStartCountsAgainEveryThirtySeconds() {
    Pod pod = pod("Pending", waiting("app", "ImagePullBackOff", 0));
    pod.getStatus().setStartTime(NOW.minusSeconds(65).toString());
    assertThat(TaskFailures.of(pod, GRACE, NOW)).isEqualTo(new TaskFailures.Count(3, Optional.of(Cause.TASK_FAILED_TO_START)));
    assertThat(TaskFailures.nextChange(pod, GRACE, NOW)).contains(NOW.plusSeconds(25));
  }

  @Test
  void twoCrashingEssentialContainersEndOneTaskAtATime() {
    Pod pod = pod("Running", waiting("app", "CrashLoopBackOff", 4), waiting("proxy", "CrashLoopBackOff", 2));
    assertThat(TaskFailures.of(pod, GRACE, NOW).count()).isEqualTo(4);
  }

  @Test
  void crashesAreNotCountedTwiceAsUnhealthyTime() {
    Pod pod = pod("Running", waiting("app", "CrashLoopBackOff", 5));
    pod.getStatus().setStartTime(NOW.minusSeconds(100).toString());
    assertThat(TaskFailures.of(pod, Duration.ofSeconds(30), NOW))
        .isEqualTo(new TaskFailures.Count(5, Optional.of(Cause.ESSENTIAL_CONTAINER_EXITED)));
  }

  @Test
  void anUnschedulablePodIsLookedAtAgainWhenItsBoundRunsOut() {
    Instant since = NOW.minusSeconds(60);
    Pod pod = pod("Pending");
    pod.getStatus().getConditions().add(new PodCondition(null, since.toString(), "0/6 nodes are available", null,
        "Unschedulable", "False", "PodScheduled"));
    assertThat(TaskFailures.of(pod, GRACE, NOW).count()).isZero();
    assertThat(TaskFailures.nextChange(pod, GRACE, NOW)).contains(since.plus(TaskFailures.UNSCHEDULABLE_BOUND).plusSeconds(1));
  }

  @Test
  void aReadyOrCrashingPodWithoutTimeDependenceIsNotLookedAtAgain() {
    Pod ready = pod("Running", running("app", 0));
    ready.getStatus().setStartTime(NOW.minusSeconds(600).toString());
    ready.getStatus().getConditions().add(new PodCondition(null, null, null, null, null, "True", "Ready"));
    assertThat(TaskFailures.nextChange(ready, GRACE, NOW)).isEmpty();
  }

  @Test
  void healthyAfterIsTheGracePeriodPlusWhatTheEssentialContainersProbesNeed() {
    Probe readiness = new ProbeBuilder().withPeriodSeconds(5).withFailureThreshold(3).build();
    Probe startup = new ProbeBuilder().withPeriodSeconds(5).withFailureThreshold(4).build();
    Pod pod = new PodBuilder().withNewMetadata().addToAnnotations("ecs.stevedore.dev/essential-containers", "app")
        .endMetadata().withNewSpec()
        .addNewContainer().withName("app").withReadinessProbe(readiness).withStartupProbe(startup).endContainer()
        .addNewContainer().withName("exporter").endContainer()
        .endSpec().build();
    assertThat(TaskFailures.healthyAfter(pod, 10)).isEqualTo(Duration.ofSeconds(10 + 20 + 15));
    Pod noCheck = new PodBuilder().withNewMetadata().endMetadata().withNewSpec()
        .addNewContainer().withName("app").endContainer().endSpec().build();
    assertThat(TaskFailures.healthyAfter(noCheck, 0)).as("ECS's 40 s rule").isEqualTo(Duration.ofSeconds(40));
    Pod defaults = new PodBuilder().withNewMetadata().endMetadata().withNewSpec()
        .addNewContainer().withName("app").withReadinessProbe(new Probe()).endContainer().endSpec().build();
    assertThat(TaskFailures.healthyAfter(defaults, 0)).as("Kubernetes' probe defaults: 10 s x 3").isEqualTo(Duration.ofSeconds(30));
    Pod unknown = new PodBuilder().withNewMetadata().addToAnnotations("ecs.stevedore.dev/essential-containers", "gone")
        .endMetadata().withNewSpec().addNewContainer().withName("app").endContainer().endSpec().build();
    assertThat(TaskFailures.healthyAfter(unknown, 5)).as("no essential container found: never a hair trigger")
        .isEqualTo(Duration.ofSeconds(45));
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
