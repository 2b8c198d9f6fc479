package dev.stevedore.status.task;

import static dev.stevedore.status.task.TaskPodFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.TaskDescription;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outcome a pre-deploy (migration) task would gate a rollout on, and service tasks in the same shape. */
class TaskOutcomeTest {
  private static final Instant NOW = Instant.parse("2026-01-01T10:05:00Z");

  @Test
  void succeedsWhenEveryTaskStoppedWithItsEssentialContainersExitingZero() {
    TaskOutcome outcome = TaskOutcome.of(describe(pod("app").scheduled().phase("Succeeded")
        .exited("app", 0, "Completed").build()), 1);

    assertThat(outcome.result()).isEqualTo(TaskOutcome.Result.SUCCEEDED);
  }

  @Test
  void failsOnANonZeroExitAndSaysWhichContainer() {
    TaskOutcome outcome = TaskOutcome.of(describe(pod("migrate").scheduled().phase("Failed")
        .exited("migrate", 3, "Error").build()), 1);

    assertThat(outcome.result()).isEqualTo(TaskOutcome.Result.FAILED);
    assertThat(outcome.message()).endsWith("Essential container in task exited: container migrate exited with code 3");
  }

  @Test
  void failsWhenATaskCannotStart() {
    TaskOutcome outcome = TaskOutcome.of(describe(pod("app").scheduled().waiting("app", "ImagePullBackOff")
        .build()), 1);

    assertThat(outcome.result()).isEqualTo(TaskOutcome.Result.FAILED);
    assertThat(outcome.message()).contains("TaskFailedToStart");
  }

  @Test
  void isPendingWhileATaskRunsOrIsMissing() {
    List<TaskDescription> running = describe(pod("app").scheduled().phase("Running").running("app", true).build());
    List<TaskDescription> done = describe(pod("app").scheduled().phase("Succeeded").exited("app", 0, "Completed")
        .build());

    assertThat(TaskOutcome.of(running, 1).result()).isEqualTo(TaskOutcome.Result.PENDING);
    assertThat(TaskOutcome.of(done, 2).result()).as("one of two tasks").isEqualTo(TaskOutcome.Result.PENDING);
  }

  @Test
  void aServicePodBeingDeletedIsStoppedByTheScheduler() {
    Pod pod = pod("web").scheduled().phase("Running").running("web", true).ready(true).deleting().build();

    List<TaskDescription> tasks = ServiceTasks.describe(List.of(pod), "us-east-1", "123456789012", "prod", "web",
        p -> "ecs-svc/1234567890123456789", NOW);

    assertThat(tasks).singleElement().satisfies(t -> {
      assertThat(t.taskArn).isEqualTo("arn:aws:ecs:us-east-1:123456789012:task/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0");
      assertThat(t.group).isEqualTo("service:web");
      assertThat(t.startedBy).isEqualTo("ecs-svc/1234567890123456789");
      assertThat(t.lastStatus).isEqualTo("DEACTIVATING");
      assertThat(t.stopCode).isEqualTo("ServiceSchedulerInitiated");
      assertThat(t.stoppedReason).isEqualTo("Scaling activity initiated by (deployment ecs-svc/1234567890123456789)");
    });
  }

  private static List<TaskDescription> describe(Pod pod) {
    return List.of(TaskDescriber.describe(pod, null, EcsTaskStatusCalculatorTest.context(), NOW));
  }
}
