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

/** A Cloud Map registry of the service (ECS ServiceRegistry). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceRegistry {
  @JsonPropertyDescription("Cloud Map service ARN. The service becomes discoverable through its Kubernetes Service's DNS name instead.")
  public String registryArn;

  @Min(0)
  @Max(65535)
  @JsonPropertyDescription("Port for SRV records.")
  public Integer port;

  @JsonPropertyDescription("Container for SRV records (bridge and host modes).")
  public String containerName;

  @Min(0)
  @Max(65535)
  @JsonPropertyDescription("Container port for SRV records (bridge and host modes).")
  public Integer containerPort;
}
