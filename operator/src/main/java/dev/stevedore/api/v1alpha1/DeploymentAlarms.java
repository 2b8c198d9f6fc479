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

/** CloudWatch alarms that fail a deployment (ECS DeploymentAlarms). No in-cluster equivalent: reported. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeploymentAlarms {
  @Required
  @Size(max = 10)
  @JsonPropertyDescription("Names of the CloudWatch alarms.")
  public List<String> alarmNames;

  @Required
  @JsonPropertyDescription("Whether alarms are evaluated.")
  public Boolean enable;

  @Required
  @JsonPropertyDescription("Roll back when an alarm fires.")
  public Boolean rollback;
}
