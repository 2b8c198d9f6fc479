package dev.stevedore.e2e.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDescription;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Waits;
import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Standalone tasks (RunTask / StopTask) with the operator running on the local control plane: KWOK's failure
 * images (e2e/cluster/README.md) exit 0 or 1 about a second after they start, so a task really runs and ends.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RunTaskE2E {
  private static final Duration STOPPED = Duration.ofSeconds(60);
  private static final String REGISTRY = "registry.example.com/stevedore/";

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(Duration.ofSeconds(30));

  @BeforeEach
  void onlyOnTheLocalCluster(KubernetesCluster cluster) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "failure images are a feature of the local cluster");
  }

  @Test
  void theRunTaskExampleRunsOnceAndStopsWithExitCodeZero(Ecs ecs) {
    ecs.applyExample("run-task");

    EcsTask task = awaitTask(ecs, "shop-migrate-0042", "STOPPED", t -> "STOPPED".equals(lastStatus(t)));

    TaskDescription t = task.getStatus().tasks.get(0);
    assertThat(t.stopCode).isEqualTo("EssentialContainerExited");
    assertThat(t.stoppedReason).isEqualTo("Essential container in task exited");
    assertThat(t.startedBy).isEqualTo("deploy/0042");
    assertThat(t.group).isEqualTo("family:shop-migrate");
    assertThat(t.taskDefinitionArn).isEqualTo("arn:aws:ecs:us-east-1:123456789012:task-definition/shop-migrate:1");
    assertThat(t.taskArn).matches("arn:aws:ecs:us-east-1:123456789012:task/default/[0-9a-f]{32}");
    assertThat(t.containers).filteredOn(c -> c.name.equals("migrate")).singleElement()
        .satisfies(c -> assertThat(c.exitCode).isZero());
    assertThat(t.startedAt).isNotNull();
    assertThat(t.stoppedAt).isNotNull();
    // The sidecar kept running after migrate exited: Stevedore stopped the task by deleting its pod.
    Waits.until("the task's pod deleted", STOPPED, () -> pods(ecs, "shop-migrate-0042"), List::isEmpty,
        Object::toString);
    assertThat(task.getStatus().tasks).as("a task runs once").hasSize(1);
  }

  @Test
  void tasksWhoseEssentialContainerExitsOneStopWithExitCodeOne(Ecs ecs) {
    ecs.apply(Ecs.cluster("default"));
    ecs.apply(taskDefinition("failing", REGISTRY + "job:exits-1"));
    ecs.apply(Ecs.task("failing-run", "failing", 2));

    EcsTask task = awaitTask(ecs, "failing-run", "both tasks STOPPED",
        t -> "STOPPED".equals(lastStatus(t)) && t.getStatus().tasks.size() == 2);

    assertThat(task.getStatus().tasks).allSatisfy(t -> {
      assertThat(t.stopCode).isEqualTo("EssentialContainerExited");
      assertThat(t.desiredStatus).isEqualTo("STOPPED");
      assertThat(t.containers).singleElement().satisfies(c -> {
        assertThat(c.exitCode).isEqualTo(1);
        assertThat(c.lastStatus).isEqualTo("STOPPED");
      });
    });
    assertThat(task.getStatus().tasks).extracting(t -> t.taskArn).doesNotHaveDuplicates();
    assertThat(pods(ecs, "failing-run")).as("kept for the retention period").hasSize(2)
        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Failed"));
    assertThat(task.getStatus().stoppedCount).isEqualTo(2);
  }

  @Test
  void aRunningTaskStoppedWithDesiredStatusStoppedIsUserInitiated(Ecs ecs) {
    ecs.apply(Ecs.cluster("default"));
    ecs.apply(taskDefinition("worker", Ecs.IMAGE_V1));
    ecs.apply(Ecs.task("worker-run", "worker", 1));
    awaitTask(ecs, "worker-run", "RUNNING", t -> "RUNNING".equals(lastStatus(t)));

    EcsTask stop = Ecs.task("worker-run", "worker", 1);
    stop.getSpec().desiredStatus = EcsTaskSpec.STOPPED;
    ecs.apply(stop);

    EcsTask task = awaitTask(ecs, "worker-run", "STOPPED", t -> "STOPPED".equals(lastStatus(t)));
    TaskDescription t = task.getStatus().tasks.get(0);
    assertThat(t.stopCode).isEqualTo("UserInitiated");
    assertThat(t.stoppedReason).isEqualTo("Task stopped by user");
    assertThat(t.stoppingAt).isNotNull();
    assertThat(pods(ecs, "worker-run")).isEmpty();
  }

  private static EcsTask awaitTask(Ecs ecs, String name, String what, Predicate<EcsTask> condition) {
    return Waits.until(what + " (EcsTask " + ecs.namespace() + "/" + name + ")", STOPPED,
        () -> ecs.client().resources(EcsTask.class).inNamespace(ecs.namespace()).withName(name).get(),
        t -> t != null && t.getStatus() != null && condition.test(t),
        t -> t == null ? "no such EcsTask" : Serialization.asYaml(t.getStatus()));
  }

  private static String lastStatus(EcsTask task) {
    return task.getStatus().lastStatus;
  }

  private static List<Pod> pods(Ecs ecs, String task) {
    return ecs.client().pods().inNamespace(ecs.namespace()).withLabel(Labels.TASK, task).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private static TaskDefinition taskDefinition(String family, String image) {
    TaskDefinition td = Ecs.taskDefinition(family, image, false);
    ContainerDefinition c = td.getSpec().containerDefinitions.get(0);
    c.portMappings = null;
    return td;
  }
}
