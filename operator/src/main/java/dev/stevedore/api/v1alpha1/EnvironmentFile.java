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

/** An environment file in S3 (ECS EnvironmentFile). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EnvironmentFile {
  @Required
  @JsonPropertyDescription("ARN of the S3 object holding a .env file.")
  public String value;

  @Required
  @Pattern("^s3$")
  @JsonPropertyDescription("Always s3.")
  public String type;
}
