package dev.stevedore.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.ServiceEvent;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.cluster.TestNamespace;
import dev.stevedore.e2e.operator.ChildProcessOperator;
import dev.stevedore.e2e.operator.Ecs;
import dev.stevedore.e2e.operator.Metrics;
import dev.stevedore.e2e.operator.StevedoreCrds;
import dev.stevedore.revision.RevisionObjects;
import dev.stevedore.naming.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two operator processes with leader election, as two replicas of the chart run: only the one that holds the Lease
 * reconciles; when it is killed (SIGKILL, no chance to hand over), the other takes the Lease within 30 s and carries
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

  @Test
  void killingTheLeaderHandsOverWithin30SecondsAndNothingIsWrittenTwice(KubernetesCluster cluster,
      TestNamespace namespace) {
    KubernetesClient admin = cluster.client();
    StevedoreCrds.install(admin);
    String ns = namespace.name();
    Ecs ecs = new Ecs(admin, ns);
    String arn = ecs.arn(SERVICE, 1);
    Map<String, String> environment = Map.of(
        "STEVEDORE_LEADER_ELECTION", "true",
        "STEVEDORE_LEASE_NAMESPACE", ns,
        "HOSTNAME", "stevedore-e2e-host");

    try (ChildProcessOperator first = start(cluster, ns, "first", environment)) {
      String firstIdentity = identity(first);
      awaitHolder(admin, ns, firstIdentity, Duration.ofSeconds(30));
      try (ChildProcessOperator second = start(cluster, ns, "second", environment)) {
        String secondIdentity = identity(second);
        assertThat(secondIdentity).as("two processes with one host name are two contenders")
            .isNotEqualTo(firstIdentity);

        ecs.apply(Ecs.cluster("default"));
        ecs.apply(Ecs.taskDefinition(SERVICE, Ecs.IMAGE_V1, true));
        ecs.apply(Ecs.replicaService(SERVICE, SERVICE, 2, null, null));
        ecs.awaitService(SERVICE, "Ready with 2 tasks", STEADY, s -> Ecs.steadyAt(s, arn, 2));

        // Only the leader reconciles; the standby has its caches warm and does nothing with them.
        assertThat(holder(lease(admin, ns))).isEqualTo(firstIdentity);
        assertThat(reconciles(first)).as("reconciles of the leader").isPositive();
        assertThat(reconciles(second)).as("reconciles of the standby").isZero();
        assertThat(log(second)).as("the standby's log").doesNotContain("Started event processing");
        Map<String, String> before = uids(admin, ns);

        // SIGKILL: no shutdown hook, the Lease is left to expire. A scale change waits for the next leader.
        long killedAt = System.nanoTime();
        first.kill();
        ecs.apply(Ecs.replicaService(SERVICE, SERVICE, 3, null, null));
        awaitHolder(admin, ns, secondIdentity, HANDOVER_BOUND);
        Duration handover = Duration.ofNanos(System.nanoTime() - killedAt);
        EcsService scaled = ecs.awaitService(SERVICE, "scaled to 3 by the new leader", STEADY,
            s -> Ecs.steadyAt(s, arn, 3));
        Duration scaledAfter = Duration.ofNanos(System.nanoTime() - killedAt);
        LOG.info("leader killed: Lease handed over after {} ms, scale change applied {} ms after the kill",
            handover.toMillis(), scaledAfter.toMillis());
        assertThat(handover).as("Lease handover after SIGKILL").isLessThan(HANDOVER_BOUND);
        assertThat(reconciles(second)).as("reconciles of the new leader").isPositive();

        // Nothing written twice: the same objects, no revision registered again, each event once.
        assertThat(uids(admin, ns)).as("kind/name -> uid after the handover").isEqualTo(before);
        assertThat(admin.apps().deployments().inNamespace(ns).list().getItems()).hasSize(1);
        assertThat(admin.apps().replicaSets().inNamespace(ns).list().getItems()).as("ReplicaSets").hasSize(1);
        assertThat(admin.configMaps().inNamespace(ns).withName(RevisionObjects.counterName(SERVICE)).get()
            .getData()).containsEntry(RevisionObjects.LAST_REVISION_KEY, "1");
        TaskDefinition td = ecs.taskDefinition(SERVICE);
        assertThat(td.getStatus().latestRevision).isEqualTo(1);
        assertThat(kubernetesEvents(admin, ns, "TaskDefinition", SERVICE)).extracting(Event::getReason)
            .as("Events on the TaskDefinition").containsOnlyOnce("Registered");
        assertEachEventOnce(admin, ns, scaled);

        // SIGTERM, as the kubelet stops a pod: the leader exits promptly and hands the Lease to the next standby.
        try (ChildProcessOperator third = start(cluster, ns, "third", environment)) {
          String thirdIdentity = identity(third);
          long stoppedAt = System.nanoTime();
          boolean exited = second.terminate(STOP_BOUND);
          Duration stop = Duration.ofNanos(System.nanoTime() - stoppedAt);
          assertThat(exited).as("the leader exits within " + STOP_BOUND + " of SIGTERM; log " + second.log())
              .isTrue();
          awaitHolder(admin, ns, thirdIdentity, GRACEFUL_HANDOVER_BOUND);
          Duration gracefulHandover = Duration.ofNanos(System.nanoTime() - stoppedAt);
          LOG.info("leader stopped with SIGTERM: exited after {} ms, Lease handed over after {} ms", stop.toMillis(),
              gracefulHandover.toMillis());
          ecs.apply(Ecs.replicaService(SERVICE, SERVICE, 2, null, null));
          EcsService again = ecs.awaitService(SERVICE, "scaled to 2 by the third leader", STEADY,
              s -> Ecs.steadyAt(s, arn, 2));
          assertThat(reconciles(third)).as("reconciles of the third leader").isPositive();
          assertThat(uids(admin, ns)).as("kind/name -> uid after the second handover").isEqualTo(before);
          assertEachEventOnce(admin, ns, again);
        }
      }
    }
  }

  private static ChildProcessOperator start(KubernetesCluster cluster, String namespace, String name,
      Map<String, String> environment) {
    return ChildProcessOperator.start(cluster, namespace, RESYNC,
        ChildProcessOperator.logFile(namespace + "-" + name), environment);
  }

  /** The identity the process competes for the Lease with, as it logs it when it starts. */
  private static String identity(ChildProcessOperator operator) {
    String line = Ecs.await("process " + operator.pid() + " logs its Lease identity", Duration.ofSeconds(30),
        () -> log(operator), text -> IDENTITY.matcher(text).find(), text -> "log " + operator.log());
    Matcher m = IDENTITY.matcher(line);
    m.find();
    return m.group(1);
  }

  private static String log(ChildProcessOperator operator) {
    try {
      return Files.readString(operator.log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double reconciles(ChildProcessOperator operator) {
    return Metrics.sum(operator.metrics(), "operator_sdk_reconciliations_started_total", null);
  }

  private static Lease lease(KubernetesClient admin, String namespace) {
    return admin.leases().inNamespace(namespace).withName(OperatorSettings.LEASE_NAME).get();
  }

  private static String holder(Lease lease) {
    return lease == null || lease.getSpec() == null ? "" : Objects.toString(lease.getSpec().getHolderIdentity(), "");
  }

  private static void awaitHolder(KubernetesClient admin, String namespace, String identity, Duration timeout) {
    Ecs.await("Lease " + namespace + "/" + OperatorSettings.LEASE_NAME + " held by " + identity, timeout,
        () -> lease(admin, namespace), lease -> holder(lease).equals(identity),
        lease -> "holder " + holder(lease));
  }

  /** kind/name -> uid of everything the operator made (ReplicaSets and pods are the controllers'). */
  private static Map<String, String> uids(KubernetesClient admin, String namespace) {
    return Stream.<List<? extends HasMetadata>>of(
            admin.apps().deployments().inNamespace(namespace).list().getItems(),
            admin.services().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list()
                .getItems(),
            admin.serviceAccounts().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .list().getItems(),
            admin.configMaps().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list()
                .getItems(),
            admin.apps().controllerRevisions().inNamespace(namespace).list().getItems())
        .flatMap(List::stream)
        .collect(Collectors.toMap(r -> r.getKind() + "/" + r.getMetadata().getName(), r -> r.getMetadata().getUid(),
            (a, b) -> a, TreeMap::new));
  }

  private static List<Event> kubernetesEvents(KubernetesClient admin, String namespace, String kind, String name) {
    return admin.events().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> e.getRegarding() != null && kind.equals(e.getRegarding().getKind())
            && name.equals(e.getRegarding().getName()))
        .toList();
  }

  /**
   * Each ECS event of the service was recorded once: unique ids in status, no task reported started twice, and
   * no Kubernetes Event that the status does not hold (two writers would each record theirs).
   */
  private static void assertEachEventOnce(KubernetesClient admin, String namespace, EcsService service) {
    List<ServiceEvent> events = service.getStatus().events;
    assertThat(events).extracting(e -> e.id).as("event ids").doesNotHaveDuplicates();
    List<String> started = new ArrayList<>();
    Pattern task = Pattern.compile("\\(task ([0-9a-z-]+)\\)");
    for (ServiceEvent e : events) {
      if (e.message.contains(" has started ")) {
        Matcher m = task.matcher(e.message);
        while (m.find()) {
          started.add(m.group(1));
        }
      }
    }
    assertThat(started).as("tasks reported started, in " + Ecs.eventsOldestFirst(service)).doesNotHaveDuplicates();
    Map<String, Long> inStatus = events.stream().collect(Collectors.groupingBy(e -> e.message, Collectors.counting()));
    Map<String, Long> recorded = kubernetesEvents(admin, namespace, "EcsService", SERVICE).stream()
        .filter(e -> "ServiceEvent".equals(e.getReason()))
        .collect(Collectors.groupingBy(Event::getNote, Collectors.counting()));
    Map<String, Long> extra = new HashMap<>();
    recorded.forEach((note, count) -> {
      long expected = inStatus.getOrDefault(note, 0L);
      if (count > expected) {
        extra.put(note, count - expected);
      }
    });
    assertThat(extra).as("Kubernetes Events recorded more often than the service's status holds them; status: "
        + Ecs.eventsOldestFirst(service)).isEmpty();
    LOG.info("service events, oldest first: {}", Ecs.eventsOldestFirst(service));
  }
}
