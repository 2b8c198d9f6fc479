package dev.stevedore.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.ChildProcessOperator;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.ServiceEvents;
import dev.stevedore.e2e.harness.StevedoreCrds;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator, running as its own process the way it runs in a pod, is killed with SIGKILL at random points while
 * several services roll through two new revisions, and started again each time. Afterwards every service is steady
 * on the last revision, nothing was made twice or left behind, the revision numbers are 1, 2 and 3, and no event
 * was recorded twice.
 *
 * <p>The suite kills it {@value #DEFAULT_KILLS} times; {@code -Dstevedore.kills=20} (the {@code soak} profile) is
 * the long run. {@code -Dstevedore.seed=N} repeats a run's random points; every run logs its seed.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class OperatorKillE2E {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorKillE2E.class);
  static final int DEFAULT_KILLS = 4;
  private static final int SERVICES = 4;
  private static final Duration RESYNC = Duration.ofSeconds(10);
  private static final Duration STEADY = Duration.ofMinutes(4);

  @Test
  void killedAtRandomPointsDuringRolloutsEveryServiceConvergesWithNothingDuplicated(KubernetesCluster cluster,
      Ecs ecs) {
    int kills = Integer.getInteger("stevedore.kills", DEFAULT_KILLS);
    long seed = Long.getLong("stevedore.seed", System.nanoTime());
    Random random = new Random(seed);
    LOG.info("{} kills, seed {} (-Dstevedore.seed={} repeats these kill points)", kills, seed, seed);

    List<TaskDefinition> families = new ArrayList<>();
    StevedoreCrds.install(cluster.client());
    ChildProcessOperator operator = start(cluster, ecs, 0);
    ecs.apply(Ecs.cluster("default"));
    for (int i = 0; i < SERVICES; i++) {
      TaskDefinition td = Ecs.taskDefinition("app-" + i, Ecs.IMAGE_V1, true);
      if (i == 0) {
        td.getSpec().taskRoleArn = "app-role";
      }
      ecs.apply(td);
      families.add(td);
      ecs.apply(Ecs.replicaService("app-" + i, "app-" + i, 3, 50, 200));
    }
    for (int i = 0; i < SERVICES; i++) {
      int n = i;
      ecs.awaitService("app-" + i, "steady on revision 1", STEADY, svc -> Ecs.steadyAt(svc, Ecs.arn("app-" + n, 1), 3));
    }

    Instant t0 = Instant.now();
    for (int kill = 0; kill < kills; kill++) {
      // Two new revisions, the second while the first may still be rolling: registration, planning and the
      // rollouts themselves are all in flight at some kill point.
      if (kill == 0 || kill == kills / 2) {
        String image = kill == 0 ? Ecs.IMAGE_V2 : Ecs.IMAGE_V1 + "-b";
        for (TaskDefinition td : families) {
          ecs.apply(Ecs.withImage(td, image));
        }
      }
      // The kill point: anywhere from at once to a few seconds into what the operator is doing.
      pause(random.nextInt(3000));
      operator.kill();
      operator.close();
      operator = start(cluster, ecs, kill + 1);
    }
    try {
      for (int i = 0; i < SERVICES; i++) {
        int n = i;
        ecs.awaitService("app-" + i, "steady on revision 3 after " + kills + " kills", STEADY,
            svc -> Ecs.steadyAt(svc, Ecs.arn("app-" + n, 3), 3));
      }
      LOG.info("{} kills: all {} services steady on revision 3 {} s after the first new revision", kills, SERVICES,
          Duration.between(t0, Instant.now()).toSeconds());
    } finally {
      operator.close();
    }

    String ns = ecs.namespace();
    List<Deployment> deployments = ecs.client().apps().deployments().inNamespace(ns).list().getItems();
    assertThat(deployments).extracting(d -> d.getMetadata().getName())
        .as("one Deployment per service, no orphan").containsExactlyInAnyOrder("app-0", "app-1", "app-2", "app-3");
    assertThat(deployments).allSatisfy(d -> assertThat(d.getMetadata().getOwnerReferences()).hasSize(1));
    assertThat(ecs.client().serviceAccounts().inNamespace(ns).withLabel("app.kubernetes.io/managed-by", "stevedore")
        .list().getItems()).extracting(sa -> sa.getMetadata().getName()).containsExactly("app-0-task");
    assertThat(ecs.client().services().inNamespace(ns).withLabel("app.kubernetes.io/managed-by", "stevedore").list()
        .getItems()).hasSize(SERVICES);
    for (int i = 0; i < SERVICES; i++) {
      assertThat(ecs.revisions("app-" + i)).extracting(ControllerRevision::getRevision)
          .as("revisions of app-%d", i).containsExactlyInAnyOrder(1L, 2L, 3L);
      EcsService svc = ecs.service("app-" + i);
      List<String> events = Ecs.eventsOldestFirst(svc);
      String completed = "(service app-" + i + ") (deployment " + svc.getStatus().deployments.get(0).id
          + ") deployment completed.";
      assertThat(events).as("events of app-%d", i).filteredOn(completed::equals).hasSize(1);
      assertThat(ServiceEvents.tasksStarted(events)).as("no task named as started twice, in %s", events)
          .doesNotHaveDuplicates();
    }
    assertThat(ecs.client().apps().replicaSets().inNamespace(ns).list().getItems())
        .allSatisfy(rs -> assertThat(rs.getMetadata().getOwnerReferences()).extracting(o -> o.getName())
            .isSubsetOf(deployments.stream().map(HasMetadata::getMetadata).map(m -> m.getName()).toList()));
  }

  private static ChildProcessOperator start(KubernetesCluster cluster, Ecs ecs, int run) {
    return ChildProcessOperator.start(cluster, ecs.namespace(), RESYNC,
        ChildProcessOperator.logFile(ecs.namespace() + "-run-" + run));
  }

  /** The fault's timing, not a wait for a condition: the kill lands wherever the operator is then. */
  private static void pause(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
