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

/** A start-order dependency on another container of the task (ECS ContainerDependency). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerDependency {
  @Required
  @Size(min = 1, max = 255)
  @JsonPropertyDescription("Name of the container this one waits for; it must exist in the task definition.")
  public String containerName;

  @Required
  @Pattern("^(START|COMPLETE|SUCCESS|HEALTHY)$")
  @JsonPropertyDescription("START: the dependency has started. HEALTHY: it passed its health check (it needs one). COMPLETE: it exited (any code). SUCCESS: it exited 0. COMPLETE and SUCCESS cannot target essential containers.")
  public String condition;
}
