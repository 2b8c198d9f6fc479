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

/** One provider of a capacity provider strategy (ECS CapacityProviderStrategyItem). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CapacityProviderStrategyItem {
  @Required
  @Size(min = 1, max = 255)
  @JsonPropertyDescription("Capacity provider name: FARGATE, FARGATE_SPOT or one defined by the cluster.")
  public String capacityProvider;

  @Min(0)
  @Max(1000)
  @JsonPropertyDescription("Relative share of the tasks beyond the base, 0-1000 (default 0).")
  public Integer weight;

  @Min(0)
  @Max(100000)
  @JsonPropertyDescription("Tasks placed on this provider first, 0-100000 (default 0). Only one provider of a strategy may have a base.")
  public Integer base;
}
