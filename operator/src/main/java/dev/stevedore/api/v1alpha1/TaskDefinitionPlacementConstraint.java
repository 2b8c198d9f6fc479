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

/** A placement constraint of a task definition (ECS TaskDefinitionPlacementConstraint): memberOf only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskDefinitionPlacementConstraint {
  @Pattern("^(memberOf)?$")
  @JsonPropertyDescription("Always memberOf.")
  public String type;

  @Size(max = 2000)
  @JsonPropertyDescription("Cluster query language expression, e.g. attribute:ecs.availability-zone in [us-east-1a, us-east-1b]. Becomes node affinity.")
  public String expression;
}
