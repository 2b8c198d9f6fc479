package dev.stevedore.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An Amazon S3 Files file system as a volume (ECS S3FilesVolumeConfiguration). Not supported: reported. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class S3FilesVolumeConfiguration {
  @JsonPropertyDescription("ARN of the S3 Files file system.")
  public String fileSystemArn;

  @JsonPropertyDescription("Directory of the file system to mount as the root of the volume.")
  public String rootDirectory;

  @JsonPropertyDescription("Port for the encrypted traffic to the file system.")
  @Min(0)
  @Max(65535)
  public Integer transitEncryptionPort;

  @JsonPropertyDescription("ARN of the access point to mount through.")
  public String accessPointArn;
}
