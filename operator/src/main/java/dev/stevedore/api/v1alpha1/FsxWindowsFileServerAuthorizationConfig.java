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

/** Credentials of an FSx for Windows volume (ECS FSxWindowsFileServerAuthorizationConfig). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FsxWindowsFileServerAuthorizationConfig {
  @Required
  @JsonPropertyDescription("Secrets Manager or SSM ARN of the credentials.")
  public String credentialsParameter;

  @Required
  @JsonPropertyDescription("Active Directory domain.")
  public String domain;
}
