package dev.stevedore.convert;

import dev.stevedore.api.v1alpha1.ApiGroup;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.convert.EcsDocument.ScalingDocument;
import dev.stevedore.convert.EcsDocument.TargetTracking;
import dev.stevedore.api.v1alpha1.ServiceAutoScaling;
import dev.stevedore.api.v1alpha1.TargetTrackingScalingPolicy;
import dev.stevedore.translate.AutoScalingTranslator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Service auto scaling as a HorizontalPodAutoscaler (autoscaling/v2): the ScalableTarget's MinCapacity and
 * MaxCapacity become minReplicas and maxReplicas, and each target tracking policy on ECS's average CPU or memory
 * utilization becomes a resource metric with that average utilization. For Stevedore the autoscaler scales the
 * EcsService through its scale subresource; for plain Kubernetes it scales the Deployment.
 */
final class AutoScaling {
  /** The longest stabilization window Kubernetes accepts, in seconds. */
  private static final int MAX_WINDOW = 3600;

  /**
   * @param autoscaler the object, or empty when nothing can be scaled
   * @param notes what the conversion did
   * @param reports what ECS's scaling does that the autoscaler does not
   */
  record Result(Optional<HasMetadata> autoscaler, List<String> notes, List<FieldReport> reports) {}

  private AutoScaling() {}

  static Result forEcsService(ScalingDocument scaling, String serviceObjectName) {
    return build(scaling, ApiGroup.GROUP + "/" + ApiGroup.VERSION, "EcsService", serviceObjectName, new ArrayList<>(),
        new ArrayList<>());
  }

  /** @param workload the service's one workload ({@code Deployment/name}), or several joined by commas, or null */
  static Result forWorkload(ScalingDocument scaling, String workload, EcsServiceSpec service) {
    List<String> notes = new ArrayList<>();
    List<FieldReport> reports = new ArrayList<>();
    if (workload == null) {
      notes.add("no autoscaler written: the service it scales was not converted");
      return new Result(Optional.empty(), notes, reports);
    }
    if (workload.contains(",")) {
      notes.add("no autoscaler written: the service runs one Deployment per capacity provider (" + workload
          + "), and a HorizontalPodAutoscaler scales one object; the Stevedore operator scales them together");
      return new Result(Optional.empty(), notes, reports);
    }
    if (workload.startsWith("DaemonSet/")) {
      notes.add("no autoscaler written: a DAEMON service runs one task per node and is not scaled");
      return new Result(Optional.empty(), notes, reports);
    }
    reports.add(new FieldReport("deploymentConfiguration", FieldReport.Disposition.APPROXIMATED,
        "maxSurge and maxUnavailable are whole numbers computed for desiredCount " + (service.desiredCount == null ? 1
            : service.desiredCount) + "; the operator recomputes them when the autoscaler changes the count,"
            + " plain Kubernetes keeps them"));
    return build(scaling, "apps/v1", "Deployment", workload.substring(workload.indexOf('/') + 1), notes, reports);
  }

  private static Result build(ScalingDocument scaling, String apiVersion, String kind, String name, List<String> notes,
      List<FieldReport> reports) {
    List<TargetTrackingScalingPolicy> policies = new ArrayList<>();
    for (TargetTracking policy : scaling.policies()) {
      String resource = AutoScalingTranslator.resource(policy.metricType());
      if (resource == null) {
        reports.add(new FieldReport(policy.where() + ".PredefinedMetricType", FieldReport.Disposition.UNSUPPORTED,
            (policy.metricType() == null ? "a customized metric" : policy.metricType())
                + " needs a metrics adapter; only ECSServiceAverageCPUUtilization and"
                + " ECSServiceAverageMemoryUtilization become autoscaler metrics"));
        continue;
      }
      TargetTrackingScalingPolicy tracked = new TargetTrackingScalingPolicy();
      tracked.predefinedMetricType = policy.metricType();
      tracked.targetValue = policy.targetValue();
      tracked.scaleInCooldown = policy.scaleInCooldown() == null ? null : Math.min(MAX_WINDOW,
          Math.max(0, policy.scaleInCooldown()));
      tracked.disableScaleIn = policy.disableScaleIn() ? true : null;
      policies.add(tracked);
      reports.add(new FieldReport(policy.where() + ".TargetValue", FieldReport.Disposition.APPROXIMATED,
          "the autoscaler measures " + resource + " against the containers' requests, ECS against the task's"
              + " reservation"));
      if (policy.scaleInCooldown() != null) {
        reports.add(new FieldReport(policy.where() + ".ScaleInCooldown", FieldReport.Disposition.APPROXIMATED,
            "becomes the scale-down stabilization window"));
      }
    }
    if (policies.isEmpty()) {
      notes.add("no autoscaler written: no target tracking policy on CPU or memory utilization (an autoscaler"
          + " without metrics would scale on 80% CPU, which nothing declared)");
      return new Result(Optional.empty(), notes, reports);
    }
    if (scaling.minCapacity() < 1) {
      notes.add("MinCapacity 0 written as minReplicas 1: a HorizontalPodAutoscaler does not scale to zero");
    }
    // The operator's own translation: the same autoscaler the operator writes for spec.autoScaling.
    ServiceAutoScaling declared = new ServiceAutoScaling();
    declared.minCapacity = scaling.minCapacity();
    declared.maxCapacity = scaling.maxCapacity();
    declared.targetTrackingPolicies = policies;
    HorizontalPodAutoscaler built = AutoScalingTranslator.autoscaler(declared, apiVersion, kind, name, null, Map.of())
        .orElseThrow();
    int min = built.getSpec().getMinReplicas();
    notes.add("auto scaling: HorizontalPodAutoscaler " + built.getMetadata().getName() + " scales " + kind + " "
        + name + " between " + min + " and " + built.getSpec().getMaxReplicas());
    return new Result(Optional.of(built), notes, reports);
  }
}
