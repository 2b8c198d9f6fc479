package dev.stevedore.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.ChildProcessOperator;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.ServiceEvents;
import dev.stevedore.e2e.harness.StevedoreCrds;
import dev.stevedore.e2e.harness.Waits;
import dev.stevedore.revision.RevisionObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator is killed (SIGKILL) in the middle of a rollout and started again: the rollout completes, nothing is
 * created twice, and the revision numbers stay what they were. The operator runs as its own process here, the way
 * it runs in a pod, so the kill is a real one.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OperatorRestartE2E {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRestartE2E.class);
  private static final Duration RESYNC = Duration.ofSeconds(10);
  private static final Duration STEADY = Duration.ofSeconds(150);

  @Test
  void anOperatorKilledMidRolloutFinishesItAfterARestartWithoutDuplicatesOrNewRevisionNumbers(
      KubernetesCluster cluster, Ecs ecs) {
    KubernetesClient client = cluster.client();
    StevedoreCrds.install(client);
    String namespace = ecs.namespace();
    String name = "web";
    String arn1 = Ecs.arn(name, 1);
    String arn2 = Ecs.arn(name, 2);
    Map<String, String> before;
    EcsService atKill;
    Deployment deploymentAtKill;
    ChildProcessOperator first = ChildProcessOperator.start(cluster, namespace, RESYNC,
        ChildProcessOperator.logFile(namespace + "-first"));
    try {
      ecs.apply(Ecs.cluster("default"));
      // No health check: each step of the rollout waits ECS's 40 s, which leaves time to kill the operator in it.
      TaskDefinition v1 = Ecs.taskDefinition(name, Ecs.IMAGE_V1, false);
      ecs.apply(v1);
      ecs.apply(Ecs.replicaService(name, name, 4, 50, 200));
      ecs.awaitService(name, "Ready on revision 1", STEADY, svc -> Ecs.steadyAt(svc, arn1, 4));
      before = ecs.operatorObjectUids();

      ecs.apply(Ecs.withImage(v1, Ecs.IMAGE_V2));
      atKill = ecs.awaitService(name, "rolling: tasks of revision 2 started, revision 1 still ACTIVE",
          Duration.ofSeconds(60), svc -> rolling(svc, arn1, arn2));
      before.putAll(ecs.operatorObjectUids());
      deploymentAtKill = ecs.deployment(name);
      first.kill();
    } finally {
      first.close();
    }
    assertThat(deploymentAtKill.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .as("the operator had applied revision 2 before it died").isEqualTo(Ecs.IMAGE_V2);
    String deployment2 = atKill.getStatus().deployments.get(0).id;
    LOG.info("killed mid-rollout; status then: {}", atKill.getStatus().deployments.stream()
        .map(d -> d.status + " " + d.taskDefinition + " " + d.rolloutState + " running " + d.runningCount + " pending "
            + d.pendingCount).toList());

    EcsService done;
    try (ChildProcessOperator second = ChildProcessOperator.start(cluster, namespace, RESYNC,
        ChildProcessOperator.logFile(namespace + "-second"))) {
      Deployment deploymentAtRestart = ecs.deployment(name);
      LOG.info("restarted as process {}; Deployment then: replicas {}, updated {}, available {}", second.pid(),
          deploymentAtRestart.getStatus().getReplicas(), deploymentAtRestart.getStatus().getUpdatedReplicas(),
          deploymentAtRestart.getStatus().getAvailableReplicas());
      done = ecs.awaitService(name, "Ready on revision 2 after the restart", STEADY,
          svc -> Ecs.steadyAt(svc, arn2, 4));
      // One more resync, to see that the restarted operator does not make anything again afterwards.
      Waits.until("a resync after the rollout", RESYNC.multipliedBy(3), () -> second.reconciliations("EcsService"),
          n -> n >= 3, String::valueOf);
    }

    // Same objects as before the kill (same uids), none twice, and revision numbers 1 and 2 only.
    Map<String, String> after = ecs.operatorObjectUids();
    assertThat(after).as("kind/name -> uid after the restart").isEqualTo(before);
    List<ControllerRevision> revisions = ecs.revisions(name);
    assertThat(revisions).extracting(ControllerRevision::getRevision).containsExactly(1L, 2L);
    ConfigMap counter = client.configMaps().inNamespace(namespace).withName(RevisionObjects.counterName(name)).get();
    if (counter != null) {
      assertThat(counter.getData()).containsEntry(RevisionObjects.LAST_REVISION_KEY, "2");
    }
    TaskDefinition td = ecs.taskDefinition(name);
    if (td.getStatus() != null && td.getStatus().latestRevision != null) {
      assertThat(td.getStatus().latestRevision).isEqualTo(2);
    }
    assertThat(client.apps().deployments().inNamespace(namespace).list().getItems()).hasSize(1);
    assertThat(client.apps().replicaSets().inNamespace(namespace).list().getItems())
        .as("one ReplicaSet per revision").hasSize(2)
        .extracting(ReplicaSet::getSpec).extracting(s -> s.getReplicas()).containsExactlyInAnyOrder(0, 4);
    assertThat(client.services().inNamespace(namespace).list().getItems()).hasSize(1);

    // The story survived the restart: the deployment kept its id, and completed exactly once.
    assertThat(done.getStatus().deployments).singleElement().extracting(d -> d.id).isEqualTo(deployment2);
    List<String> events = Ecs.eventsOldestFirst(done);
    String completed = "(service web) (deployment " + deployment2 + ") deployment completed.";
    assertThat(events).as("events after the restart").filteredOn(completed::equals).hasSize(1);
    assertThat(events.get(events.size() - 1)).isEqualTo("(service web) has reached a steady state.");
    assertThat(ServiceEvents.tasksStarted(events)).as("no task named as started twice, in " + events)
        .doesNotHaveDuplicates();
    LOG.info("after the restart: {}", events);
  }

  /** PRIMARY on revision 2, IN_PROGRESS and with tasks of its own, beside revision 1 still ACTIVE and running. */
  private static boolean rolling(EcsService svc, String arn1, String arn2) {
    if (svc.getStatus() == null || svc.getStatus().deployments == null || svc.getStatus().deployments.size() != 2) {
      return false;
    }
    ServiceDeployment primary = svc.getStatus().deployments.get(0);
    ServiceDeployment active = svc.getStatus().deployments.get(1);
    return "PRIMARY".equals(primary.status) && arn2.equals(primary.taskDefinition)
        && "IN_PROGRESS".equals(primary.rolloutState) && "ACTIVE".equals(active.status)
        && arn1.equals(active.taskDefinition) && Objects.requireNonNullElse(active.runningCount, 0) > 0
        && Objects.requireNonNullElse(primary.runningCount, 0) + Objects.requireNonNullElse(primary.pendingCount, 0) > 0;
  }
}
