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

/**
 * How the tasks of one capacity provider reach their nodes. This is Stevedore's addition to ECS's cluster: ECS
 * capacity providers are Auto Scaling groups or Fargate, Kubernetes has node pools.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CapacityProviderDefinition {
  @Required
  @Size(min = 1, max = 255)
  @JsonPropertyDescription("Capacity provider name as strategies use it. FARGATE, FARGATE_SPOT and EC2 have built-in definitions this can override.")
  public String name;

  @JsonPropertyDescription("Node labels the provider's tasks must run on.")
  public Map<String, String> nodeSelector;

  @Size(max = 32)
  @JsonPropertyDescription("Taints of the provider's nodes its tasks tolerate.")
  public List<io.fabric8.kubernetes.api.model.Toleration> tolerations;

  @JsonPropertyDescription("RuntimeClass of the provider's tasks, e.g. a sandboxed runtime for Fargate-like isolation.")
  public String runtimeClassName;
}
