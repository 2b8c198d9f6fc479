package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The pre-deploy task (a Stevedore extension) of the deployment the spec names: what the gate in front of that
 * deployment decided. It is the gate's memory, so the decision survives operator restarts and the task's deletion.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreDeployTaskStatus {
  public static final String PENDING = "PENDING";
  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";

  @JsonPropertyDescription("The deployment (ecs-svc/<id>) the task runs before.")
  public String deploymentId;

  @JsonPropertyDescription("The EcsTask that runs it, owned by the EcsService.")
  public String ecsTask;

  @JsonPropertyDescription("PENDING (the rollout waits), SUCCEEDED (the rollout started) or FAILED (the deployment failed; what ran before keeps running).")
  public String state;

  @JsonPropertyDescription("What decided the state: the task's stop reason and exit code, or the timeout.")
  public String reason;

  @JsonPropertyDescription("When the gate started waiting for the task (RFC 3339); the timeout counts from here.")
  public String startedAt;
}
