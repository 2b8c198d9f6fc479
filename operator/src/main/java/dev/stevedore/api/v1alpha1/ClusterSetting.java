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
import java.util.Map;

/** A cluster setting (ECS ClusterSetting). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterSetting {
  @Required
  @Pattern("^containerInsights$")
  @JsonPropertyDescription("containerInsights.")
  public String name;

  @Required
  @Pattern("^(enhanced|enabled|disabled)$")
  @JsonPropertyDescription("enhanced, enabled or disabled. Kept; Stevedore exports its own metrics.")
  public String value;
}
