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

/** ECS Exec settings of the cluster (ECS ExecuteCommandConfiguration). Kept, not acted on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.logging) || self.logging != 'OVERRIDE' || has(self.logConfiguration)",
    message = "executeCommandConfiguration: logging OVERRIDE requires logConfiguration")
public class ExecuteCommandConfiguration {
  @JsonPropertyDescription("KMS key for session data.")
  public String kmsKeyId;

  @Pattern("^(NONE|DEFAULT|OVERRIDE)?$")
  @JsonPropertyDescription("NONE, DEFAULT (default) or OVERRIDE.")
  public String logging;

  @JsonPropertyDescription("Log destination, required with OVERRIDE.")
  public ExecuteCommandLogConfiguration logConfiguration;
}
