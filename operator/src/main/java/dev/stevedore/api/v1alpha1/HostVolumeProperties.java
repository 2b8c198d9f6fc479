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

/** A bind mount from the host (ECS HostVolumeProperties). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HostVolumeProperties {
  @JsonPropertyDescription("Path on the host (not on Fargate). Becomes a hostPath volume of type DirectoryOrCreate; without it the volume is an emptyDir.")
  public String sourcePath;
}
