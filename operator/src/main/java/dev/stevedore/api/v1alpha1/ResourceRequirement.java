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
  @Pattern("^(GPU|InferenceAccelerator|NeuronDevice)$")
  @JsonPropertyDescription("GPU (becomes a nvidia.com/gpu limit), NeuronDevice (AWS Inferentia/Trainium; reported) or InferenceAccelerator (discontinued; reported).")
  public String type;

  @Required
  @JsonPropertyDescription("For GPU, the number of GPUs.")
  public String value;

  @JsonPropertyDescription("How a GPU is shared (NVIDIA MPS). Not supported: reported; whole GPUs are requested.")
  public io.fabric8.kubernetes.api.model.AnyType sharingStrategy;
}
