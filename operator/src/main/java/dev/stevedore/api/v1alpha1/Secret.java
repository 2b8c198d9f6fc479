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

/** A secret exposed as an environment variable or log option (ECS Secret). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Secret {
  @Required
  @JsonPropertyDescription("Name of the environment variable (or log option).")
  public String name;

  @Required
  @JsonPropertyDescription("Secrets Manager secret ARN (optionally ':jsonKey:versionStage:versionId') or SSM parameter ARN or name. Stevedore reads it from a Kubernetes Secret named after the secret and keyed by the JSON key (or 'value').")
  public String valueFrom;
}
