package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One deployment of a service, as DescribeServices lists it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceDeployment {
  @JsonPropertyDescription("ecs-svc/<19 digits>.")
  public String id;

  @JsonPropertyDescription("PRIMARY (newest), ACTIVE (older, still has tasks) or INACTIVE (replaced).")
  public String status;

  @JsonPropertyDescription("Task definition ARN of the deployment.")
  public String taskDefinition;

  @JsonPropertyDescription("Tasks this deployment should run.")
  public Integer desiredCount;

  @JsonPropertyDescription("Tasks started but not yet running and healthy.")
  public Integer pendingCount;

  @JsonPropertyDescription("Tasks running and healthy.")
  public Integer runningCount;

  @JsonPropertyDescription("Tasks of this deployment that failed, counted by the circuit breaker.")
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
}
