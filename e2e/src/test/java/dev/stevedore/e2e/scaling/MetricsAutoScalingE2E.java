package dev.stevedore.e2e.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.e2e.cluster.ClusterExtension;
import dev.stevedore.e2e.cluster.ClusterKind;
import dev.stevedore.e2e.cluster.KubernetesCluster;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.FakeMetricsApi;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.e2e.harness.Waits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Target tracking on CPU with simulated pod metrics: the test serves the resource metrics API to the cluster's
 * aggregator (KWOK runs no containers, so nothing else could say what the tasks use). With the tasks at 100% of
 * their CPU and a 50% target the autoscaler scales the service out to its maximum; at 12% it scales back in to its
 * minimum, not before the scale-in cooldown; ECS's "has started" / "has stopped" events tell the story.
 */
@ExtendWith(ClusterExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class MetricsAutoScalingE2E {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsAutoScalingE2E.class);
  private static final Duration WITHIN = Duration.ofSeconds(180);
  private static final int SCALE_IN_COOLDOWN = 20;

  @RegisterExtension
  static final InProcessOperator operator = InProcessOperator.forEachTest(Duration.ofSeconds(30));

  @Test
  void cpuAboveTheTargetScalesOutAndBelowItScalesInAfterTheCooldown(KubernetesCluster cluster, Ecs ecs)
      throws Exception {
    assumeTrue(cluster.kind() == ClusterKind.LOCAL, "registers a metrics API with the local cluster's aggregator");
    try (FakeMetricsApi metrics = FakeMetricsApi.register(ecs.client(), ecs.namespace())) {
      Waits.until("the metrics API available through the aggregator", Duration.ofSeconds(60), metrics::available,
          Boolean::booleanValue, String::valueOf);
      ecs.apply(Ecs.cluster("default"));
      ecs.apply(Ecs.taskDefinition("web", Ecs.IMAGE_V1, true));
      // No desiredCount, as GitOps manifests of an auto scaled service should be: Stevedore gives it minCapacity.
      EcsService service = Ecs.replicaService("web", "web", 1);
      service.getSpec().desiredCount = null;
      service.getSpec().autoScaling = Ecs.cpuAutoScaling(1, 4, 50);
      service.getSpec().autoScaling.targetTrackingPolicies.get(0).scaleOutCooldown = 0;
      service.getSpec().autoScaling.targetTrackingPolicies.get(0).scaleInCooldown = SCALE_IN_COOLDOWN;
      ecs.apply(service);
      ecs.awaitService("web", "one task running", WITHIN, s -> Ecs.ready(s)
          && Objects.equals(s.getStatus().runningCount, 1));

      // The tasks request 64m of CPU (64 CPU units) and use all of it: 100% against a 50% target.
      metrics.cpu(64);
      long start = System.nanoTime();
      EcsService out = ecs.awaitService("web", "scaled out to the maximum of 4 running tasks", WITHIN,
          s -> Objects.equals(s.getSpec().desiredCount, 4) && Objects.equals(s.getStatus().runningCount, 4)
              && Ecs.ready(s));
      double outSeconds = (System.nanoTime() - start) / 1e9;
      assertThat(Ecs.eventsOldestFirst(out)).anyMatch(e -> e.startsWith("(service web) has started"));

      // Now 8m of 64m: 12.5%, well under the target. Nothing before the cooldown, then back to the minimum.
      metrics.cpu(8);
      long calm = System.nanoTime();
      EcsService in = ecs.awaitService("web", "scaled in to the minimum of 1 running task", WITHIN,
          s -> Objects.equals(s.getSpec().desiredCount, 1) && Objects.equals(s.getStatus().runningCount, 1)
              && Ecs.ready(s));
      double inSeconds = (System.nanoTime() - calm) / 1e9;
      assertThat(inSeconds).as("scale-in waited out the %d s cooldown", SCALE_IN_COOLDOWN)
          .isGreaterThanOrEqualTo(SCALE_IN_COOLDOWN);
      List<String> events = Ecs.eventsOldestFirst(in);
      assertThat(events).anyMatch(e -> e.startsWith("(service web) has stopped"));
      LOG.info("auto scaling on CPU: out to 4 tasks in {} s, in to 1 in {} s (cooldown {} s); events {}",
          String.format("%.1f", outSeconds), String.format("%.1f", inSeconds), SCALE_IN_COOLDOWN, events);
    }
  }
}
