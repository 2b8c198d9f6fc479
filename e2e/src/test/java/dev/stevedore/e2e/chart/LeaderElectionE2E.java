package dev.stevedore.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.ChildProcessOperator;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.Leases;
import dev.stevedore.e2e.harness.ServiceEvents;
import dev.stevedore.e2e.harness.StevedoreCrds;
import dev.stevedore.e2e.harness.Waits;
import dev.stevedore.revision.RevisionObjects;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operator processes with leader election, as replicas of the chart run: only the one that holds the Lease
 * reconciles; when it is killed (SIGKILL, no chance to hand over), another takes the Lease within 30 s and carries
 * on (a scale change made while nobody led is applied), and nothing is written twice. A leader stopped the way the
 * kubelet stops a pod (SIGTERM) exits promptly and hands the Lease over at once.
 *
 * <p>All processes get the same HOSTNAME, as pods with hostNetwork on one node or two operators started from one
 * shell would: each must still be a different contender for the Lease.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class LeaderElectionE2E {
  private static final Logger LOG = LoggerFactory.getLogger(LeaderElectionE2E.class);
  private static final Duration RESYNC = Duration.ofSeconds(30);
  private static final Duration STEADY = Duration.ofSeconds(90);
  private static final Duration HANDOVER_BOUND = Duration.ofSeconds(30);
  /** A graceful stop hands the Lease back: well under the 15 s a standby waits for an abandoned Lease to expire. */
  private static final Duration GRACEFUL_HANDOVER_BOUND = Duration.ofSeconds(10);
  private static final Duration STOP_BOUND = Duration.ofSeconds(15);
  private static final Pattern IDENTITY = Pattern.compile("competing for Lease \\S+ as (\\S+)");
  private static final String SERVICE = "web";

  @BeforeEach
  void installCrds(KubernetesCluster cluster) {
    StevedoreCrds.install(cluster.client());
  }

  @Test
  void killingTheLeaderHandsOverWithin30SecondsAndNothingIsWrittenTwice(KubernetesCluster cluster, Ecs ecs) {
    KubernetesClient admin = cluster.client();
    String ns = ecs.namespace();
    String arn = Ecs.arn(SERVICE, 1);
    try (ChildProcessOperator first = start(cluster, ns, "first");
        ChildProcessOperator second = start(cluster, ns, "second")) {
      String secondIdentity = runUnderTheFirstOfTwo(ecs, first, second);
      Map<String, String> before = ecs.operatorObjectUids();

      // SIGKILL: no shutdown hook, the Lease is left to expire. A scale change waits for the next leader.
      long killedAt = System.nanoTime();
      first.kill();
      ecs.apply(Ecs.replicaService(SERVICE, SERVICE, 3));
      Leases.awaitHolder(admin, ns, secondIdentity, HANDOVER_BOUND);
      Duration handover = Duration.ofNanos(System.nanoTime() - killedAt);
      EcsService scaled = ecs.awaitService(SERVICE, "scaled to 3 by the new leader", STEADY,
          s -> Ecs.steadyAt(s, arn, 3));
      Duration scaledAfter = Duration.ofNanos(System.nanoTime() - killedAt);
      LOG.info("leader killed: Lease handed over after {} ms, scale change applied {} ms after the kill",
          handover.toMillis(), scaledAfter.toMillis());
      assertThat(handover).as("Lease handover after SIGKILL").isLessThan(HANDOVER_BOUND);
      assertThat(second.reconciliations(null)).as("reconciles of the new leader").isPositive();

      // Nothing written twice: the same objects, no revision registered again, each event once.
      assertThat(ecs.operatorObjectUids()).as("kind/name -> uid after the handover").isEqualTo(before);
      assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).hasSize(1);
      assertThat(admin.apps().replicaSets().inNamespace(ns).list().getItems()).as("ReplicaSets").hasSize(1);
      assertThat(admin.configMaps().inNamespace(ns).withName(RevisionObjects.counterName(SERVICE)).get()
          .getData()).containsEntry(RevisionObjects.LAST_REVISION_KEY, "1");
      TaskDefinition td = ecs.taskDefinition(SERVICE);
      assertThat(td.getStatus().latestRevision).isEqualTo(1);
      assertThat(ecs.kubernetesEvents("TaskDefinition", SERVICE)).extracting(Event::getReason)
          .as("Events on the TaskDefinition").containsOnlyOnce("Registered");
      ServiceEvents.assertEachRecordedOnce(ecs, scaled);
      LOG.info("service events, oldest first: {}", Ecs.eventsOldestFirst(scaled));
    }
  }

  @Test
  void aLeaderStoppedWithSigtermExitsPromptlyAndHandsTheLeaseOverAtOnce(KubernetesCluster cluster, Ecs ecs) {
    KubernetesClient admin = cluster.client();
    String ns = ecs.namespace();
    try (ChildProcessOperator first = start(cluster, ns, "first");
        ChildProcessOperator second = start(cluster, ns, "second")) {
      String secondIdentity = runUnderTheFirstOfTwo(ecs, first, second);
      Map<String, String> before = ecs.operatorObjectUids();

      // SIGTERM, as the kubelet stops a pod: the leader exits promptly and hands the Lease to the standby.
      long stoppedAt = System.nanoTime();
      boolean exited = first.terminate(STOP_BOUND);
      Duration stop = Duration.ofNanos(System.nanoTime() - stoppedAt);
      assertThat(exited).as("the leader exits within " + STOP_BOUND + " of SIGTERM; log " + first.log()).isTrue();
      Leases.awaitHolder(admin, ns, secondIdentity, GRACEFUL_HANDOVER_BOUND);
      Duration gracefulHandover = Duration.ofNanos(System.nanoTime() - stoppedAt);
      LOG.info("leader stopped with SIGTERM: exited after {} ms, Lease handed over after {} ms", stop.toMillis(),
          gracefulHandover.toMillis());
      ecs.apply(Ecs.replicaService(SERVICE, SERVICE, 3));
      EcsService again = ecs.awaitService(SERVICE, "scaled to 3 by the next leader", STEADY,
          s -> Ecs.steadyAt(s, Ecs.arn(SERVICE, 1), 3));
      assertThat(second.reconciliations(null)).as("reconciles of the next leader").isPositive();
      assertThat(ecs.operatorObjectUids()).as("kind/name -> uid after the handover").isEqualTo(before);
      ServiceEvents.assertEachRecordedOnce(ecs, again);
    }
  }

  @Test
  void theNewLeaderFinishesARolloutTheKilledLeaderStarted(KubernetesCluster cluster, Ecs ecs) {
    KubernetesClient admin = cluster.client();
    String ns = ecs.namespace();
    try (ChildProcessOperator first = start(cluster, ns, "first");
        ChildProcessOperator second = start(cluster, ns, "second")) {
      String secondIdentity = runUnderTheFirstOfTwo(ecs, first, second);
      ecs.apply(Ecs.replicaService(SERVICE, SERVICE, 4));
      ecs.awaitService(SERVICE, "Ready with 4 tasks", STEADY, s -> Ecs.steadyAt(s, Ecs.arn(SERVICE, 1), 4));

      // A new revision, and the leader killed once its rollout has begun: revision 2 PRIMARY, revision 1 ACTIVE.
      ecs.apply(Ecs.taskDefinition(SERVICE, Ecs.IMAGE_V2, true));
      ecs.awaitService(SERVICE, "rolling to revision 2", STEADY, s -> s.getStatus() != null
          && s.getStatus().deployments != null && s.getStatus().deployments.size() == 2);
      long killedAt = System.nanoTime();
      first.kill();
      Leases.awaitHolder(admin, ns, secondIdentity, HANDOVER_BOUND);
      Duration handover = Duration.ofNanos(System.nanoTime() - killedAt);
      EcsService done = ecs.awaitService(SERVICE, "steady on revision 2 under the new leader", STEADY,
          s -> Ecs.steadyAt(s, Ecs.arn(SERVICE, 2), 4));
      Duration finished = Duration.ofNanos(System.nanoTime() - killedAt);
      LOG.info("leader killed mid-rollout: Lease handed over after {} ms, rollout completed {} ms after the kill",
          handover.toMillis(), finished.toMillis());
      assertThat(handover).as("Lease handover after SIGKILL").isLessThan(HANDOVER_BOUND);
      assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).hasSize(1);
      assertThat(admin.apps().replicaSets().inNamespace(ns).list().getItems()).as("one per revision").hasSize(2);
      assertThat(ecs.revisions(SERVICE)).hasSize(2);
      ServiceEvents.assertEachRecordedOnce(ecs, done);
    }
  }

  /**
   * The first process leads, the second stands by, and a service of 2 tasks runs: only the leader reconciled it;
   * the standby has its caches warm and does nothing with them. Returns the standby's identity.
   */
  private static String runUnderTheFirstOfTwo(Ecs ecs, ChildProcessOperator first, ChildProcessOperator second) {
    KubernetesClient admin = ecs.client();
    String firstIdentity = identity(first);
    Leases.awaitHolder(admin, ecs.namespace(), firstIdentity, Duration.ofSeconds(30));
    String secondIdentity = identity(second);
    assertThat(secondIdentity).as("two processes with one host name are two contenders").isNotEqualTo(firstIdentity);

    ecs.apply(Ecs.cluster("default"));
    ecs.apply(Ecs.taskDefinition(SERVICE, Ecs.IMAGE_V1, true));
    ecs.apply(Ecs.replicaService(SERVICE, SERVICE, 2));
    ecs.awaitService(SERVICE, "Ready with 2 tasks", STEADY, s -> Ecs.steadyAt(s, Ecs.arn(SERVICE, 1), 2));

    assertThat(Leases.holder(Leases.lease(admin, ecs.namespace()))).isEqualTo(firstIdentity);
    assertThat(first.reconciliations(null)).as("reconciles of the leader").isPositive();
    assertThat(second.reconciliations(null)).as("reconciles of the standby").isZero();
    assertThat(second.logText()).as("the standby's log").doesNotContain("Started event processing");
    return secondIdentity;
  }

  /** An operator process that competes for the Lease in the test's namespace, with the host name of the others. */
  private static ChildProcessOperator start(KubernetesCluster cluster, String namespace, String name) {
    return ChildProcessOperator.start(cluster, namespace, RESYNC,
        ChildProcessOperator.logFile(namespace + "-" + name), Map.of(
            "STEVEDORE_LEADER_ELECTION", "true",
            "STEVEDORE_LEASE_NAMESPACE", namespace,
            "HOSTNAME", "stevedore-e2e-host"));
  }

  /** The identity the process competes for the Lease with, as it logs it when it starts. */
  private static String identity(ChildProcessOperator operator) {
    String log = Waits.until("process " + operator.pid() + " logs its Lease identity", Duration.ofSeconds(30),
        operator::logText, text -> IDENTITY.matcher(text).find(), text -> "log " + operator.log());
    Matcher m = IDENTITY.matcher(log);
    m.find();
    return m.group(1);
  }
}
