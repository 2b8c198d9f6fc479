package dev.stevedore.e2e.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.PreDeployTask;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
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
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service's pre-deploy task (spec.preDeployTask, a Stevedore extension) gating real rollouts on the local control
 * plane: KWOK's failure images (e2e/cluster/README.md) make the migration exit 0 or 1 about a second after it
 * starts, so the gate sees a task really run and end.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PreDeployTaskE2E {
  private static final Duration SETTLED = Duration.ofSeconds(90);
  private static final String REGISTRY = "registry.example.com/stevedore/";

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(Duration.ofSeconds(30));

  @BeforeEach
  void onlyOnTheLocalCluster(KubernetesCluster cluster) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "failure images are a feature of the local cluster");
  }

  /** examples/migrate-before-deploy, then its revision 2: each deployment starts only after its migration exited 0. */
  @Test
  void eachRevisionRollsOutOnlyAfterItsMigrationStoppedWithExitCodeZero(Ecs ecs) {
    ecs.applyExample("migrate-before-deploy");
    ecs.awaitService("shop", "Ready at revision 1", SETTLED, s -> Ecs.steadyAt(s, Ecs.arn("shop", 1), 2));
    assertMigratedBeforeRollout(ecs, 1);

    TaskDefinition v2 = asApplied(ecs.taskDefinition("shop"));
    v2.getSpec().containerDefinitions.get(0).image = "ghcr.io/example/shop:3.5.0";
    ecs.apply(v2);
    EcsService service = ecs.awaitService("shop", "Ready at revision 2", SETTLED,
        s -> Ecs.steadyAt(s, Ecs.arn("shop", 2), 2));

    EcsTask migration = assertMigratedBeforeRollout(ecs, 2);
    String deployment = service.getStatus().deployments.get(0).id;
    assertThat(migration.getSpec().startedBy).isEqualTo(deployment);
    assertThat(service.getStatus().preDeployTask.state).isEqualTo("SUCCEEDED");
    assertThat(Ecs.eventsOldestFirst(service)).containsSubsequence(
        "(service shop) is running pre-deploy task " + migration.getMetadata().getName() + " for deployment "
            + deployment + ".",
        "(service shop) pre-deploy task " + migration.getMetadata().getName() + " for deployment " + deployment
            + " succeeded.",
        "(service shop) (deployment " + deployment + ") deployment completed.");
  }

  /** A migration that exits 1: the deployment fails with the event, and revision 1 keeps serving. */
  @Test
  void aMigrationThatExitsOneFailsTheDeploymentAndRevisionOneKeepsServing(Ecs ecs) {
    ecs.apply(Ecs.cluster("default"));
    ecs.apply(migration("billing-migrate", REGISTRY + "migrate:exits-0"));
    ecs.apply(Ecs.taskDefinition("billing", Ecs.IMAGE_V1, true));
    EcsService billing = Ecs.replicaService("billing", "billing", 2);
    billing.getSpec().preDeployTask = new PreDeployTask();
    billing.getSpec().preDeployTask.taskDefinition = "billing-migrate";
    ecs.apply(billing);
    ecs.awaitService("billing", "Ready at revision 1", SETTLED, s -> Ecs.steadyAt(s, Ecs.arn("billing", 1), 2));

    ecs.apply(migration("billing-migrate", REGISTRY + "migrate:exits-1"));
    ecs.awaitTaskDefinition("billing-migrate", "revision 2 registered", SETTLED,
        td -> td.getStatus() != null && Integer.valueOf(2).equals(td.getStatus().latestRevision));
    ecs.apply(Ecs.withImage(Ecs.taskDefinition("billing", Ecs.IMAGE_V1, true), Ecs.IMAGE_V2));
    EcsService failed = ecs.awaitService("billing", "Stalled: PreDeployTaskFailed", SETTLED,
        s -> Ecs.stalledWith(s, "PreDeployTaskFailed"));

    ServiceDeployment primary = failed.getStatus().deployments.get(0);
    assertThat(primary.status).isEqualTo("PRIMARY");
    assertThat(primary.taskDefinition).isEqualTo(Ecs.arn("billing", 2));
    assertThat(primary.rolloutState).isEqualTo("FAILED");
    assertThat(primary.rolloutStateReason).startsWith("Pre-deploy task billing-predeploy-2-")
        .contains("container migrate exited with code 1");
    EcsTask task = migrationOf(ecs, "billing", 2).orElseThrow();
    TaskDescription ran = task.getStatus().tasks.get(0);
    assertThat(ran.taskDefinitionArn).isEqualTo(Ecs.arn("billing-migrate", 2));
    assertThat(ran.stopCode).isEqualTo("EssentialContainerExited");
    assertThat(ran.containers.get(0).exitCode).isEqualTo(1);
    assertThat(Ecs.eventsOldestFirst(failed)).anyMatch(m -> m.startsWith("(service billing) (deployment "
        + primary.id + ") deployment failed: pre-deploy task " + task.getMetadata().getName() + " failed: (task ")
        && m.contains("container migrate exited with code 1"));
    assertThat(failed.getStatus().deployments).filteredOn(d -> "ACTIVE".equals(d.status)).singleElement()
        .satisfies(d -> {
          assertThat(d.taskDefinition).isEqualTo(Ecs.arn("billing", 1));
          assertThat(d.runningCount).isEqualTo(2);
        });

    // Revision 1 serves on, and nothing of revision 2 ever starts, for as long as the spec names it.
    Waits.holdsFor("revision 1 keeps serving, nothing of revision 2 runs", Duration.ofSeconds(10),
        () -> ecs.pods("billing"),
        pods -> pods.size() == 2 && pods.stream().allMatch(p -> Ecs.arn("billing", 1).equals(taskDefinition(p))),
        pods -> pods.stream().map(p -> p.getMetadata().getName() + " " + taskDefinition(p)).toList().toString());
    assertThat(ecs.deployment("billing").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(Ecs.IMAGE_V1);
    assertThat(ecs.replicaSets("billing")).allSatisfy(rs -> assertThat(taskDefinition(rs)).isEqualTo(
        Ecs.arn("billing", 1)));
  }

  /**
   * The migration of {@code revision} stopped with exit code 0, and the first ReplicaSet of that revision was
   * created after it stopped: the API server's own timestamps say the rollout waited for it.
   */
  private static EcsTask assertMigratedBeforeRollout(Ecs ecs, int revision) {
    EcsTask task = migrationOf(ecs, "shop", revision).orElseThrow(() -> new AssertionError(
        "no pre-deploy task of revision " + revision));
    assertThat(task.getSpec().taskDefinition).isEqualTo("shop-migrate");
    TaskDescription ran = task.getStatus().tasks.get(0);
    assertThat(ran.lastStatus).isEqualTo("STOPPED");
    assertThat(ran.stopCode).isEqualTo("EssentialContainerExited");
    assertThat(ran.containers).filteredOn(c -> c.name.equals("migrate")).singleElement()
        .satisfies(c -> assertThat(c.exitCode).isZero());
    Instant stopped = Instant.parse(ran.stoppedAt).truncatedTo(ChronoUnit.SECONDS);
    List<ReplicaSet> replicaSets = ecs.replicaSets("shop").stream()
        .filter(rs -> Ecs.arn("shop", revision).equals(taskDefinition(rs))).toList();
    assertThat(replicaSets).isNotEmpty().allSatisfy(rs -> assertThat(Instant.parse(
        rs.getMetadata().getCreationTimestamp())).as("ReplicaSet %s created", rs.getMetadata().getName())
        .isAfterOrEqualTo(stopped));
    return task;
  }

  private static Optional<EcsTask> migrationOf(Ecs ecs, String service, int revision) {
    return ecs.client().resources(EcsTask.class).inNamespace(ecs.namespace()).withLabel(Labels.SERVICE, service)
        .list().getItems().stream()
        .filter(t -> t.getMetadata().getName().startsWith(service + "-predeploy-" + revision + "-"))
        .findFirst();
  }

  private static String taskDefinition(Pod pod) {
    return pod.getMetadata().getAnnotations() == null ? null
        : pod.getMetadata().getAnnotations().get(Labels.TASK_DEFINITION_ANNOTATION);
  }

  private static String taskDefinition(ReplicaSet rs) {
    var annotations = rs.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(Labels.TASK_DEFINITION_ANNOTATION);
  }

  private static TaskDefinition migration(String family, String image) {
    TaskDefinition td = Ecs.taskDefinition(family, image, false);
    ContainerDefinition c = td.getSpec().containerDefinitions.get(0);
    c.name = "migrate";
    c.portMappings = null;
    return td;
  }

  private static TaskDefinition asApplied(TaskDefinition read) {
    TaskDefinition copy = Serialization.clone(read);
    copy.getMetadata().setManagedFields(null);
    copy.getMetadata().setResourceVersion(null);
    copy.getMetadata().setUid(null);
    copy.setStatus(null);
    return copy;
  }
}
