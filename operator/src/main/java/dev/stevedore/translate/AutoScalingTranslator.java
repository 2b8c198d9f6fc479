package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.ServiceAutoScaling;
import dev.stevedore.api.v1alpha1.TargetTrackingScalingPolicy;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRulesBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpecBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpecBuilder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Service auto scaling (a scalable target and its target tracking policies) as one HorizontalPodAutoscaler
 * (autoscaling/v2). Pure. The mapping, policy by policy:
 *
 * <ul>
 *   <li>minCapacity and maxCapacity are minReplicas and maxReplicas (0 becomes 1: the autoscaler does not scale to
 *       zero).</li>
 *   <li>ECSServiceAverageCPUUtilization and ECSServiceAverageMemoryUtilization are resource metrics with that average
 *       utilization (of what the containers request; ECS measures against the task's reservation).</li>
 *   <li>ALBRequestCountPerTarget and a custom metric are pods metrics with that average value per task, which a
 *       custom metrics adapter must serve (alb_request_count_per_target for the predefined one).</li>
 *   <li>Several policies are several metrics: the autoscaler follows the one that asks for the most tasks, so it
 *       scales out when any policy asks and in only when all allow, as Application Auto Scaling does.</li>
 *   <li>The longest scaleOutCooldown and scaleInCooldown are the scale-up and scale-down stabilization windows; a
 *       policy with disableScaleIn turns scale-down off (selectPolicy Disabled).</li>
 * </ul>
 */
public final class AutoScalingTranslator {
  /** The pods metric ALBRequestCountPerTarget is read as. */
  public static final String ALB_REQUEST_COUNT_METRIC = "alb_request_count_per_target";

  private AutoScalingTranslator() {}

  /**
   * @param kind what the autoscaler scales, with apiVersion and name: the EcsService, or a Deployment for plain
   *     Kubernetes
   * @param labels the autoscaler's labels
   * @return the autoscaler, named after the target, or empty when there is nothing to scale on
   */
  public static Optional<HorizontalPodAutoscaler> autoscaler(ServiceAutoScaling scaling, String apiVersion,
      String kind, String name, String namespace, Map<String, String> labels) {
    if (scaling == null || scaling.minCapacity == null || scaling.maxCapacity == null) {
      return Optional.empty();
    }
    List<MetricSpec> metrics = new ArrayList<>();
    Integer scaleUpWindow = null;
    Integer scaleDownWindow = null;
    boolean scaleInDisabled = false;
    List<TargetTrackingScalingPolicy> policies = scaling.targetTrackingPolicies == null ? List.of()
        : scaling.targetTrackingPolicies;
    for (TargetTrackingScalingPolicy policy : policies) {
      Optional<MetricSpec> metric = metric(policy);
      if (metric.isEmpty()) {
        continue;
      }
      metrics.add(metric.get());
      scaleUpWindow = longest(scaleUpWindow, policy.scaleOutCooldown);
      scaleDownWindow = longest(scaleDownWindow, policy.scaleInCooldown);
      scaleInDisabled |= Boolean.TRUE.equals(policy.disableScaleIn);
    }
    int min = Math.max(1, scaling.minCapacity);
    HorizontalPodAutoscalerSpecBuilder spec = new HorizontalPodAutoscalerSpecBuilder()
        .withNewScaleTargetRef().withApiVersion(apiVersion).withKind(kind).withName(name).endScaleTargetRef()
        .withMinReplicas(min).withMaxReplicas(Math.max(min, scaling.maxCapacity)).withMetrics(metrics);
    if (scaleUpWindow != null || scaleDownWindow != null || scaleInDisabled) {
      HPAScalingRulesBuilder scaleDown = new HPAScalingRulesBuilder();
      if (scaleInDisabled) {
        scaleDown.withSelectPolicy("Disabled");
      }
      if (scaleDownWindow != null) {
        scaleDown.withStabilizationWindowSeconds(scaleDownWindow);
      }
      spec.withNewBehavior()
          .withScaleUp(scaleUpWindow == null ? null : new HPAScalingRulesBuilder()
              .withStabilizationWindowSeconds(scaleUpWindow).build())
          .withScaleDown(scaleInDisabled || scaleDownWindow != null ? scaleDown.build() : null)
          .endBehavior();
    }
    return Optional.of(new HorizontalPodAutoscalerBuilder()
        .withNewMetadata().withName(Names.dnsLabel(name)).withNamespace(namespace)
        .withLabels(labels.isEmpty() ? null : new TreeMap<>(labels)).endMetadata()
        .withSpec(spec.build())
        .build());
  }

  /** The metric a policy tracks, or empty for a policy that names none. */
  static Optional<MetricSpec> metric(TargetTrackingScalingPolicy policy) {
    if (policy.targetValue == null) {
      return Optional.empty();
    }
    String resource = resource(policy.predefinedMetricType);
    if (resource != null) {
      return Optional.of(new MetricSpecBuilder().withType("Resource").withNewResource().withName(resource)
          .withNewTarget().withType("Utilization").withAverageUtilization((int) Math.round(policy.targetValue))
          .endTarget().endResource().build());
    }
    String pods = "ALBRequestCountPerTarget".equals(policy.predefinedMetricType) ? ALB_REQUEST_COUNT_METRIC
        : policy.customMetricName;
    if (pods == null) {
      return Optional.empty();
    }
    return Optional.of(new MetricSpecBuilder().withType("Pods").withNewPods().withNewMetric().withName(pods)
        .endMetric().withNewTarget().withType("AverageValue")
        .withAverageValue(new Quantity(BigDecimal.valueOf(policy.targetValue).stripTrailingZeros().toPlainString()))
        .endTarget().endPods().build());
  }

  /** The Kubernetes resource an ECS utilization metric is, or null. */
  public static String resource(String predefinedMetricType) {
    if ("ECSServiceAverageCPUUtilization".equals(predefinedMetricType)) {
      return "cpu";
    }
    if ("ECSServiceAverageMemoryUtilization".equals(predefinedMetricType)) {
      return "memory";
    }
    return null;
  }

  private static Integer longest(Integer current, Integer candidate) {
    if (candidate == null) {
      return current;
    }
    return current == null ? candidate : Math.max(current, candidate);
  }
}
