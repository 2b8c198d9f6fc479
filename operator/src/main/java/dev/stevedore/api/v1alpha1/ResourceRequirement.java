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

/** A special resource the container needs (ECS ResourceRequirement). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceRequirement {
  @Required
  @Pattern("^(GPU|InferenceAccelerator)$")
  @JsonPropertyDescription("GPU (becomes a nvidia.com/gpu limit) or InferenceAccelerator (discontinued; rejected).")
  public String type;

  @Required
  @JsonPropertyDescription("For GPU, the number of GPUs.")
  public String value;
}
