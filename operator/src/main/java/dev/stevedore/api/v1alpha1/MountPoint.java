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

/** A volume mount (ECS MountPoint). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MountPoint {
  @JsonPropertyDescription("Name of a volume of the task definition.")
  public String sourceVolume;

  @JsonPropertyDescription("Path inside the container.")
  public String containerPath;

  @JsonPropertyDescription("Mount read-only (default false).")
  public Boolean readOnly;
}
