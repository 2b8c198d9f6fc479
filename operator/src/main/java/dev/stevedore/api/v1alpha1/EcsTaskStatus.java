package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** DescribeTasks' answer for the tasks of this EcsTask, plus Kubernetes conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsTaskStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready (every task RUNNING or STOPPED), Reconciling (a task is on its way) and Stalled (the request cannot run: ClusterNotFoundException, ClientException, InvalidParameterException).")
  public List<Condition> conditions;

  @JsonPropertyDescription("The task definition revision the tasks run, fixed when they start.")
  public String taskDefinitionArn;

  @JsonPropertyDescription("The least advanced lastStatus of the tasks (PROVISIONING ... STOPPED): STOPPED once every task stopped.")
  public String lastStatus;

  @JsonPropertyDescription("Tasks RUNNING.")
  public Integer runningCount;

  @JsonPropertyDescription("Tasks started and not yet RUNNING or STOPPED.")
  public Integer pendingCount;

  @JsonPropertyDescription("Tasks STOPPED.")
  public Integer stoppedCount;

  @JsonPropertyDescription("The tasks in DescribeTasks' shape, one per pod, in launch order. Kept after their pods are cleaned up.")
  public List<TaskDescription> tasks;

  @JsonPropertyDescription("ECS fields of the request and its task definition that Stevedore ignores, approximates or cannot honour.")
  public List<FieldReport> fieldReports;
}
