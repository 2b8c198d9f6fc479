package dev.stevedore.status.task;

import static dev.stevedore.status.task.TaskPodFixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The lifecycle table of docs/tasks.md: each pod state and the lastStatus ECS would show. */
class TaskLifecycleTest {

  static Stream<Arguments> table() {
    return Stream.of(
        row("no pod: deleted", null, TaskState.STOPPED),
        row("created, waiting for a node", pod("app").build(), TaskState.PROVISIONING),
        row("unschedulable", pod("app").unschedulable().build(), TaskState.PROVISIONING),
        row("bound, no container status yet", pod("app").scheduled().build(), TaskState.PENDING),
        row("bound, pulling", pod("app").scheduled().waiting("app", "ContainerCreating").build(), TaskState.PENDING),
        row("pull failing", pod("app").scheduled().waiting("app", "ImagePullBackOff").build(), TaskState.PENDING),
        row("running, essential not started (startup probe)",
            pod("app").scheduled().phase("Running").running("app", false).build(), TaskState.ACTIVATING),
        row("running, essential started",
            pod("app").scheduled().phase("Running").running("app", true).ready(true).build(), TaskState.RUNNING),
        row("running and started but not Ready (health check failing): still RUNNING",
            pod("app").scheduled().phase("Running").running("app", true).ready(false).build(), TaskState.RUNNING),
        row("non-essential container still waiting does not hold the task",
            pod("app", "side").scheduled().phase("Running").running("app", true).waiting("side", "ContainerCreating")
                .build(), TaskState.RUNNING),
        row("non-essential container exited: the task runs on",
            pod("app", "side").scheduled().phase("Running").running("app", true).exited("side", 0, "Completed")
                .build(), TaskState.RUNNING),
        row("essential exited while another runs",
            pod("app", "side").scheduled().phase("Running").exited("app", 1, "Error").running("side", true)
                .build(), TaskState.DEACTIVATING),
        row("being deleted while Ready",
            pod("app").scheduled().phase("Running").running("app", true).ready(true).deleting().build(),
            TaskState.DEACTIVATING),
        row("being deleted, not Ready, container running (SIGTERM sent)",
            pod("app").scheduled().phase("Running").running("app", true).ready(false).deleting().build(),
            TaskState.STOPPING),
        row("being deleted, every container ended",
            pod("app").scheduled().phase("Running").exited("app", 143, "Error").deleting().build(),
            TaskState.DEPROVISIONING),
        row("Succeeded", pod("app").scheduled().phase("Succeeded").exited("app", 0, "Completed").build(),
            TaskState.STOPPED),
        row("Failed", pod("app").scheduled().phase("Failed").exited("app", 1, "Error").build(), TaskState.STOPPED),
        row("Failed while being deleted", pod("app").scheduled().phase("Failed").exited("app", 1, "Error").deleting()
            .build(), TaskState.STOPPED));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("table")
  void podStateMapsToLastStatus(Pod pod, TaskState expected) {
    assertThat(TaskLifecycle.lastStatus(pod)).isEqualTo(expected);
  }

  private static Arguments row(String name, Pod pod, TaskState state) {
    return Arguments.of(Named.of(name, pod), state);
  }
}
