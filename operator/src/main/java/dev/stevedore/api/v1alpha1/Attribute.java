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

/** An attribute the task needs of its container instance (ECS Attribute); read-only in exports. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Attribute {
  @JsonPropertyDescription("Attribute name, e.g. com.amazonaws.ecs.capability.logging-driver.awslogs.")
  public String name;

  @JsonPropertyDescription("Attribute value.")
  public String value;

  @JsonPropertyDescription("container-instance.")
  public String targetType;

  @JsonPropertyDescription("Target id.")
  public String targetId;
}
