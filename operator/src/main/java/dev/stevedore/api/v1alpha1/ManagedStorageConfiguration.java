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

/** KMS keys for managed storage (ECS ManagedStorageConfiguration). Kept, not acted on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ManagedStorageConfiguration {
  @JsonPropertyDescription("KMS key for managed storage.")
  public String kmsKeyId;

  @JsonPropertyDescription("KMS key for Fargate ephemeral storage.")
  public String fargateEphemeralStorageKmsKeyId;
}
