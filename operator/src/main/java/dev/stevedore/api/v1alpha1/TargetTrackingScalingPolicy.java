package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One target tracking policy: keep a metric of the service's tasks at a target value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.predefinedMetricType) != has(self.customMetricName)",
    message = "ValidationException: a target tracking policy names either a predefinedMetricType or a customMetricName")
public class TargetTrackingScalingPolicy {
  @Size(min = 1, max = 256)
  @JsonPropertyDescription("The policy's name (PolicyName).")
  public String policyName;

  @Pattern("^(ECSServiceAverageCPUUtilization|ECSServiceAverageMemoryUtilization|ALBRequestCountPerTarget)$")
  @JsonPropertyDescription("ECSServiceAverageCPUUtilization or ECSServiceAverageMemoryUtilization (percent of what the tasks request), or ALBRequestCountPerTarget (requests per task, read as the pods metric alb_request_count_per_target from a custom metrics adapter).")
  public String predefinedMetricType;

  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Instead of a predefined metric: the name of a per-pod metric served by a custom metrics adapter (custom.metrics.k8s.io), tracked as an average value per task.")
  public String customMetricName;

  @Required
  @Min(0.001)
  @Max(1000000000)
  @JsonPropertyDescription("The value to keep the metric at (TargetValue): a percentage for the utilization metrics.")
  public Double targetValue;

  @Min(0)
  @Max(3600)
  @JsonPropertyDescription("Seconds after a scale-in before another (ScaleInCooldown): the autoscaler's scale-down stabilization window.")
  public Integer scaleInCooldown;

  @Min(0)
  @Max(3600)
  @JsonPropertyDescription("Seconds after a scale-out before another (ScaleOutCooldown): the autoscaler's scale-up stabilization window.")
  public Integer scaleOutCooldown;

  @JsonPropertyDescription("Never scale in for this policy (DisableScaleIn).")
  public Boolean disableScaleIn;
}
