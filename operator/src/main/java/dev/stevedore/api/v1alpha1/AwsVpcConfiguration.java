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

/** VPC settings of an awsvpc task (ECS AwsVpcConfiguration). Kubernetes networking is the cluster's: reported. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AwsVpcConfiguration {
  @Required
  @Size(max = 16)
  @JsonPropertyDescription("Subnet ids, at most 16.")
  public List<String> subnets;

  @Size(max = 5)
  @JsonPropertyDescription("Security group ids, at most 5.")
  public List<String> securityGroups;

  @Pattern("^(ENABLED|DISABLED)?$")
  @JsonPropertyDescription("ENABLED or DISABLED (default).")
  public String assignPublicIp;
}
