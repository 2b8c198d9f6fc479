package dev.stevedore.status.task;

import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.util.ArrayList;
import java.util.List;

/** Task pods in the states a kubelet (or KWOK) reports, for the lifecycle tables. */
final class TaskPodFixtures {
  static final String UID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
  static final String CREATED = "2026-01-01T10:00:00Z";
  static final String STARTED = "2026-01-01T10:00:05Z";
  static final String FINISHED = "2026-01-01T10:01:00Z";

  private final PodBuilder pod;
  private final List<ContainerStatus> statuses = new ArrayList<>();
  private final List<PodCondition> conditions = new ArrayList<>();
  private String phase = "Pending";

  private TaskPodFixtures(String essential, String... containers) {
    pod = new PodBuilder().withNewMetadata().withName("job-0").withNamespace("ns").withUid(UID)
        .withCreationTimestamp(CREATED)
        .addToAnnotations(Labels.ESSENTIAL_CONTAINERS_ANNOTATION, essential)
        .addToAnnotations(Labels.TASK_DEFINITION_ANNOTATION, "arn:aws:ecs:us-east-1:123456789012:task-definition/job:3")
        .endMetadata().withNewSpec().withRestartPolicy("Never").endSpec();
    for (String c : containers) {
      pod.editSpec().addToContainers(new ContainerBuilder().withName(c).withImage("img/" + c).build()).endSpec();
    }
  }

  /** A pod of {@code containers}, the first essential, the others not. */
  static TaskPodFixtures pod(String... containers) {
    return new TaskPodFixtures(containers[0], containers);
  }

  /** Another task's pod: its own name and UID. */
  TaskPodFixtures named(String name, String uid) {
    pod.editMetadata().withName(name).withUid(uid).endMetadata();
    return this;
  }

  TaskPodFixtures scheduled() {
    pod.editSpec().withNodeName("kwok-node-0").endSpec();
    conditions.add(condition("PodScheduled", "True"));
    return this;
  }

  TaskPodFixtures unschedulable() {
    conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable").build());
    return this;
  }

  TaskPodFixtures phase(String phase) {
    this.phase = phase;
    return this;
  }

  TaskPodFixtures ready(boolean ready) {
    conditions.add(condition("Ready", ready ? "True" : "False"));
    return this;
  }

  TaskPodFixtures waiting(String container, String reason) {
    statuses.add(new ContainerStatusBuilder().withName(container).withNewState().withNewWaiting()
        .withReason(reason).withMessage(reason.equals("ImagePullBackOff") ? "Back-off pulling image" : null)
        .endWaiting().endState().withStarted(false).withReady(false).build());
    return this;
  }

  TaskPodFixtures running(String container, boolean started) {
    statuses.add(new ContainerStatusBuilder().withName(container).withNewState().withNewRunning()
        .withStartedAt(STARTED).endRunning().endState().withStarted(started).withReady(started).build());
    return this;
  }

  TaskPodFixtures exited(String container, int code, String reason) {
    statuses.add(new ContainerStatusBuilder().withName(container).withNewState().withNewTerminated()
        .withExitCode(code).withReason(reason).withStartedAt(STARTED).withFinishedAt(FINISHED).endTerminated()
        .endState().withStarted(false).withReady(false).build());
    return this;
  }

  TaskPodFixtures deleting() {
    pod.editMetadata().withDeletionTimestamp("2026-01-01T10:02:00Z").endMetadata();
    return this;
  }

  Pod build() {
    return pod.withNewStatus().withPhase(phase).withConditions(conditions).withContainerStatuses(statuses)
        .endStatus().build();
  }

  private static PodCondition condition(String type, String status) {
    return new PodConditionBuilder().withType(type).withStatus(status).build();
  }
}
