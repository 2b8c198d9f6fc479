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

/** Ephemeral storage of the task (ECS EphemeralStorage). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EphemeralStorage {
  @Required
  @Min(21)
  @Max(200)
  @JsonPropertyDescription("Size in GiB, 21-200 (Fargate's default when absent is 20). Becomes an ephemeral-storage limit shared out over the containers.")
  public Integer sizeInGiB;
}
