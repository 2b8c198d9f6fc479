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

/** How a deployment replaces tasks (ECS DeploymentConfiguration). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.minimumHealthyPercent) || !has(self.maximumPercent) || self.minimumHealthyPercent <= self.maximumPercent",
    message = "deploymentConfiguration: minimumHealthyPercent cannot exceed maximumPercent")
public class DeploymentConfiguration {
  @JsonPropertyDescription("Circuit breaker: fail (and optionally roll back) a deployment whose tasks keep failing.")
  public DeploymentCircuitBreaker deploymentCircuitBreaker;

  @Min(0)
  @Max(2000)
  @JsonPropertyDescription("Upper bound of RUNNING+PENDING tasks during a deployment, in percent of desiredCount, rounded down (REPLICA default 200; DAEMON must be 100). Becomes an integer maxSurge.")
  public Integer maximumPercent;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Lower bound of healthy tasks during a deployment, in percent of desiredCount, rounded up (REPLICA default 100, DAEMON 0). Becomes an integer maxUnavailable.")
  public Integer minimumHealthyPercent;

  @JsonPropertyDescription("CloudWatch alarms that fail the deployment.")
  public DeploymentAlarms alarms;

  @Pattern("^(ROLLING|BLUE_GREEN|LINEAR|CANARY)?$")
  @JsonPropertyDescription("ROLLING (default). BLUE_GREEN, LINEAR and CANARY are not supported yet: reported.")
  public String strategy;

  @Min(0)
  @Max(1440)
  @JsonPropertyDescription("Blue/green bake time in minutes. Reported.")
  public Integer bakeTimeInMinutes;

  @JsonPropertyDescription("Deployment lifecycle hooks (Lambda functions). Reported.")
  public List<io.fabric8.kubernetes.api.model.AnyType> lifecycleHooks;

  @JsonPropertyDescription("Linear deployment settings. Reported.")
  public io.fabric8.kubernetes.api.model.AnyType linearConfiguration;

  @JsonPropertyDescription("Canary deployment settings. Reported.")
  public io.fabric8.kubernetes.api.model.AnyType canaryConfiguration;

  @JsonPropertyDescription("When a blue/green, linear or canary deployment may finish early. Reported.")
  public io.fabric8.kubernetes.api.model.AnyType earlySuccessCriteria;
}
