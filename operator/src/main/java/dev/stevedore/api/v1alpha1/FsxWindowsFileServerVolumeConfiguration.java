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

/** An FSx for Windows File Server volume (ECS FSxWindowsFileServerVolumeConfiguration). Reported: needs an SMB CSI driver. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FsxWindowsFileServerVolumeConfiguration {
  @Required
  @JsonPropertyDescription("FSx file system id.")
  public String fileSystemId;

  @Required
  @JsonPropertyDescription("Directory of the file system to mount.")
  public String rootDirectory;

  @Required
  @JsonPropertyDescription("Credentials.")
  public FsxWindowsFileServerAuthorizationConfig authorizationConfig;
}
