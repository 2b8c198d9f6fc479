package dev.stevedore.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceEventsTest {

  @Test
  void taskStartsStopsAndSteadyStateStayInStatusOnly() {
    assertThat(List.of(
        ServiceEvents.startedTasks("web", 2, List.of("a1", "b2")),
        ServiceEvents.startedTasks("web", 1, List.of()),
        ServiceEvents.stoppedTasks("web", 3),
        ServiceEvents.steadyState("web")))
        .noneMatch(ServiceEvents::recordedAsKubernetesEvent);
  }

  @Test
  void taskProgressIsStartsAndStopsNotSteadyState() {
    assertThat(ServiceEvents.reportsTaskProgress(ServiceEvents.startedTasks("web", 2, List.of("a1", "b2")))).isTrue();
    assertThat(ServiceEvents.reportsTaskProgress(ServiceEvents.stoppedTasks("web", 1))).isTrue();
    assertThat(ServiceEvents.reportsTaskProgress(ServiceEvents.steadyState("web"))).isFalse();
    assertThat(ServiceEvents.reportsTaskProgress(ServiceEvents.deploymentCompleted("web", "ecs-svc/1"))).isFalse();
  }

  @Test
  void deploymentMilestonesAndProblemsAreKubernetesEventsToo() {
    assertThat(List.of(
        ServiceEvents.deploymentCompleted("web", "ecs-svc/1"),
        ServiceEvents.deploymentFailed("web", "ecs-svc/1"),
        ServiceEvents.rollingBack("web", "ecs-svc/1"),
        ServiceEvents.preDeployTaskRunning("web", "migrate", "ecs-svc/1"),
        ServiceEvents.preDeployTaskFailed("web", "ecs-svc/1", "migrate", "exit code 1"),
        ServiceEvents.unableToConsistentlyStartTasks("web"),
        ServiceEvents.deploymentConfigurationStuck("web"),
        ServiceEvents.unableToStart("web", "the task has started 2 tasks: no"),
        ServiceEvents.unableToPlace("web", "no node has stopped 1 running tasks.")))
        .allMatch(ServiceEvents::recordedAsKubernetesEvent);
  }
}
