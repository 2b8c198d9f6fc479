package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Service auto scaling as Application Auto Scaling gives it to an ECS service (a scalable target on
 * ecs:service:DesiredCount and its target tracking policies), on the EcsService itself. Stevedore runs it as a
 * HorizontalPodAutoscaler on the EcsService's scale subresource.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.minCapacity <= self.maxCapacity",
    message = "ValidationException: Minimum capacity cannot be greater than maximum capacity")
public class ServiceAutoScaling {
  @Required
  @Min(0)
  @Max(10000)
  @JsonPropertyDescription("The fewest tasks the autoscaler leaves (RegisterScalableTarget MinCapacity). 0 keeps at least 1: a HorizontalPodAutoscaler does not scale to zero.")
  public Integer minCapacity;

  @Required
  @Min(1)
  @Max(10000)
  @JsonPropertyDescription("The most tasks the autoscaler starts (RegisterScalableTarget MaxCapacity).")
  public Integer maxCapacity;

  @Size(max = 10)
  @JsonPropertyDescription("Target tracking scaling policies (PutScalingPolicy with TargetTrackingScaling). Several policies scale out when any asks and in only when all allow, as in Application Auto Scaling.")
  public List<TargetTrackingScalingPolicy> targetTrackingPolicies;
}
