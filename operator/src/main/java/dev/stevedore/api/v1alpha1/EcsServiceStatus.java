package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/** DescribeServices' shape plus Kubernetes conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsServiceStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready, Reconciling, Stalled and Stable.")
  public List<Condition> conditions;

  @JsonPropertyDescription("ARN-shaped service id.")
  public String serviceArn;

  @JsonPropertyDescription("ACTIVE, DRAINING or INACTIVE.")
  public String status;

  @JsonPropertyDescription("Tasks the service should run.")
  public Integer desiredCount;

  @StatusReplicas
  @JsonPropertyDescription("Tasks running and healthy, over all deployments.")
  public Integer runningCount;

  @JsonPropertyDescription("Tasks started but not yet running, over all deployments.")
  public Integer pendingCount;

  @JsonPropertyDescription("Task definition ARN of the PRIMARY deployment.")
  public String taskDefinition;

  @JsonPropertyDescription("Deployments, PRIMARY first, then ACTIVE, then recently INACTIVE ones, most recent first.")
  public List<ServiceDeployment> deployments;

  @JsonPropertyDescription("Set while a circuit-breaker rollback holds: the spec names a deployment that failed and"
      + " the service runs the last completed one. Cleared when the spec names another revision or forces a new"
      + " deployment.")
  public ServiceRollback rollback;

  @JsonPropertyDescription("Stevedore extension: the pre-deploy task of the deployment the spec names, while spec.preDeployTask gates it.")
  public PreDeployTaskStatus preDeployTask;

  @JsonPropertyDescription("Service events, newest first (at most 100).")
  public List<ServiceEvent> events;

  @LabelSelector
  @JsonPropertyDescription("Label selector of the service's pods, for the scale subresource.")
  public String selector;

  @JsonPropertyDescription("ECS fields of the service and its task definition that Stevedore ignores, approximates or cannot honour.")
  public List<FieldReport> fieldReports;
}
