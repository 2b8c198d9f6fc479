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

/** Linux capabilities added to or dropped from Docker's default set (ECS KernelCapabilities). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KernelCapabilities {
  @Size(max = 64)
  @JsonPropertyDescription("Capabilities to add, e.g. SYS_PTRACE (the only one Fargate allows).")
  public List<String> add;

  @Size(max = 64)
  @JsonPropertyDescription("Capabilities to drop, e.g. ALL.")
  public List<String> drop;
}
