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

/** An Amazon EFS file system (ECS EFSVolumeConfiguration). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.authorizationConfig) || ((!has(self.authorizationConfig.accessPointId) && (!has(self.authorizationConfig.iam) || self.authorizationConfig.iam in ['', 'DISABLED'])) || (has(self.transitEncryption) && self.transitEncryption == 'ENABLED'))",
    message = "efsVolumeConfiguration: an access point or IAM authorization requires transitEncryption ENABLED")
public class EfsVolumeConfiguration {
  @Required
  @JsonPropertyDescription("EFS file system id, e.g. fs-1234. Becomes a PersistentVolume of the efs.csi.aws.com driver (reported: needs the driver).")
  public String fileSystemId;

  @JsonPropertyDescription("Directory of the file system to mount (default /).")
  public String rootDirectory;

  @Pattern("^(ENABLED|DISABLED)?$")
  @JsonPropertyDescription("Encrypt traffic in transit (default DISABLED).")
  public String transitEncryption;

  @Min(0)
  @Max(65535)
  @JsonPropertyDescription("Port used for encryption in transit.")
  public Integer transitEncryptionPort;

  @JsonPropertyDescription("Access point and IAM settings.")
  public EfsAuthorizationConfig authorizationConfig;
}
