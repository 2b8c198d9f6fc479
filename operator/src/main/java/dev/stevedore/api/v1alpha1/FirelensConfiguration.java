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

/** Makes the container a FireLens log router (ECS FirelensConfiguration). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FirelensConfiguration {
  @Required
  @Pattern("^(fluentd|fluentbit)$")
  @JsonPropertyDescription("fluentd or fluentbit.")
  public String type;

  @JsonPropertyDescription("Options such as enable-ecs-log-metadata and config-file-type/config-file-value.")
  public Map<String, String> options;
}
