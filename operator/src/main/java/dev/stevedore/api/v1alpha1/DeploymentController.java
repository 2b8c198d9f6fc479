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

/** Who runs deployments (ECS DeploymentController). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentController {
  @Required
  @Pattern("^(ECS|CODE_DEPLOY|EXTERNAL)$")
  @JsonPropertyDescription("ECS (default; rolling updates by Stevedore). CODE_DEPLOY and EXTERNAL are not supported: the service is Stalled with a clear reason.")
  public String type;
}
