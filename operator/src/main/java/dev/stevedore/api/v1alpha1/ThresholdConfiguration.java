package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** How many failed tasks trip the deployment circuit breaker (ECS ThresholdConfiguration). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ThresholdConfiguration {
  @Required
  @Pattern("^(COUNT|BOUNDED_PERCENT|UNBOUNDED_PERCENT)$")
  @JsonPropertyDescription("COUNT: value is the threshold. BOUNDED_PERCENT (default): ceil(value% of desiredCount),"
      + " clamped to 3..200. UNBOUNDED_PERCENT: ceil(value% of desiredCount), at least 1.")
  public String type;

  @Required
  @Min(0)
  @Max(100000)
  @JsonPropertyDescription("The threshold (COUNT) or the percentage of desiredCount (default 50). 0 counts as 1.")
  public Integer value;
}
