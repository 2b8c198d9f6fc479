package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/**
 * A Stevedore extension, not part of ECS: a task that must succeed before each new deployment of the service starts
 * (a database migration, say). Its fields are RunTask's where RunTask has them. docs/tasks.md describes the gate.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PreDeployTask {
  public static final int DEFAULT_TIMEOUT_SECONDS = 600;
  /** A day: a migration that needs longer should not hold a rollout. */
  public static final int MAX_TIMEOUT_SECONDS = 86400;

  @Size(min = 1, max = 2048)
  @JsonPropertyDescription("'family', 'family:revision' or a task definition ARN to run. Default: the task definition revision of the new deployment itself.")
  public String taskDefinition;

  @JsonPropertyDescription("RunTask's overrides for the task, e.g. containerOverrides with the migration's command and environment.")
  public TaskOverride overrides;

  @Min(1)
  @Max(MAX_TIMEOUT_SECONDS)
  @JsonPropertyDescription("Seconds the task may take, from its creation, before it is stopped and the deployment fails (default 600, at most 86400).")
  public Integer timeoutSeconds;

  public int timeoutSecondsOrDefault() {
    return timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
  }
}
