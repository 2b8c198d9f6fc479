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

/** A host device exposed to the container (ECS Device). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Device {
  @Required
  @JsonPropertyDescription("Path of the device on the host.")
  public String hostPath;

  @JsonPropertyDescription("Path inside the container.")
  public String containerPath;

  @JsonPropertyDescription("read, write and/or mknod.")
  public List<String> permissions;
}
