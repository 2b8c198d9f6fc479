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

/** Network settings of the service's tasks (ECS NetworkConfiguration). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkConfiguration {
  @JsonPropertyDescription("VPC subnets, security groups and public IP of awsvpc tasks.")
  public AwsVpcConfiguration awsvpcConfiguration;
}
