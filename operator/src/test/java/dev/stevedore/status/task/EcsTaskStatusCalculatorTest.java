package dev.stevedore.status.task;

import static dev.stevedore.status.task.TaskPodFixtures.FINISHED;
import static dev.stevedore.status.task.TaskPodFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.EcsTaskStatus;
import dev.stevedore.api.v1alpha1.TaskDescription;
import dev.stevedore.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EcsTaskStatusCalculatorTest {
  private static final Instant NOW = Instant.parse("2026-01-01T10:05:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:task/default/0f1e2d3c4b5a69788796a5b4c3d2e1f0";

  @Test
  void anEssentialContainerThatExitsStopsTheTaskWithItsExitCode() {
    EcsTask task = task(1, null);
    Pod failed = pod("app").scheduled().phase("Failed").exited("app", 1, "Error").build();

    EcsTaskStatusCalculator.Result r = compute(task, Map.of("job-0", failed), NOW);

    TaskDescription t = r.status().tasks.get(0);
    assertThat(t.taskArn).isEqualTo(ARN);
    assertThat(t.lastStatus).isEqualTo("STOPPED");
    assertThat(t.desiredStatus).isEqualTo("STOPPED");
    assertThat(t.stopCode).isEqualTo("EssentialContainerExited");
    assertThat(t.stoppedReason).isEqualTo("Essential container in task exited");
    assertThat(t.containers).singleElement().satisfies(c -> {
      assertThat(c.name).isEqualTo("app");
      assertThat(c.exitCode).isEqualTo(1);
      assertThat(c.lastStatus).isEqualTo("STOPPED");
    });
    assertThat(t.stoppedAt).isEqualTo(FINISHED);
    assertThat(t.startedAt).isEqualTo(TaskPodFixtures.STARTED);
    assertThat(t.createdAt).isEqualTo(TaskPodFixtures.CREATED);
    assertThat(t.taskDefinitionArn).isEqualTo("arn:aws:ecs:us-east-1:123456789012:task-definition/job:3");
    assertThat(t.group).isEqualTo("family:job");
    assertThat(r.newlyStopped()).hasSize(1);
    assertThat(r.podsToStop()).as("the pod ended by itself").isEmpty();
    assertThat(r.podsToCleanUp()).as("kept for the retention period").isEmpty();
    assertThat(r.recheckAt()).contains(Instant.parse(FINISHED).plus(HOUR));
    assertThat(r.status().lastStatus).isEqualTo("STOPPED");
    assertThat(r.status().stoppedCount).isEqualTo(1);
    assertThat(condition(r.status(), Conditions.READY).getReason()).isEqualTo(EcsTaskStatusCalculator.REASON_STOPPED);
  }

  @Test
  void anExitZeroIsAlsoEssentialContainerExited() {
    Pod succeeded = pod("app").scheduled().phase("Succeeded").exited("app", 0, "Completed").build();

    TaskDescription t = compute(task(1, null), Map.of("job-0", succeeded), NOW).status().tasks.get(0);

    assertThat(t.stopCode).isEqualTo("EssentialContainerExited");
    assertThat(t.containers.get(0).exitCode).isZero();
  }

  @Test
  void theOtherContainersAreStoppedWhenAnEssentialOneExits() {
    Pod pod = pod("app", "side").scheduled().phase("Running").exited("app", 2, "Error").running("side", true).build();

    EcsTaskStatusCalculator.Result r = compute(task(1, null), Map.of("job-0", pod), NOW);

    assertThat(r.podsToStop()).containsExactly("job-0");
    TaskDescription t = r.status().tasks.get(0);
    assertThat(t.lastStatus).isEqualTo("DEACTIVATING");
    assertThat(t.stopCode).isEqualTo("EssentialContainerExited");
    assertThat(t.stoppingAt).isEqualTo(FINISHED);
    assertThat(t.containers).extracting(c -> c.name + ":" + c.lastStatus + ":" + c.exitCode)
        .containsExactly("app:STOPPED:2", "side:RUNNING:null");
  }

  @Test
  void aNonEssentialContainerThatExitsLeavesTheTaskRunning() {
    Pod pod = pod("app", "side").scheduled().phase("Running").running("app", true).exited("side", 1, "Error")
        .ready(true).build();

    EcsTaskStatusCalculator.Result r = compute(task(1, null), Map.of("job-0", pod), NOW);

    assertThat(r.podsToStop()).isEmpty();
    assertThat(r.status().tasks.get(0).lastStatus).isEqualTo("RUNNING");
    assertThat(r.status().tasks.get(0).stopCode).isNull();
  }

  @Test
  void stopTaskDeletesThePodAndTheTaskStopsUserInitiated() {
    EcsTask task = task(1, EcsTaskSpec.STOPPED);
    Pod running = pod("app").scheduled().phase("Running").running("app", true).ready(true).build();

    EcsTaskStatusCalculator.Result stopping = compute(task, Map.of("job-0", running), NOW);

    assertThat(stopping.podsToStop()).containsExactly("job-0");
    TaskDescription t = stopping.status().tasks.get(0);
    assertThat(t.desiredStatus).isEqualTo("STOPPED");
    assertThat(t.stopCode).isEqualTo("UserInitiated");
    assertThat(t.stoppedReason).isEqualTo("Task stopped by user");
    assertThat(t.stoppingAt).isEqualTo(NOW.toString());
    assertThat(condition(stopping.status(), Conditions.RECONCILING).getStatus()).isEqualTo("True");

    // SIGTERM ends the container: its exit does not turn the user's stop into EssentialContainerExited.
    task.setStatus(stopping.status());
    Pod terminating = pod("app").scheduled().phase("Running").exited("app", 143, "Error").deleting().build();
    EcsTaskStatusCalculator.Result deprovisioning = compute(task, Map.of("job-0", terminating), NOW.plusSeconds(1));
    assertThat(deprovisioning.status().tasks.get(0).lastStatus).isEqualTo("DEPROVISIONING");
    assertThat(deprovisioning.status().tasks.get(0).stopCode).isEqualTo("UserInitiated");
    assertThat(deprovisioning.podsToStop()).as("already being deleted").isEmpty();

    task.setStatus(deprovisioning.status());
    Instant later = NOW.plusSeconds(2);
    EcsTaskStatusCalculator.Result stopped = compute(task, Map.of(), later);
    TaskDescription gone = stopped.status().tasks.get(0);
    assertThat(gone.lastStatus).isEqualTo("STOPPED");
    assertThat(gone.stopCode).isEqualTo("UserInitiated");
    assertThat(gone.stoppingAt).isEqualTo(NOW.toString());
    assertThat(gone.stoppedAt).isEqualTo(later.toString());
    assertThat(gone.containers).singleElement().satisfies(c -> {
      assertThat(c.lastStatus).isEqualTo("STOPPED");
      assertThat(c.exitCode).isEqualTo(143);
    });
    assertThat(stopped.newlyStopped()).hasSize(1);
    assertThat(condition(stopped.status(), Conditions.READY).getStatus()).isEqualTo("True");
  }

  @Test
  void aPodDeletedByAnyoneElseIsAUserInitiatedStop() {
    EcsTask task = task(1, null);
    Pod running = pod("app").scheduled().phase("Running").running("app", true).ready(true).build();
    task.setStatus(compute(task, Map.of("job-0", running), NOW).status());

    TaskDescription t = compute(task, Map.of(), NOW.plusSeconds(5)).status().tasks.get(0);

    assertThat(t.lastStatus).isEqualTo("STOPPED");
    assertThat(t.stopCode).isEqualTo("UserInitiated");
  }

  @Test
  void anImageThatCannotBePulledIsTaskFailedToStart() {
    Pod pod = pod("app").scheduled().waiting("app", "ImagePullBackOff").build();

    EcsTaskStatusCalculator.Result r = compute(task(1, null), Map.of("job-0", pod), NOW);

    TaskDescription t = r.status().tasks.get(0);
    assertThat(t.stopCode).isEqualTo("TaskFailedToStart");
    assertThat(t.stoppedReason).isEqualTo("CannotPullContainerError: Back-off pulling image");
    assertThat(t.containers.get(0).reason).startsWith("CannotPullContainerError");
    assertThat(r.podsToStop()).containsExactly("job-0");
  }

  @Test
  void aStoppedTasksPodIsCleanedUpAfterTheRetentionAndItsRecordStays() {
    EcsTask task = task(1, null);
    Pod failed = pod("app").scheduled().phase("Failed").exited("app", 1, "Error").build();
    task.setStatus(compute(task, Map.of("job-0", failed), NOW).status());

    Instant afterRetention = Instant.parse(FINISHED).plus(HOUR);
    EcsTaskStatusCalculator.Result due = compute(task, Map.of("job-0", failed), afterRetention);
    assertThat(due.podsToCleanUp()).containsExactly("job-0");

    EcsTaskStatusCalculator.Result cleaned = compute(task, Map.of(), afterRetention.plusSeconds(1));
    assertThat(Serialization.asJson(cleaned.status())).as("the record outlives its pod unchanged")
        .isEqualTo(Serialization.asJson(task.getStatus()));
    assertThat(cleaned.newlyStopped()).isEmpty();
  }

  @Test
  void anUnchangedTaskDescribesTheSameLater() {
    EcsTask task = task(2, null);
    Map<String, Pod> pods = new HashMap<>();
    pods.put("job-0", pod("app").scheduled().phase("Running").running("app", true).ready(true).build());
    pods.put("job-1", pod("app").named("job-1", "11111111-2222-3333-4444-555555555555").scheduled().phase("Failed").exited("app", 1, "Error").build());
    task.setStatus(compute(task, pods, NOW).status());

    EcsTaskStatus later = compute(task, pods, NOW.plusSeconds(600)).status();

    assertThat(Serialization.asJson(later)).isEqualTo(Serialization.asJson(task.getStatus()));
    assertThat(later.runningCount).isEqualTo(1);
    assertThat(later.stoppedCount).isEqualTo(1);
    assertThat(later.lastStatus).isEqualTo("RUNNING");
    assertThat(condition(later, Conditions.READY).getReason()).isEqualTo(EcsTaskStatusCalculator.REASON_SETTLED);
  }

  @Test
  void tasksNotYetStartedKeepItReconciling() {
    Map<String, Pod> pods = Map.of("job-0",
        pod("app").scheduled().phase("Running").running("app", true).ready(true).build());

    EcsTaskStatus status = compute(task(3, null), pods, NOW).status();

    assertThat(condition(status, Conditions.READY).getStatus()).isEqualTo("False");
    assertThat(condition(status, Conditions.RECONCILING).getStatus()).isEqualTo("True");
    assertThat(condition(status, Conditions.RECONCILING).getMessage()).isEqualTo("2 of 3 tasks not started yet");
  }

  @Test
  void anUnresolvedTaskDefinitionStallsWithEcsException() {
    EcsTask task = task(1, null);
    EcsTaskStatusCalculator.Observation o = new EcsTaskStatusCalculator.Observation(task, context(),
        new EcsTaskStatusCalculator.Stall("ClientException", "TaskDefinition not found: job."), List.of(),
        List.of("job-0"), Map.of(), HOUR);

    EcsTaskStatus status = EcsTaskStatusCalculator.compute(o, NOW).status();

    assertThat(condition(status, Conditions.STALLED).getStatus()).isEqualTo("True");
    assertThat(condition(status, Conditions.STALLED).getReason()).isEqualTo("ClientException");
    assertThat(condition(status, Conditions.READY).getStatus()).isEqualTo("False");
    assertThat(status.tasks).isNull();
  }

  @Test
  void tasksThatCannotStartStallTheRequestWhileTheOthersRun() {
    EcsTask task = task(2, null);
    Map<String, Pod> pods = Map.of("job-0",
        pod("app").scheduled().phase("Running").running("app", true).ready(true).build());
    EcsTaskStatusCalculator.Observation o = new EcsTaskStatusCalculator.Observation(task, context(),
        new EcsTaskStatusCalculator.Stall("PodRefused", "exceeded quota"), List.of(), List.of("job-0", "job-1"),
        pods, HOUR);

    EcsTaskStatus status = EcsTaskStatusCalculator.compute(o, NOW).status();

    assertThat(condition(status, Conditions.STALLED).getStatus()).isEqualTo("True");
    assertThat(condition(status, Conditions.STALLED).getMessage()).isEqualTo("exceeded quota");
    assertThat(status.tasks).hasSize(1);
    assertThat(status.runningCount).isEqualTo(1);
  }

  static EcsTask task(int count, String desiredStatus) {
    EcsTask task = new EcsTask();
    task.getMetadata().setName("job");
    task.getMetadata().setNamespace("ns");
    task.getMetadata().setGeneration(1L);
    task.setSpec(new EcsTaskSpec());
    task.getSpec().taskDefinition = "job";
    task.getSpec().count = count;
    task.getSpec().desiredStatus = desiredStatus;
    return task;
  }

  static TaskContext context() {
    return new TaskContext("us-east-1", "123456789012", "default", null, null, "family:job", null, null,
        StopCause.requested(StopCode.UserInitiated, null, null));
  }

  private static EcsTaskStatusCalculator.Result compute(EcsTask task, Map<String, Pod> pods, Instant now) {
    List<String> names = java.util.stream.IntStream.range(0, task.getSpec().count).mapToObj(i -> "job-" + i).toList();
    return EcsTaskStatusCalculator.compute(new EcsTaskStatusCalculator.Observation(task, context(), null, List.of(),
        names, pods, HOUR), now);
  }

  private static Condition condition(EcsTaskStatus status, String type) {
    return status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElseThrow();
  }
}
