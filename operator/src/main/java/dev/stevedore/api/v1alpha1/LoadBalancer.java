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

/** A load balancer target of the service (ECS LoadBalancer). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LoadBalancer {
  @JsonPropertyDescription("ELBv2 target group ARN. The container port becomes the target group's Kubernetes Service; where the AWS Load Balancer Controller is installed a TargetGroupBinding registers the tasks in the target group, elsewhere that is reported.")
  public String targetGroupArn;

  @JsonPropertyDescription("Classic load balancer name: its Kubernetes Service is made; a TargetGroupBinding cannot register the tasks in it (reported).")
  public String loadBalancerName;

  @JsonPropertyDescription("Container that receives the traffic; it must exist in the task definition.")
  public String containerName;

  @Min(1)
  @Max(65535)
  @JsonPropertyDescription("Port on that container, 1-65535.")
  public Integer containerPort;

  @JsonPropertyDescription("Native blue/green settings (alternate target group, listener rules, role). Not supported: reported.")
  public io.fabric8.kubernetes.api.model.AnyType advancedConfiguration;
}
