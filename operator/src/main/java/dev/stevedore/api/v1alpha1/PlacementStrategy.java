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

/** A placement strategy rule (ECS PlacementStrategy). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type != 'binpack' || (has(self.field) && self.field in ['cpu', 'memory'])",
    message = "placementStrategy: binpack needs field cpu or memory")
@ValidationRule(value = "self.type != 'spread' || (has(self.field) && self.field != '')",
    message = "placementStrategy: spread needs a field: instanceId, host or attribute:<name>")
public class PlacementStrategy {
  @Required
  @Pattern("^(random|spread|binpack)$")
  @JsonPropertyDescription("random (scheduler default), spread (topology spread over the field) or binpack (approximated; reported).")
  public String type;

  @Size(max = 255)
  @JsonPropertyDescription("spread: instanceId, host or attribute:<name> such as attribute:ecs.availability-zone. binpack: cpu or memory.")
  public String field;
}
