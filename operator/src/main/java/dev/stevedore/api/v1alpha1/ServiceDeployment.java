package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One deployment of a service, as DescribeServices lists it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceDeployment {
  @JsonPropertyDescription("ecs-svc/<19 digits>.")
  public String id;

  @JsonPropertyDescription("PRIMARY (newest), ACTIVE (older, still has tasks) or INACTIVE (replaced; the last few are kept).")
  public String status;

  @JsonPropertyDescription("Task definition ARN of the deployment.")
  public String taskDefinition;

  @JsonPropertyDescription("Tasks this deployment should run.")
  public Integer desiredCount;

  @JsonPropertyDescription("Tasks started but not yet running and healthy.")
  public Integer pendingCount;

  @JsonPropertyDescription("Tasks running and healthy.")
  public Integer runningCount;

  @JsonPropertyDescription("Tasks of this deployment that failed to start or to stay healthy, counted over the deployment until it completes or fails (ECS circuit breaker rules).")
  public Integer failedTasks;

  @JsonPropertyDescription("IN_PROGRESS, COMPLETED or FAILED.")
  public String rolloutState;

  @JsonPropertyDescription("Why the rollout is in its state, in ECS's words.")
  public String rolloutStateReason;

  @JsonPropertyDescription("Launch type, when the service uses one.")
  public String launchType;

  @JsonPropertyDescription("When the deployment started (RFC 3339).")
  public String createdAt;

  @JsonPropertyDescription("When the deployment last changed (RFC 3339).")
  public String updatedAt;

  @JsonPropertyDescription("forceNewDeployment token (annotation ecs.stevedore.dev/restarted-at) its tasks carry;"
      + " absent when none. With taskDefinition it names what a rollback to this deployment runs.")
  public String restartedAt;
}
