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

/** A placement constraint of a service (ECS PlacementConstraint). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type != 'distinctInstance' || !has(self.expression) || self.expression == ''",
    message = "placementConstraints: distinctInstance takes no expression")
@ValidationRule(value = "self.type != 'memberOf' || (has(self.expression) && self.expression != '')",
    message = "placementConstraints: memberOf needs an expression in the cluster query language")
public class PlacementConstraint {
  @Required
  @Pattern("^(distinctInstance|memberOf)$")
  @JsonPropertyDescription("distinctInstance (each task on a different node: pod anti-affinity) or memberOf (node affinity from the expression).")
  public String type;

  @Size(max = 2000)
  @JsonPropertyDescription("Cluster query language expression for memberOf, e.g. attribute:ecs.instance-type =~ t3.*")
  public String expression;
}
