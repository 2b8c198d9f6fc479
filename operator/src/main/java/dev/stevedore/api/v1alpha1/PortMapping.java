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

/** A port the container listens on (ECS PortMapping). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.containerPortRange) || (!has(self.containerPort) && (!has(self.hostPort) || self.hostPort == 0))",
    message = "containerPortRange excludes containerPort and hostPort: ECS maps a range to dynamic host ports")
public class PortMapping {
  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port number on the container (1-65535). With awsvpc and host network modes it is also the port exposed on the task. Becomes a container port and a port of the service's Kubernetes Service.")
  public Integer containerPort;

  @Min(0)
  @Max(65535)
  @JsonPropertyDescription("Port on the host. awsvpc/host network modes: omit it or make it equal to containerPort. bridge: a fixed port, or 0/omitted for a dynamic port. A fixed hostPort becomes the pod's hostPort (one task per node, as on ECS); 0 is omitted.")
  public Integer hostPort;

  @Pattern("^(tcp|udp)?$")
  @JsonPropertyDescription("tcp (default) or udp.")
  public String protocol;

  @Size(max = 64)
  @Pattern("^[a-z0-9_][a-z0-9_-]*$")
  @JsonPropertyDescription("Name of the port mapping (Service Connect): up to 64 lowercase letters, digits, '_' and '-', not starting with '-'. Sanitised into a Kubernetes port name (15 characters, no '_').")
  public String name;

  @Pattern("^(http|http2|grpc)?$")
  @JsonPropertyDescription("Application protocol for Service Connect: http, http2 or grpc. Becomes the Service port's appProtocol.")
  public String appProtocol;

  @Pattern("^[0-9]{1,5}-[0-9]{1,5}$")
  @JsonPropertyDescription("A range of container ports, 'first-last' (bridge and awsvpc only). Not supported by Stevedore: reported, not translated.")
  public String containerPortRange;
}
