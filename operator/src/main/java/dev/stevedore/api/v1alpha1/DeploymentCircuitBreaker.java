package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The deployment circuit breaker (ECS DeploymentCircuitBreaker). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentCircuitBreaker {
  @Required
  @JsonPropertyDescription("Stop a deployment whose tasks keep failing to start or to become healthy.")
  public Boolean enable;

  @Required
  @JsonPropertyDescription("Roll back to the last completed deployment when the breaker trips.")
  public Boolean rollback;

  @JsonPropertyDescription("How many failed tasks trip the breaker. Default: BOUNDED_PERCENT 50, i.e."
      + " clamp(ceil(0.5 x desiredCount), 3, 200).")
  public ThresholdConfiguration thresholdConfiguration;

  @JsonPropertyDescription("ECS resets the failure count when a task becomes healthy (default true). Stevedore counts"
      + " the failed tasks of a deployment over the whole deployment, as with false; true is reported as approximated.")
  public Boolean resetOnHealthyTask;
}
