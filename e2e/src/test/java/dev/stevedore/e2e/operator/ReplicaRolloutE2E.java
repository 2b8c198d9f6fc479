package dev.stevedore.e2e.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.PodSampler;
import dev.stevedore.e2e.harness.Pods;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REPLICA services roll from revision 1 to revision 2 of their task definition within ECS's bounds: for desired
 * count d, never fewer than ceil(d*min/100) healthy tasks and never more than floor(d*max/100) tasks.
 *
 * <p>The task definitions have no health check, so (like ECS) a task counts as healthy 40 s after it starts: the
 * Deployment has minReadySeconds 40, and for 40 s the new pods are Ready but not available. That is what makes the
 * bounds bite: a wrong maxUnavailable would stop old tasks the new ones cannot yet stand in for, and the sampler
 * would catch it. The rollouts (one per scenario, each in its own namespace) run at the same time to keep the
 * suite fast.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ReplicaRolloutE2E {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaRolloutE2E.class);
  private static final Duration STEADY = Duration.ofSeconds(150);

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forEachTest(Duration.ofSeconds(30));

  /**
   * One rollout: d tasks within min/max (null for ECS's defaults), and the numbers ECS and Kubernetes derive.
   *
   * @param lower ceil(d*min/100): healthy tasks that must remain
   * @param upper floor(d*max/100): tasks that may exist
   */
  record Scenario(String name, int desired, Integer min, Integer max, int lower, int upper) {
    int maxSurge() {
      return Math.max(0, upper - desired);
    }

    int maxUnavailable() {
      return desired - lower;
    }

    @Override
    public String toString() {
      return "d=" + desired + " min=" + min + " max=" + max;
    }
  }

  static List<Scenario> scenarios() {
    return List.of(
        new Scenario("web-4-50-200", 4, 50, 200, 2, 8),
        new Scenario("web-4-defaults", 4, null, null, 4, 8),
        new Scenario("web-1-0-100", 1, 0, 100, 0, 1));
  }

  @ParameterizedTest(name = "{0}")
  @Execution(ExecutionMode.CONCURRENT)
  @MethodSource("scenarios")
  void aReplicaServiceRollsToTheNewRevisionWithinMinimumHealthyAndMaximumPercent(Scenario scenario, Ecs ecs) {
    ecs.apply(Ecs.cluster("default"));
    LOG.info("rollout {}: {}", scenario.name(), roll(ecs, scenario));
  }

  private String roll(Ecs ecs, Scenario s) {
    long start = System.nanoTime();
    TaskDefinition v1 = Ecs.taskDefinition(s.name(), Ecs.IMAGE_V1, false);
    ecs.apply(v1);
    ecs.apply(Ecs.replicaService(s.name(), s.name(), s.desired(), s.min(), s.max()));

    String arn1 = Ecs.arn(s.name(), 1);
    EcsService steady1 = ecs.awaitService(s.name(), "Ready with " + s.desired() + " tasks of revision 1", STEADY,
        svc -> Ecs.steadyAt(svc, arn1, s.desired()));
    String deployment1 = steady1.getStatus().deployments.get(0).id;
    long readyAfter = System.nanoTime() - start;

    Deployment deployment = ecs.deployment(s.name());
    assertThat(deployment.getSpec().getReplicas()).as(s.name() + " replicas").isEqualTo(s.desired());
    assertThat(deployment.getSpec().getMinReadySeconds()).as(s.name() + ": no health check, ECS's 40 s rule")
        .isEqualTo(40);
    var rolling = deployment.getSpec().getStrategy().getRollingUpdate();
    assertThat(rolling.getMaxSurge().getIntVal()).as(s.name() + " maxSurge as an integer").isEqualTo(s.maxSurge());
    assertThat(rolling.getMaxUnavailable().getIntVal()).as(s.name() + " maxUnavailable as an integer")
        .isEqualTo(s.maxUnavailable());
    List<String> podsOfRevision1 = ecs.pods(s.name()).stream().map(p -> p.getMetadata().getName()).toList();

    PodSampler.Summary summary;
    List<PodSampler.Sample> outside;
    EcsService steady2;
    long rollStart = System.nanoTime();
    try (PodSampler sampler = new PodSampler(ecs.client(), ecs.namespace(), s.name(), 40)) {
      ecs.apply(Ecs.withImage(v1, Ecs.IMAGE_V2));
      String arn2 = Ecs.arn(s.name(), 2);
      steady2 = ecs.awaitService(s.name(), "Ready with " + s.desired() + " tasks of revision 2", STEADY,
          svc -> Ecs.steadyAt(svc, arn2, s.desired()));
      ecs.awaitPods(s.name(), "only the new revision's pods are left", Duration.ofSeconds(30),
          pods -> pods.size() == s.desired() && pods.stream().allMatch(p -> "2".equals(Pods.revision(p))));
      summary = sampler.summary();
      outside = sampler.outside(s.lower(), s.upper());
    }
    long rolledAfter = System.nanoTime() - rollStart;

    // The revisions: 1 and 2, registered by the TaskDefinition's reconciler.
    assertThat(ecs.revisions(s.name())).extracting(ControllerRevision::getRevision).containsExactly(1L, 2L);
    assertThat(ecs.revisions(s.name())).extracting(r -> r.getMetadata().getName())
        .containsExactly(Ecs.revisionName(s.name(), 1), Ecs.revisionName(s.name(), 2));

    // The bounds held at every sample, and the samples saw a rollout worth the name.
    assertThat(outside).as(s.name() + ": samples outside [" + s.lower() + " available, " + s.upper() + " total]")
        .isEmpty();
    assertThat(summary.polls()).as(s.name() + ": polls every 200 ms over the rollout").isGreaterThan(50);
    assertThat(summary.minAvailable()).as(s.name() + " fewest available").isGreaterThanOrEqualTo(s.lower());
    assertThat(summary.maxTotal()).as(s.name() + " most tasks").isLessThanOrEqualTo(s.upper());
    if (s.upper() > s.desired()) {
      // ECS starts new tasks first when it may: old and new run side by side, above the desired count.
      assertThat(summary.mixedSeen()).as(s.name() + ": old and new tasks side by side").isTrue();
      assertThat(summary.mixedSeenPolled()).as(s.name() + ": the 200 ms polls saw them side by side too").isTrue();
      assertThat(summary.maxTotal()).as(s.name() + ": surged above the desired count").isGreaterThan(s.desired());
    } else {
      // No room above d: the old task must go first, and never runs beside the new one.
      assertThat(summary.maxTotal()).as(s.name() + ": never above the desired count").isEqualTo(s.desired());
    }
    if (s.lower() < s.desired()) {
      // ECS stops old tasks first when min allows it: fewer healthy tasks than desired, for a while.
      assertThat(summary.minAvailable()).as(s.name() + ": went below the desired count as min allows")
          .isLessThan(s.desired());
    } else {
      assertThat(summary.minAvailable()).as(s.name() + ": never below the desired count").isEqualTo(s.desired());
    }
    assertThat(ecs.pods(s.name())).extracting(p -> p.getMetadata().getName()).doesNotContainAnyElementsOf(podsOfRevision1);

    // The story, in ECS's words, oldest first.
    String deployment2 = steady2.getStatus().deployments.get(0).id;
    assertThat(deployment2).matches("ecs-svc/\\d{19}").isNotEqualTo(deployment1);
    List<String> events = Ecs.eventsOldestFirst(steady2);
    String svc = "(service " + s.name() + ")";
    int created = indexOf(events, svc + " has started ", 0);
    int completed1 = indexOf(events, svc + " (deployment " + deployment1 + ") deployment completed.", created);
    int steadyBefore = indexOf(events, svc + " has reached a steady state.", completed1);
    int completed2 = indexOf(events, svc + " (deployment " + deployment2 + ") deployment completed.", steadyBefore);
    assertThat(events.get(events.size() - 1)).as(s.name() + " newest event").isEqualTo(svc + " has reached a steady state.");
    List<String> rollout = events.subList(steadyBefore + 1, completed2);
    assertThat(count(rollout, Pattern.compile(Pattern.quote(svc) + " has started (\\d+) tasks[:.].*")))
        .as(s.name() + ": tasks started during the rollout, in " + rollout).isEqualTo(s.desired());
    assertThat(count(rollout, Pattern.compile(Pattern.quote(svc) + " has stopped (\\d+) running tasks\\..*")))
        .as(s.name() + ": tasks stopped during the rollout, in " + events).isEqualTo(s.desired());
    assertThat(ecs.kubernetesEvents(s.name())).extracting(Event::getNote)
        .as(s.name() + ": the milestones as Kubernetes Events")
        .contains(svc + " (deployment " + deployment2 + ") deployment completed.")
        .as(s.name() + ": task starts, stops and steady state only in status (the ReplicaSets' Events say them)")
        .noneMatch(note -> note.startsWith(svc + " has started ") || note.startsWith(svc + " has stopped ")
            || note.equals(svc + " has reached a steady state."));

    return String.format("d=%d min=%s max=%s (L=%d, U=%d): Ready in %.1f s, rolled in %.1f s; %s",
        s.desired(), s.min(), s.max(), s.lower(), s.upper(), readyAfter / 1e9, rolledAfter / 1e9, summary);
  }

  private static int indexOf(List<String> events, String prefix, int from) {
    for (int i = from; i < events.size(); i++) {
      if (events.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no event '" + prefix + "' at or after position " + from + " of " + events);
  }

  /** Adds up the number in the first group of every matching event. */
  private static int count(List<String> events, Pattern pattern) {
    int sum = 0;
    for (String e : events) {
      Matcher m = pattern.matcher(e);
      if (m.matches()) {
        sum += Integer.parseInt(m.group(1));
      }
    }
    return sum;
  }
}
