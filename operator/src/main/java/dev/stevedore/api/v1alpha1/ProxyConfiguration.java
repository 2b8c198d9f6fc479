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

/** App Mesh proxy settings (ECS ProxyConfiguration). Reported: mesh sidecar injection is not done by Stevedore. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProxyConfiguration {
  @Pattern("^(APPMESH)?$")
  @JsonPropertyDescription("Always APPMESH.")
  public String type;

  @Required
  @JsonPropertyDescription("Name of the proxy container; it must exist in the task definition.")
  public String containerName;

  @Size(max = 16)
  @JsonPropertyDescription("CNI plugin properties: IgnoredUID, IgnoredGID, AppPorts, ProxyIngressPort, ProxyEgressPort, EgressIgnoredPorts, EgressIgnoredIPs.")
  public List<KeyValuePair> properties;
}
