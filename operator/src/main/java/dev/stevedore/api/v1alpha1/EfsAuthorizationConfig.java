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

/** IAM and access point settings of an EFS volume (ECS EFSAuthorizationConfig). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EfsAuthorizationConfig {
  @JsonPropertyDescription("EFS access point id; requires transitEncryption ENABLED.")
  public String accessPointId;

  @Pattern("^(ENABLED|DISABLED)?$")
  @JsonPropertyDescription("Use the task role to mount (ENABLED) or not (DISABLED, default).")
  public String iam;
}
