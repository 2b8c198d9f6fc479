package dev.stevedore.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.ServiceEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kube-apiserver goes away in the middle of a rollout (SIGKILL, gone for 5 s) and comes back: the operator's
 * informers reconnect (after a restart the new API server's watch cache starts afresh, so watches resume from a
 * new list), the rollout completes on the new revision, nothing is made twice and the writes stay few. Only the
 * local control plane can do this to its own API server.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ApiServerRestartE2E {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServerRestartE2E.class);
  private static final Duration STEADY = Duration.ofMinutes(3);

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forTheClass(Duration.ofSeconds(10));

  @Test
  void aRolloutSurvivesTheApiServerGoingAwayAndComingBack(KubernetesCluster cluster, Ecs ecs) {
    assumeTrue(cluster.canRestartComponents(),
        "restarting the API server needs the local control plane; this run uses " + cluster.kind());
    ecs.apply(Ecs.cluster("default"));
    // No health check: each rollout step waits ECS's 40 s, so the restart lands inside the rollout.
    TaskDefinition v1 = Ecs.taskDefinition("web", Ecs.IMAGE_V1, false);
    ecs.apply(v1);
    ecs.apply(Ecs.replicaService("web", "web", 4, 50, 200));
    ecs.awaitService("web", "steady on revision 1", STEADY, svc -> Ecs.steadyAt(svc, Ecs.arn("web", 1), 4));
    var before = ecs.operatorObjectUids();

    ecs.apply(Ecs.withImage(v1, Ecs.IMAGE_V2));
    ecs.awaitService("web", "rolling to revision 2", Duration.ofSeconds(60), svc -> svc.getStatus() != null
        && svc.getStatus().deployments != null && svc.getStatus().deployments.size() == 2);
    double writesBefore = operator.writes();
    Instant t0 = Instant.now();
    cluster.restartComponent("kube-apiserver", Duration.ofSeconds(5));
    LOG.info("kube-apiserver back after {} ms", Duration.between(t0, Instant.now()).toMillis());

    EcsService done = ecs.awaitService("web", "steady on revision 2 after the restart", STEADY,
        svc -> Ecs.steadyAt(svc, Ecs.arn("web", 2), 4));
    LOG.info("rollout completed {} s after the API server was killed; writes during it: {}",
        Duration.between(t0, Instant.now()).toSeconds(), operator.writes() - writesBefore);

    var after = ecs.operatorObjectUids();
    after.keySet().removeIf(k -> k.startsWith("ControllerRevision/web-td-2"));
    assertThat(after).as("the same objects as before the rollout, none made again").isEqualTo(before);
    assertThat(ecs.client().apps().deployments().inNamespace(ecs.namespace()).list().getItems()).hasSize(1);
    assertThat(ecs.revisions("web")).hasSize(2);
    List<String> events = Ecs.eventsOldestFirst(done);
    String completed = "(service web) (deployment " + done.getStatus().deployments.get(0).id + ") deployment completed.";
    assertThat(events).filteredOn(completed::equals).hasSize(1);
    assertThat(ServiceEvents.tasksStarted(events)).doesNotHaveDuplicates();
    // A 4-task rollout in 50/200 steps is a handful of writes; a hot loop against a flapping server is hundreds.
    assertThat(operator.writes() - writesBefore).as("object writes while the rollout finished").isLessThan(20);
  }
}
