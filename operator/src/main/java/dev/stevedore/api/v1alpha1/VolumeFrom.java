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

/** Mount every volume of another container (ECS VolumeFrom). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VolumeFrom {
  @JsonPropertyDescription("Name of the container whose volumes are mounted.")
  public String sourceContainer;

  @JsonPropertyDescription("Mount them read-only (default false).")
  public Boolean readOnly;
}
