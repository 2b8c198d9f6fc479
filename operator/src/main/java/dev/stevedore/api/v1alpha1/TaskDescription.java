package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** One task as DescribeTasks prints it (ECS Task), read from its pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskDescription {
  @JsonPropertyDescription("arn:aws:ecs:<region>:<account>:task/<cluster>/<id>; the 32-hex id is the pod's UID without dashes.")
  public String taskArn;

  @JsonPropertyDescription("ARN of the cluster the task runs in.")
  public String clusterArn;

  @JsonPropertyDescription("ARN of the task definition revision the task runs.")
  public String taskDefinitionArn;

  @JsonPropertyDescription("PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING or STOPPED, read from the pod (docs/tasks.md has the table).")
  public String lastStatus;

  @JsonPropertyDescription("RUNNING, or STOPPED once the task was asked to stop or stopped by itself.")
  public String desiredStatus;

  @JsonPropertyDescription("HEALTHY or UNHEALTHY from the essential containers' health checks (the pod's Ready condition); UNKNOWN without health checks or when not running.")
  public String healthStatus;

  @JsonPropertyDescription("The task's containers, in task definition order.")
  public List<TaskContainer> containers;

  @JsonPropertyDescription("Task-level cpu units, when set.")
  public String cpu;

  @JsonPropertyDescription("Task-level memory in MiB, when set.")
  public String memory;

  @JsonPropertyDescription("startedBy of the request (a service's tasks: its deployment).")
  public String startedBy;

  @JsonPropertyDescription("The task group: family:<family> by default, service:<name> for a service's tasks.")
  public String group;

  @JsonPropertyDescription("EC2, FARGATE or EXTERNAL when the request named a launch type.")
  public String launchType;

  @JsonPropertyDescription("The capacity provider the task was placed with.")
  public String capacityProviderName;

  @JsonPropertyDescription("The pod that runs (or ran) the task.")
  public String podName;

  @JsonPropertyDescription("When the task was created (the pod's creation).")
  public String createdAt;

  @JsonPropertyDescription("When the first container started.")
  public String startedAt;

  @JsonPropertyDescription("When the task began to stop.")
  public String stoppingAt;

  @JsonPropertyDescription("When the task reached STOPPED.")
  public String stoppedAt;

  @JsonPropertyDescription("TaskFailedToStart, EssentialContainerExited, UserInitiated, ServiceSchedulerInitiated or TerminationNotice.")
  public String stopCode;

  @JsonPropertyDescription("Why the task stopped, in ECS's words, e.g. 'Essential container in task exited'.")
  public String stoppedReason;
}
