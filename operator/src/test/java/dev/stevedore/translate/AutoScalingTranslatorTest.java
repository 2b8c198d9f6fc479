package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ServiceAutoScaling;
import dev.stevedore.api.v1alpha1.TargetTrackingScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoScalingTranslatorTest {
  @Test
  void eachPolicyIsAMetricAndTheLongestCooldownsAreTheWindows() {
    ServiceAutoScaling scaling = scaling(0, 8,
        policy("ECSServiceAverageCPUUtilization", null, 70.4, 300, 60, false),
        policy("ECSServiceAverageMemoryUtilization", null, 80, 120, 90, false),
        policy("ALBRequestCountPerTarget", null, 1000, null, null, false),
        policy(null, "queue_depth_per_task", 2.5, null, null, false));

    HorizontalPodAutoscaler hpa = translate(scaling);

    assertThat(hpa.getSpec().getMinReplicas()).as("0 becomes 1").isEqualTo(1);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(8);
    var metrics = hpa.getSpec().getMetrics();
    assertThat(metrics).hasSize(4);
    assertThat(metrics.get(0).getResource().getName()).isEqualTo("cpu");
    assertThat(metrics.get(0).getResource().getTarget().getAverageUtilization()).isEqualTo(70);
    assertThat(metrics.get(1).getResource().getName()).isEqualTo("memory");
    assertThat(metrics.get(2).getPods().getMetric().getName()).isEqualTo("alb_request_count_per_target");
    assertThat(metrics.get(2).getPods().getTarget().getAverageValue().toString()).isEqualTo("1000");
    assertThat(metrics.get(3).getPods().getMetric().getName()).isEqualTo("queue_depth_per_task");
    assertThat(metrics.get(3).getPods().getTarget().getAverageValue().toString()).isEqualTo("2.5");
    assertThat(hpa.getSpec().getBehavior().getScaleUp().getStabilizationWindowSeconds()).isEqualTo(90);
    assertThat(hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds()).isEqualTo(300);
    assertThat(hpa.getSpec().getBehavior().getScaleDown().getSelectPolicy()).isNull();
  }

  @Test
  void disableScaleInTurnsScaleDownOff() {
    HorizontalPodAutoscaler hpa = translate(scaling(2, 4,
        policy("ECSServiceAverageCPUUtilization", null, 50, null, null, true)));
    assertThat(hpa.getSpec().getBehavior().getScaleDown().getSelectPolicy()).isEqualTo("Disabled");
    assertThat(hpa.getSpec().getBehavior().getScaleUp()).isNull();
  }

  @Test
  void withoutPoliciesTheBoundsStillHoldAndTheOutputIsDeterministic() {
    HorizontalPodAutoscaler hpa = translate(scaling(3, 5));
    assertThat(hpa.getSpec().getMetrics()).isEmpty();
    assertThat(hpa.getSpec().getBehavior()).isNull();
    assertThat(hpa).isEqualTo(translate(scaling(3, 5)));
    assertThat(AutoScalingTranslator.autoscaler(null, "v", "K", "n", "ns", Map.of())).isEmpty();
  }

  private static HorizontalPodAutoscaler translate(ServiceAutoScaling scaling) {
    return AutoScalingTranslator.autoscaler(scaling, "ecs.stevedore.dev/v1alpha1", "EcsService", "web", "shop",
        Map.of("a", "b")).orElseThrow();
  }

  private static ServiceAutoScaling scaling(int min, int max, TargetTrackingScalingPolicy... policies) {
    ServiceAutoScaling s = new ServiceAutoScaling();
    s.minCapacity = min;
    s.maxCapacity = max;
    s.targetTrackingPolicies = policies.length == 0 ? null : List.of(policies);
    return s;
  }

  private static TargetTrackingScalingPolicy policy(String predefined, String custom, double target, Integer in,
      Integer out, boolean disableScaleIn) {
    TargetTrackingScalingPolicy p = new TargetTrackingScalingPolicy();
    p.predefinedMetricType = predefined;
    p.customMetricName = custom;
    p.targetValue = target;
    p.scaleInCooldown = in;
    p.scaleOutCooldown = out;
    p.disableScaleIn = disableScaleIn ? true : null;
    return p;
  }
}
