package dev.stevedore.e2e.breaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.DeploymentCircuitBreaker;
import dev.stevedore.api.v1alpha1.DeploymentConfiguration;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Kubectl;
import dev.stevedore.e2e.harness.PodSampler;
import dev.stevedore.e2e.harness.Pods;
import dev.stevedore.e2e.harness.Repository;
import dev.stevedore.e2e.harness.Waits;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment circuit breaker on a real control plane, with KWOK's failure images (e2e/cluster/README.md): a
 * service at revision 1 is updated to a revision whose tasks crash-loop, cannot pull their image or never become
 * ready. The breaker trips at ECS's threshold (3 for 4 tasks); with rollback the service returns to revision 1's
 * very ReplicaSet without going below minimumHealthyPercent, and stays there, writing nothing, although Argo CD
 * or Flux keep applying the failed revision; without rollback it halts and revision 1's tasks keep serving. A slow
 * but healthy rollout does not trip it. The scenarios (one per test, each in its own namespace) run side by side to
 * keep the suite short.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CircuitBreakerE2E {
  private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakerE2E.class);
  private static final Duration RESYNC = Duration.ofSeconds(5);
  private static final Duration STEADY = Duration.ofSeconds(150);
  private static final Duration TRIP = Duration.ofSeconds(90);
  private static final String CRASHLOOP = "registry.example.com/shop/crashloop:2";
  private static final String PULL_ERROR = "registry.example.com/shop/pull-error:2";
  private static final String NEVER_READY = "registry.example.com/shop/never-ready:2";

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forEachTest(RESYNC);

  @BeforeEach
  void onTheLocalCluster(KubernetesCluster cluster, Ecs ecs) {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "the failure images are KWOK stages of the local cluster");
    ecs.apply(Ecs.cluster("default"));
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aCrashLoopingRevisionRollsBackAndStableWaitsForTheFix(KubernetesCluster cluster, Ecs ecs) throws Exception {
    LOG.info("circuit breaker, crashloop with rollback: {}",
        rollsBack(ecs, "crash", CRASHLOOP, 50, 200, Kubectl.forCluster(cluster)));
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aCrashLoopingRevisionWithoutRollbackHalts(Ecs ecs) {
    LOG.info("circuit breaker, crashloop without rollback: {}", halts(ecs, "halt", CRASHLOOP));
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void anImageThatCannotBePulledRollsBack(Ecs ecs) throws Exception {
    LOG.info("circuit breaker, pull error with rollback: {}", rollsBack(ecs, "pull", PULL_ERROR, null, null, null));
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void tasksThatNeverBecomeReadyRollBack(Ecs ecs) throws Exception {
    LOG.info("circuit breaker, never ready with rollback: {}",
        rollsBack(ecs, "unready", NEVER_READY, null, null, null));
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aSlowButHealthyRolloutDoesNotTrip(KubernetesCluster cluster, Ecs ecs) {
    LOG.info("circuit breaker, slow but healthy: {}", slowButHealthy(ecs, Kubectl.forCluster(cluster)));
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void aCrashLoopingDaemonRollsBack(Ecs ecs) {
    LOG.info("circuit breaker, daemon crashloop with rollback: {}", daemonRollsBack(ecs));
  }

  @Test
  @Execution(ExecutionMode.CONCURRENT)
  void theCircuitBreakerExampleRollsBack(Ecs ecs) {
    LOG.info("circuit breaker, examples/circuit-breaker: {}", example(ecs));
  }

  /**
   * d=4 at revision 1, then a failing revision 2 with rollback on: the breaker trips, revision 1's ReplicaSet is
   * scaled back up (never below ceil(4 x min / 100) available tasks), and the service stays rolled back across
   * resync periods and re-applies of the same spec, until a new revision clears the failure. With kubectl,
   * kubectl wait for Stable is shown to time out while rolled back and to return once the new revision completes.
   */
  private String rollsBack(Ecs ecs, String name, String badImage, Integer min, Integer max, Kubectl kubectl)
      throws Exception {
    int desired = 4;
    int lower = (desired * (min == null ? 100 : min) + 99) / 100;
    TaskDefinition v1 = steadyAtRevision1(ecs, withBreaker(Ecs.replicaService(name, name, desired, min, max), true),
        true);
    String arn1 = Ecs.arn(name, 1);
    String arn2 = Ecs.arn(name, 2);
    EcsService steady1 = ecs.service(name);
    String id1 = steady1.getStatus().deployments.get(0).id;
    String hash1 = templateHash(ecs.pods(name).get(0));
    List<String> replicaSets1 = replicaSetNames(ecs, name);

    long start = System.nanoTime();
    double tripSeconds;
    Set<String> story = new LinkedHashSet<>();
    PodSampler.Summary summary;
    List<PodSampler.Sample> outside;
    EcsService tripped;
    EcsService back;
    try (PodSampler sampler = new PodSampler(ecs.client(), ecs.namespace(), name, 0)) {
      ecs.apply(Ecs.withImage(v1, badImage));
      tripped = ecs.awaitService(name, "the breaker tripped", TRIP, recording(story,
          s -> failed(s, arn2).isPresent()));
      tripSeconds = secondsSince(start);
      back = ecs.awaitService(name, "rolled back: revision 1 completed, revision 2 failed", STEADY, recording(story,
          s -> rolledBackAndSteady(s, arn1, arn2, desired)));
      ecs.awaitPods(name, "only revision 1's pods are left, all ready", Duration.ofSeconds(60),
          pods -> pods.size() == desired && pods.stream().allMatch(p -> "1".equals(Pods.revision(p)) && Pods.isReady(p)));
      summary = sampler.summary();
      outside = sampler.outside(lower, Integer.MAX_VALUE);
    }
    double backSeconds = secondsSince(start);
    ServiceDeployment failed = failed(back, arn2).orElseThrow();
    String id2 = failed.id;

    // Tripped at ECS's threshold: clamp(ceil(4 / 2), 3, 200) = 3.
    assertThat(failed(tripped, arn2).orElseThrow().failedTasks).as(name + ": failed tasks when it tripped")
        .isGreaterThanOrEqualTo(3);
    assertThat(failed.rolloutStateReason).isEqualTo("ECS deployment circuit breaker: rolling back to deploymentId "
        + id1 + ".");
    assertThat(back.getStatus().rollback.failedDeploymentId).isEqualTo(id2);
    assertThat(back.getStatus().rollback.deploymentId).isEqualTo(id1);
    assertThat(back.getStatus().rollback.taskDefinition).isEqualTo(arn1);
    assertThat(back.getStatus().taskDefinition).isEqualTo(arn1);
    assertThat(back.getStatus().runningCount).isEqualTo(desired);
    assertThat(Ecs.condition(back, "Stable")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("RolledBack");
    });
    assertThat(Ecs.isTrue(back, "Stalled")).isFalse();

    // Capacity: never below the minimum while it happened.
    assertThat(outside).as(name + ": samples with fewer than " + lower + " available tasks").isEmpty();
    assertThat(summary.minAvailable()).as(name + " fewest available").isGreaterThanOrEqualTo(lower);

    // The very same ReplicaSet of revision 1 runs again: the rollback is not a new rollout of revision 1.
    assertThat(ecs.pods(name)).extracting(CircuitBreakerE2E::templateHash).containsOnly(hash1);
    List<String> replicaSets = replicaSetNames(ecs, name);
    assertThat(replicaSets).as(name + ": revision 1's ReplicaSet plus the failed one, nothing more")
        .containsAll(replicaSets1).hasSize(replicaSets1.size() + 1);

    // The story in ECS's words, in order, in status and as Kubernetes Events.
    String svc = "(service " + name + ")";
    List<String> events = Ecs.eventsOldestFirst(back);
    int failedAt = events.indexOf(svc + " (deployment " + id2 + ") deployment failed: tasks failed to start.");
    int rollingBack = events.indexOf(svc + " rolling back to deployment " + id1 + ".");
    int completed = events.lastIndexOf(svc + " (deployment " + id1 + ") deployment completed.");
    assertThat(failedAt).as(name + " events: " + events).isNotNegative();
    assertThat(rollingBack).as(name + " events: " + events).isGreaterThan(failedAt);
    assertThat(completed).as(name + " events: " + events).isGreaterThan(rollingBack);
    assertThat(ecs.kubernetesEvents(name)).extracting(Event::getNote).contains(events.get(failedAt),
        events.get(rollingBack));

    // Argo CD or Flux apply the same spec again; several resync periods pass: nothing moves, nothing is written.
    ecs.apply(withBreaker(Ecs.replicaService(name, name, desired, min, max), true));
    ecs.apply(Ecs.withImage(v1, badImage));
    EcsService settled = ecs.awaitService(name, "still rolled back", Duration.ofSeconds(30),
        s -> rolledBackAndSteady(s, arn1, arn2, desired));
    // The Deployment controller finishes its own bookkeeping (status, the failed ReplicaSet's scale-down) on its
    // own schedule; the quiet window starts once Kubernetes has settled too, and then Stevedore must write nothing.
    Waits.until(name + ": Deployment and ReplicaSets settled", Duration.ofSeconds(60), () -> ecs.deployment(name),
        d -> workloadSettled(ecs, name, d, desired), d -> String.valueOf(d.getStatus()));
    double writesBefore = operator.writes(ecs.namespace());
    // The test is that nothing happens: a window of 3 resync periods in which no resourceVersion moves. Kubernetes
    // may still disturb its own objects now and then on a loaded machine (that restarts the window, logged with who
    // wrote); an operator that writes in its steady state never gives such a window, and fails.
    Waits.quietFor(name + ": resourceVersions over 3 resync periods",
        RESYNC.multipliedBy(3).plusSeconds(2), Duration.ofSeconds(75), () -> resourceVersions(ecs, name),
        (was, now) -> LOG.warn("{}: the quiet window restarts: {} -> {}\n{}", name, was, now, whoWrote(ecs, name)),
        now -> "last " + now + "\nStevedore's writes meanwhile: " + (operator.writes(ecs.namespace()) - writesBefore)
            + "\n" + whoWrote(ecs, name));
    assertThat(operator.writes(ecs.namespace())).as(name + ": Stevedore's writes (apply, replace, delete) while"
        + " rolled back and steady").isEqualTo(writesBefore);
    assertThat(ecs.pods(name)).extracting(CircuitBreakerE2E::templateHash).containsOnly(hash1).hasSize(desired);
    assertThat(ecs.service(name).getStatus().rollback.startedAt).isEqualTo(settled.getStatus().rollback.startedAt);
    if (kubectl != null) {
      assertThatThrownBy(() -> kubectl.run("-n", ecs.namespace(), "wait", "--for=condition=Stable",
          "ecsservice/" + name, "--timeout=2s")).as(name + ": rolled back is not Stable")
          .hasMessageContaining("timed out");

      // A new revision clears the failure: it rolls out, and the service is Stable again.
      ecs.apply(Ecs.withImage(v1, Ecs.IMAGE_V2));
      String arn3 = Ecs.arn(name, 3);
      EcsService fixed = ecs.awaitService(name, "steady at revision 3", STEADY,
          s -> Ecs.steadyAt(s, arn3, desired) && Ecs.isTrue(s, "Stable"));
      assertThat(fixed.getStatus().rollback).isNull();
      assertThat(kubectl.run("-n", ecs.namespace(), "wait", "--for=condition=Stable", "ecsservice/" + name,
          "--timeout=30s")).contains("condition met");
    }

    return String.format("tripped with failedTasks=%d after %.1f s, rolled back and steady after %.1f s;"
            + " available >= %d (minimum %d) over %d samples; story %s", failed(tripped, arn2).get().failedTasks,
        tripSeconds, backSeconds, summary.minAvailable(), lower, summary.samples(), story);
  }

  /** Rollback off: the deployment fails, launches no more tasks, and revision 1's tasks keep serving. */
  private String halts(Ecs ecs, String name, String badImage) {
    int desired = 4;
    TaskDefinition v1 = steadyAtRevision1(ecs, withBreaker(Ecs.replicaService(name, name, desired, 50, 200), false),
        true);
    String arn2 = Ecs.arn(name, 2);
    long start = System.nanoTime();
    ecs.apply(Ecs.withImage(v1, badImage));
    EcsService halted = ecs.awaitService(name, "the breaker halted revision 2", TRIP,
        s -> failed(s, arn2).filter(d -> "PRIMARY".equals(d.status)).isPresent() && Ecs.isTrue(s, "Stalled"));
    double tripSeconds = secondsSince(start);
    ServiceDeployment failed = failed(halted, arn2).orElseThrow();
    assertThat(failed.rolloutStateReason).isEqualTo("ECS deployment circuit breaker: tasks failed to start.");
    assertThat(failed.failedTasks).isGreaterThanOrEqualTo(3);
    assertThat(halted.getStatus().rollback).isNull();
    assertThat(Ecs.condition(halted, "Stalled").orElseThrow().getReason()).isEqualTo("DeploymentFailed");
    assertThat(Ecs.condition(halted, "Stable").orElseThrow().getStatus()).isEqualTo("False");
    assertThat(ecs.deployment(name).getSpec().getPaused()).as(name + ": no more new tasks").isTrue();
    assertThat(ecs.deployment(name).getSpec().getStrategy().getType())
        .as(name + ": a paused RollingUpdate Deployment would still fill its surge").isEqualTo("Recreate");

    // Revision 1's tasks still serve, and keep serving.
    Waits.until(name + ": the Deployment controller saw the pause", Duration.ofSeconds(30), () -> ecs.deployment(name),
        d -> d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration()),
        d -> String.valueOf(d.getStatus()));
    List<String> serving = readyOfRevision(ecs, name, "1");
    assertThat(serving).as(name + ": revision 1 tasks still serving").hasSizeGreaterThanOrEqualTo(2);
    String svc = "(service " + name + ")";
    assertThat(Ecs.eventsOldestFirst(halted)).contains(svc + " (deployment " + failed.id
        + ") deployment failed: tasks failed to start.").noneMatch(e -> e.contains("rolling back"));

    EcsService quiet = ecs.service(name);
    List<String> failing = podsOfRevision(ecs, name, "2");
    long deploymentGeneration = ecs.deployment(name).getMetadata().getGeneration();
    // The test is that nothing happens in this window: every reading in it must find the service as it was.
    Waits.holdsFor(name + ": nothing written over 3 resync periods", RESYNC.multipliedBy(3).plusSeconds(2),
        () -> ecs.service(name).getMetadata().getResourceVersion(),
        quiet.getMetadata().getResourceVersion()::equals, String::valueOf);
    EcsService later = ecs.service(name);
    assertThat(Serialization.asYaml(later.getStatus())).as(name + ": status unchanged")
        .isEqualTo(Serialization.asYaml(quiet.getStatus()));
    assertThat(later.getMetadata().getResourceVersion()).as(name + ": nothing written")
        .isEqualTo(quiet.getMetadata().getResourceVersion());
    assertThat(ecs.deployment(name).getMetadata().getGeneration()).isEqualTo(deploymentGeneration);
    assertThat(readyOfRevision(ecs, name, "1")).as(name + ": the same revision 1 tasks").isEqualTo(serving);
    assertThat(podsOfRevision(ecs, name, "2")).as(name + ": no new task of the failed revision").isEqualTo(failing);
    return String.format("halted with failedTasks=%d after %.1f s; %d revision-1 tasks still serving",
        failed.failedTasks, tripSeconds, serving.size());
  }

  /**
   * No health check: ECS counts a task healthy 40 s after it starts (minReadySeconds 40), so the rollout is slow,
   * but no task fails. It completes, with no failed task, and kubectl wait for Stable returns.
   */
  private String slowButHealthy(Ecs ecs, Kubectl kubectl) {
    String name = "slow";
    int desired = 4;
    TaskDefinition v1 = steadyAtRevision1(ecs, withBreaker(Ecs.replicaService(name, name, desired, 50, 200), true),
        false);
    String arn2 = Ecs.arn(name, 2);
    long start = System.nanoTime();
    Set<String> story = new LinkedHashSet<>();
    ecs.apply(Ecs.withImage(v1, Ecs.IMAGE_V2));
    EcsService done = ecs.awaitService(name, "steady at revision 2", STEADY,
        recording(story, s -> Ecs.steadyAt(s, arn2, desired)));
    double seconds = secondsSince(start);
    assertThat(story).as(name + ": never FAILED").noneMatch(s -> s.contains("FAILED"));
    assertThat(done.getStatus().deployments.get(0).failedTasks).isZero();
    assertThat(done.getStatus().rollback).isNull();
    assertThat(Ecs.isTrue(done, "Stable")).isTrue();
    assertThat(kubectl.run("-n", ecs.namespace(), "wait", "--for=condition=Stable", "ecsservice/" + name,
        "--timeout=30s")).contains("condition met");
    return String.format("completed in %.1f s with failedTasks=0; story %s", seconds, story);
  }

  /** A DAEMON service: the breaker trips over the eligible nodes' count, and the DaemonSet goes back to revision 1. */
  private String daemonRollsBack(Ecs ecs) {
    String name = "agent";
    TaskDefinition v1 = Ecs.taskDefinition(name, Ecs.IMAGE_V1, true);
    ecs.apply(v1);
    ecs.apply(withBreaker(Ecs.daemonService(name, name, 50), true));
    String arn1 = Ecs.arn(name, 1);
    String arn2 = Ecs.arn(name, 2);
    EcsService steady = ecs.awaitService(name, "steady at revision 1", STEADY,
        s -> Ecs.ready(s) && arn1.equals(s.getStatus().taskDefinition) && s.getStatus().desiredCount != null
            && s.getStatus().desiredCount > 0 && Objects.equals(s.getStatus().runningCount, s.getStatus().desiredCount));
    int nodes = steady.getStatus().desiredCount;
    String hash1 = ecs.pods(name).get(0).getMetadata().getLabels().get("controller-revision-hash");
    long start = System.nanoTime();
    ecs.apply(Ecs.withImage(v1, CRASHLOOP));
    EcsService back = ecs.awaitService(name, "rolled back", STEADY,
        s -> rolledBackAndSteady(s, arn1, arn2, nodes));
    double seconds = secondsSince(start);
    ecs.awaitPods(name, "one ready revision 1 task per node", Duration.ofSeconds(60),
        pods -> pods.size() == nodes && pods.stream().allMatch(p -> "1".equals(Pods.revision(p)) && Pods.isReady(p)));
    assertThat(ecs.pods(name)).as("the DaemonSet's own revision 1 again")
        .allSatisfy(p -> assertThat(p.getMetadata().getLabels()).containsEntry("controller-revision-hash", hash1));
    int failedTasks = failed(back, arn2).orElseThrow().failedTasks;
    assertThat(failedTasks).isGreaterThanOrEqualTo(3);
    return String.format("%d nodes; tripped with failedTasks=%d, back at revision 1 after %.1f s", nodes, failedTasks,
        seconds);
  }

  /** examples/circuit-breaker does what its comment says: an image with "crashloop" in it is rolled back. */
  private String example(Ecs ecs) {
    List<HasMetadata> resources = ecs.applyFile(Repository.examples().resolve("circuit-breaker/checkout.yaml"));
    TaskDefinition v1 = resources.stream().filter(r -> "TaskDefinition".equals(r.getKind()))
        .map(r -> Serialization.unmarshal(Serialization.asJson(r), TaskDefinition.class)).findFirst().orElseThrow();
    String name = "checkout";
    String arn1 = Ecs.arn(name, 1);
    String arn2 = Ecs.arn(name, 2);
    ecs.awaitService(name, "steady at revision 1", STEADY, s -> Ecs.steadyAt(s, arn1, 4) && Ecs.isTrue(s, "Stable"));
    long start = System.nanoTime();
    ecs.apply(Ecs.withImage(v1, "ghcr.io/example/checkout:crashloop"));
    EcsService back = ecs.awaitService(name, "rolled back", STEADY, s -> rolledBackAndSteady(s, arn1, arn2, 4));
    return String.format("rolled back after %.1f s with failedTasks=%d", secondsSince(start),
        failed(back, arn2).orElseThrow().failedTasks);
  }

  // ---------------------------------------------------------------------------------------------------------

  /**
   * A REPLICA service of the family named after it, steady with all its tasks at revision 1 (with or without a
   * health check); returns revision 1's task definition.
   */
  private static TaskDefinition steadyAtRevision1(Ecs ecs, EcsService service, boolean healthCheck) {
    String name = service.getMetadata().getName();
    TaskDefinition v1 = Ecs.taskDefinition(name, Ecs.IMAGE_V1, healthCheck);
    ecs.apply(v1);
    ecs.apply(service);
    int desired = service.getSpec().desiredCount;
    ecs.awaitService(name, "steady at revision 1", STEADY, s -> Ecs.steadyAt(s, Ecs.arn(name, 1), desired));
    return v1;
  }

  private static EcsService withBreaker(EcsService service, boolean rollback) {
    if (service.getSpec().deploymentConfiguration == null) {
      service.getSpec().deploymentConfiguration = new DeploymentConfiguration();
    }
    DeploymentCircuitBreaker breaker = new DeploymentCircuitBreaker();
    breaker.enable = true;
    breaker.rollback = rollback;
    service.getSpec().deploymentConfiguration.deploymentCircuitBreaker = breaker;
    return service;
  }

  /** The deployment of {@code arn} when the breaker failed it. */
  private static Optional<ServiceDeployment> failed(EcsService s, String arn) {
    if (s == null || s.getStatus() == null || s.getStatus().deployments == null) {
      return Optional.empty();
    }
    return s.getStatus().deployments.stream()
        .filter(d -> arn.equals(d.taskDefinition) && "FAILED".equals(d.rolloutState)).findFirst();
  }

  /** Back at revision 1, completed and ready, with revision 2 failed and no longer running, and Stable false. */
  private static boolean rolledBackAndSteady(EcsService s, String arn1, String arn2, int desired) {
    if (!Ecs.ready(s) || s.getStatus().rollback == null) {
      return false;
    }
    List<ServiceDeployment> d = s.getStatus().deployments;
    return arn1.equals(s.getStatus().taskDefinition) && Objects.equals(s.getStatus().runningCount, desired)
        && Objects.equals(s.getStatus().pendingCount, 0) && d.size() == 2
        && "PRIMARY".equals(d.get(0).status) && arn1.equals(d.get(0).taskDefinition)
        && "COMPLETED".equals(d.get(0).rolloutState)
        && "INACTIVE".equals(d.get(1).status) && arn2.equals(d.get(1).taskDefinition)
        && "FAILED".equals(d.get(1).rolloutState)
        && Ecs.condition(s, "Stable").map(c -> "False".equals(c.getStatus()) && "RolledBack".equals(c.getReason()))
            .orElse(false);
  }

  /** Records each distinct shape of deployments[] the polls see, in order. */
  private static Predicate<EcsService> recording(Set<String> story, Predicate<EcsService> condition) {
    return s -> {
      if (s != null && s.getStatus() != null && s.getStatus().deployments != null) {
        story.add(String.join(", ", s.getStatus().deployments.stream()
            .map(d -> d.status + " " + d.taskDefinition.substring(d.taskDefinition.lastIndexOf('/') + 1) + " "
                + d.rolloutState).toList()));
      }
      return condition.test(s);
    };
  }

  private static String templateHash(Pod p) {
    return p.getMetadata().getLabels().get("pod-template-hash");
  }

  private static List<String> readyOfRevision(Ecs ecs, String name, String revision) {
    return ecs.pods(name).stream().filter(p -> revision.equals(Pods.revision(p)) && Pods.isReady(p))
        .map(p -> p.getMetadata().getName()).sorted().toList();
  }

  private static List<String> podsOfRevision(Ecs ecs, String name, String revision) {
    return ecs.pods(name).stream().filter(p -> revision.equals(Pods.revision(p)))
        .map(p -> p.getMetadata().getName()).sorted().toList();
  }

  private static List<String> replicaSetNames(Ecs ecs, String service) {
    return ecs.replicaSets(service).stream().map(rs -> rs.getMetadata().getName()).sorted().toList();
  }

  /** The Deployment rolled out completely, and no other ReplicaSet of the service still has pods. */
  private static boolean workloadSettled(Ecs ecs, String name, Deployment d, int desired) {
    var status = d.getStatus();
    boolean deploymentDone = status != null && Objects.equals(status.getObservedGeneration(),
        d.getMetadata().getGeneration()) && Objects.equals(status.getReplicas(), desired)
        && Objects.equals(status.getUpdatedReplicas(), desired)
        && Objects.equals(status.getAvailableReplicas(), desired)
        && status.getConditions() != null && status.getConditions().stream()
            .anyMatch(c -> "Progressing".equals(c.getType()) && "NewReplicaSetAvailable".equals(c.getReason()));
    long withPods = ecs.replicaSets(name).stream()
        .filter(rs -> rs.getStatus() != null && rs.getStatus().getReplicas() != null && rs.getStatus().getReplicas() > 0)
        .count();
    return deploymentDone && withPods == 1 && ecs.pods(name).size() == desired;
  }

  /** Who last wrote the Deployment and ReplicaSets, and the pods' readiness: what a failed quiet window needs. */
  private static String whoWrote(Ecs ecs, String name) {
    StringBuilder out = new StringBuilder();
    Stream.<HasMetadata>concat(Stream.of(ecs.deployment(name)), ecs.replicaSets(name).stream()).forEach(r -> {
      out.append(r.getKind()).append('/').append(r.getMetadata().getName()).append(':');
      r.getMetadata().getManagedFields().forEach(m -> out.append(' ').append(m.getManager()).append('/')
          .append(m.getOperation()).append(m.getSubresource() == null ? "" : "/" + m.getSubresource()).append('@')
          .append(m.getTime()));
      out.append('\n');
    });
    ecs.pods(name).forEach(p -> out.append("Pod/").append(p.getMetadata().getName()).append(" node ")
        .append(p.getSpec().getNodeName()).append(' ').append(p.getStatus().getConditions().stream()
            .map(c -> c.getType() + "=" + c.getStatus() + "@" + c.getLastTransitionTime()).toList()).append('\n'));
    return out.toString();
  }

  /** kind/name -> resourceVersion of the service, its Deployment and ReplicaSets. */
  private static Map<String, String> resourceVersions(Ecs ecs, String name) {
    Map<String, String> versions = new TreeMap<>();
    Stream.<HasMetadata>concat(Stream.of(ecs.service(name), ecs.deployment(name)), ecs.replicaSets(name).stream())
        .forEach(r -> versions.put(r.getKind() + "/" + r.getMetadata().getName(), r.getMetadata().getResourceVersion()));
    return versions;
  }

  private static double secondsSince(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
