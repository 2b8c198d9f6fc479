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

/** A data volume of the task (ECS Volume). Exactly one kind of volume may be given. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "(has(self.host) ? 1 : 0) + (has(self.dockerVolumeConfiguration) ? 1 : 0) + (has(self.efsVolumeConfiguration) ? 1 : 0) + (has(self.fsxWindowsFileServerVolumeConfiguration) ? 1 : 0) + (has(self.s3filesVolumeConfiguration) ? 1 : 0) + (has(self.configuredAtLaunch) && self.configuredAtLaunch ? 1 : 0) <= 1",
    message = "a volume takes at most one of host, dockerVolumeConfiguration, efsVolumeConfiguration, fsxWindowsFileServerVolumeConfiguration, s3filesVolumeConfiguration, configuredAtLaunch")
public class Volume {
  @Size(min = 1, max = 255)
  @Pattern("^[A-Za-z0-9_-]+$")
  @JsonPropertyDescription("Volume name, referenced by mountPoints.sourceVolume: 1-255 letters, digits, '_' and '-'.")
  public String name;

  @JsonPropertyDescription("A bind mount or, without sourcePath, a scratch volume. Becomes hostPath or emptyDir.")
  public HostVolumeProperties host;

  @JsonPropertyDescription("A Docker volume.")
  public DockerVolumeConfiguration dockerVolumeConfiguration;

  @JsonPropertyDescription("An Amazon EFS file system.")
  public EfsVolumeConfiguration efsVolumeConfiguration;

  @JsonPropertyDescription("An FSx for Windows File Server file system.")
  public FsxWindowsFileServerVolumeConfiguration fsxWindowsFileServerVolumeConfiguration;

  @JsonPropertyDescription("An Amazon S3 Files file system. Not supported: reported; the task gets an emptyDir.")
  public S3FilesVolumeConfiguration s3filesVolumeConfiguration;

  @JsonPropertyDescription("The volume is supplied when the task is launched (an EBS volume from the service's volumeConfigurations). Becomes a generic ephemeral volume.")
  public Boolean configuredAtLaunch;
}
