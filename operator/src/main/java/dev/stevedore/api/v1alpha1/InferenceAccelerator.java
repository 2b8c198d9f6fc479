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

/** An Elastic Inference accelerator (ECS InferenceAccelerator). Discontinued by AWS: rejected by Stevedore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InferenceAccelerator {
  @JsonPropertyDescription("Device name.")
  public String deviceName;

  @JsonPropertyDescription("Device type.")
  public String deviceType;
}
