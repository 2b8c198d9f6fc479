package dev.stevedore.reconcile.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.stevedore.api.GeneratedCrds;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.EcsTaskStatus;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.TaskDescription;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.reconcile.taskdefinition.TaskDefinitionReconciler;
import dev.stevedore.naming.Labels;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The EcsTask reconciler (with the TaskDefinition reconciler, which registers the revisions it runs) against a real
 * kube-apiserver. There is no scheduler or kubelet: the test writes a pod's status as a kubelet would.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class EcsTaskReconcilerIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  static KubernetesClient client;

  private String namespace;
  private Operator operator;

  @BeforeAll
  static void installCrds() {
    GeneratedCrds.install(client);
  }

  @BeforeEach
  void createNamespace() {
    namespace = "task-" + UUID.randomUUID().toString().substring(0, 8);
    client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    // No controller-manager here to create it; pods without a task role run as the namespace's default.
    client.resource(new ServiceAccountBuilder().withNewMetadata().withName("default").withNamespace(namespace)
        .endMetadata().build()).create();
  }

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
  }

  @Test
  void anUnknownTaskDefinitionStallsUntilItAppearsThenEachTaskGetsItsPod() {
    start(OperatorSettings.defaults());
    apply(cluster());
    apply(task("report", "batch", 2, null));

    EcsTask stalled = awaitTask("report", t -> condition(t, "Stalled", "True", "ClientException"));
    assertThat(stalled.getStatus().conditions).filteredOn(c -> c.getType().equals("Stalled")).singleElement()
        .satisfies(c -> assertThat(c.getMessage()).isEqualTo("TaskDefinition not found: batch."));
    assertThat(pods("report")).isEmpty();

    apply(taskDefinition("batch", "registry.example.com/batch:exits-0"));

    await().atMost(WAIT).until(() -> pods("report").size() == 2);
    for (Pod pod : pods("report")) {
      assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
      assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
        assertThat(o.getKind()).isEqualTo("EcsTask");
        assertThat(o.getController()).isTrue();
      });
      assertThat(pod.getMetadata().getLabels()).containsEntry(Labels.FAMILY, "batch")
          .containsEntry(Labels.REVISION, "1").containsEntry(Labels.CLUSTER, "default");
    }
    EcsTask running = awaitTask("report", t -> t.getStatus().tasks != null && t.getStatus().tasks.size() == 2
        && condition(t, "Stalled", "False", "Reconciled"));
    assertThat(running.getStatus().taskDefinitionArn)
        .isEqualTo("arn:aws:ecs:us-east-1:000000000000:task-definition/batch:1");
    assertThat(running.getStatus().tasks).allSatisfy(t -> {
      assertThat(t.lastStatus).as("no scheduler: never bound to a node").isEqualTo("PROVISIONING");
      assertThat(t.taskArn).matches("arn:aws:ecs:us-east-1:000000000000:task/default/[0-9a-f]{32}");
    });
  }

  @Test
  void anEssentialContainerExitStopsTheTaskWithItsExitCodeAndThePodIsKept() {
    start(OperatorSettings.defaults());
    apply(cluster());
    apply(taskDefinition("batch", "registry.example.com/batch:exits-1"));
    apply(task("once", "batch", 1, null));
    await().atMost(WAIT).until(() -> pods("once").size() == 1);

    exited(pods("once").get(0), 3);

    EcsTask stopped = awaitTask("once", t -> "STOPPED".equals(t.getStatus().lastStatus));
    TaskDescription task = stopped.getStatus().tasks.get(0);
    assertThat(task.stopCode).isEqualTo("EssentialContainerExited");
    assertThat(task.stoppedReason).isEqualTo("Essential container in task exited");
    assertThat(task.containers).singleElement().satisfies(c -> assertThat(c.exitCode).isEqualTo(3));
    assertThat(condition(stopped, "Ready", "True", "TasksStopped")).isTrue();
    assertThat(pods("once")).as("kept for the retention period (1 h)").hasSize(1);
    await().atMost(WAIT).until(() -> client.events().v1().events().inNamespace(namespace).list().getItems().stream()
        .anyMatch(e -> "TaskStopped".equals(e.getReason()) && e.getNote().contains("exit code 3")));
  }

  @Test
  void desiredStatusStoppedDeletesThePodsAndTheTasksStopUserInitiated() {
    start(OperatorSettings.defaults());
    apply(cluster());
    apply(taskDefinition("batch", "registry.example.com/batch:1"));
    apply(task("daemon", "batch", 2, null));
    awaitTask("daemon", t -> t.getStatus().tasks != null && t.getStatus().tasks.size() == 2);

    apply(task("daemon", "batch", 2, EcsTaskSpec.STOPPED));

    await().atMost(WAIT).until(() -> pods("daemon").isEmpty());
    EcsTask stopped = awaitTask("daemon", t -> "STOPPED".equals(t.getStatus().lastStatus));
    assertThat(stopped.getStatus().tasks).hasSize(2).allSatisfy(t -> {
      assertThat(t.stopCode).isEqualTo("UserInitiated");
      assertThat(t.stoppedReason).isEqualTo("Task stopped by user");
      assertThat(t.desiredStatus).isEqualTo("STOPPED");
    });
    assertThat(pods("daemon")).as("a stopped task is never started again").isEmpty();
  }

  @Test
  void aStoppedTasksPodIsCleanedUpAfterTheRetentionAndItsRecordStays() {
    start(OperatorSettings.from(Map.of("STEVEDORE_STOPPED_TASK_RETENTION_SECONDS", "3")));
    apply(cluster());
    apply(taskDefinition("batch", "registry.example.com/batch:exits-0"));
    apply(task("short", "batch", 1, null));
    await().atMost(WAIT).until(() -> pods("short").size() == 1);

    exited(pods("short").get(0), 0);

    await().atMost(WAIT).until(() -> pods("short").isEmpty());
    EcsTask task = client.resources(EcsTask.class).inNamespace(namespace).withName("short").get();
    assertThat(task.getStatus().tasks).singleElement().satisfies(t -> {
      assertThat(t.lastStatus).isEqualTo("STOPPED");
      assertThat(t.stopCode).isEqualTo("EssentialContainerExited");
      assertThat(t.containers.get(0).exitCode).isZero();
    });
  }

  @Test
  void aPodTheApiServerRefusesStallsTheRequestWithItsReason() {
    // PodSecurity's restricted level refuses the pods as translated (no runAsNonRoot, no seccomp profile).
    client.namespaces().withName(namespace).edit(n -> {
      n.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
      return n;
    });
    start(OperatorSettings.defaults());
    apply(cluster());
    apply(taskDefinition("batch", "registry.example.com/batch:1"));
    apply(task("refused", "batch", 1, null));

    EcsTask stalled = awaitTask("refused", t -> condition(t, "Stalled", "True", EcsTaskReconciler.POD_REFUSED));

    assertThat(stalled.getStatus().conditions).filteredOn(c -> c.getType().equals("Stalled")).singleElement()
        .satisfies(c -> assertThat(c.getMessage()).startsWith("The API server refused the pod of task 0: ")
            .contains("violates PodSecurity"));
    assertThat(pods("refused")).isEmpty();
    await().atMost(WAIT).until(() -> client.events().v1().events().inNamespace(namespace).list().getItems().stream()
        .anyMatch(e -> EcsTaskReconciler.POD_REFUSED.equals(e.getReason())));
  }

  @Test
  void aPrivilegedTaskStallsInAClusterThatDoesNotAllowIt() {
    start(OperatorSettings.defaults());
    apply(cluster());
    TaskDefinition privileged = taskDefinition("admin", "registry.example.com/admin:1");
    privileged.getSpec().containerDefinitions.get(0).privileged = true;
    apply(privileged);
    apply(task("fsck", "admin", 1, null));

    // Until the revision is registered the task is stalled for that (ClientException too): wait for the policy.
    EcsTask stalled = awaitTask("fsck", t -> condition(t, "Stalled", "True", "ClientException")
        && t.getStatus().conditions.stream().anyMatch(c -> c.getMessage().contains("privileged")));

    assertThat(stalled.getStatus().tasks).isNull();
    assertThat(pods("fsck")).isEmpty();
  }

  private void start(OperatorSettings settings) {
    operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
    operator.register(new TaskDefinitionReconciler(settings, Clock.systemUTC()), o -> o.settingNamespaces(namespace));
    operator.register(new EcsTaskReconciler(settings, Clock.systemUTC()), o -> o.settingNamespaces(namespace));
    operator.start();
  }

  /** What a kubelet writes when the pod's only container exits (restartPolicy Never). */
  private void exited(Pod pod, int exitCode) {
    String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).editStatus(p -> {
      p.getStatus().setPhase(exitCode == 0 ? "Succeeded" : "Failed");
      p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder()
          .withName(p.getSpec().getContainers().get(0).getName()).withImage(p.getSpec().getContainers().get(0).getImage())
          .withImageID("").withReady(false).withRestartCount(0).withStarted(false)
          .withNewState().withNewTerminated().withExitCode(exitCode).withReason(exitCode == 0 ? "Completed" : "Error")
          .withStartedAt(now).withFinishedAt(now).endTerminated().endState().build()));
      return p;
    });
  }

  private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void apply(T resource) {
    resource.getMetadata().setNamespace(namespace);
    client.resource(resource).fieldManager("user").forceConflicts().serverSideApply();
  }

  private List<Pod> pods(String task) {
    return client.pods().inNamespace(namespace).withLabel(Labels.TASK, task).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  private EcsTask awaitTask(String name, Predicate<EcsTask> condition) {
    return client.resources(EcsTask.class).inNamespace(namespace).withName(name).waitUntilCondition(
        t -> t != null && t.getStatus() != null && condition.test(t), WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static boolean condition(EcsTask task, String type, String status, String reason) {
    EcsTaskStatus s = task.getStatus();
    return s != null && s.conditions != null && s.conditions.stream().anyMatch(c -> type.equals(c.getType())
        && status.equals(c.getStatus()) && reason.equals(c.getReason()));
  }

  private static EcsCluster cluster() {
    EcsCluster cluster = new EcsCluster();
    cluster.setMetadata(new ObjectMetaBuilder().withName("default").build());
    cluster.setSpec(new EcsClusterSpec());
    return cluster;
  }

  private static TaskDefinition taskDefinition(String family, String image) {
    ContainerDefinition c = new ContainerDefinition();
    c.name = "job";
    c.image = image;
    c.memory = 128;
    TaskDefinitionSpec spec = new TaskDefinitionSpec();
    spec.family = family;
    spec.containerDefinitions = new ArrayList<>(List.of(c));
    TaskDefinition td = new TaskDefinition();
    td.setMetadata(new ObjectMetaBuilder().withName(family).build());
    td.setSpec(spec);
    return td;
  }

  private static EcsTask task(String name, String taskDefinition, int count, String desiredStatus) {
    EcsTask task = new EcsTask();
    task.setMetadata(new ObjectMetaBuilder().withName(name).build());
    task.setSpec(new EcsTaskSpec());
    task.getSpec().taskDefinition = taskDefinition;
    task.getSpec().count = count;
    task.getSpec().desiredStatus = desiredStatus;
    return task;
  }
}
