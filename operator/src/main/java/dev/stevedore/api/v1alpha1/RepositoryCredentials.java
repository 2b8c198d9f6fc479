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

/** Private registry credentials (ECS RepositoryCredentials). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RepositoryCredentials {
  @Required
  @JsonPropertyDescription("ARN or name of the Secrets Manager secret with the registry credentials. Becomes an imagePullSecret named after the secret.")
  public String credentialsParameter;
}
