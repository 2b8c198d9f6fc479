package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A circuit-breaker rollback that still holds: the spec names a deployment that failed, and the service runs the
 * last completed one instead until the spec names another revision or forces a new deployment.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceRollback {
  @JsonPropertyDescription("Why, in ECS's words: ECS deployment circuit breaker: rolling back to deploymentId ...")
  public String reason;

  @JsonPropertyDescription("When the rollback started (RFC 3339).")
  public String startedAt;

  @JsonPropertyDescription("The deployment that failed (ecs-svc/<id>): the one the spec still names.")
  public String failedDeploymentId;

  @JsonPropertyDescription("Task definition ARN of the deployment that failed.")
  public String failedTaskDefinition;

  @JsonPropertyDescription("The deployment rolled back to (ecs-svc/<id>): the last one that completed.")
  public String deploymentId;

  @JsonPropertyDescription("Task definition ARN the service runs instead.")
  public String taskDefinition;

  @JsonPropertyDescription("forceNewDeployment token (annotation ecs.stevedore.dev/restarted-at) of the deployment"
      + " rolled back to, so its tasks are the very same; absent when it had none.")
  public String restartedAt;
}
