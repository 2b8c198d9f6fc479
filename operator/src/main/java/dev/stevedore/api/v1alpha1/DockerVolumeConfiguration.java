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

/** A Docker volume (ECS DockerVolumeConfiguration). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DockerVolumeConfiguration {
  @Pattern("^(task|shared)?$")
  @JsonPropertyDescription("task (default): created and removed with the task, becomes an emptyDir. shared: survives the task on its instance; reported as approximated by an emptyDir.")
  public String scope;

  @JsonPropertyDescription("Create the shared volume if it does not exist (scope shared only).")
  public Boolean autoprovision;

  @JsonPropertyDescription("Volume driver; 'local' (default) becomes an emptyDir, others are reported.")
  public String driver;

  @JsonPropertyDescription("Driver options; local tmpfs (type=tmpfs) becomes a memory-backed emptyDir.")
  public Map<String, String> driverOpts;

  @JsonPropertyDescription("Docker labels of the volume.")
  public Map<String, String> labels;
}
