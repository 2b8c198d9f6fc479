package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** DescribeClusters' shape plus Kubernetes conditions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EcsClusterStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready, Reconciling and Stalled.")
  public List<Condition> conditions;

  @JsonPropertyDescription("ARN-shaped cluster id.")
  public String clusterArn;

  @JsonPropertyDescription("ACTIVE, PROVISIONING, DEPROVISIONING, FAILED or INACTIVE.")
  public String status;

  @JsonPropertyDescription("Nodes that match the cluster's capacity providers.")
  public Integer registeredContainerInstancesCount;

  @JsonPropertyDescription("Tasks running in the cluster.")
  public Integer runningTasksCount;

  @JsonPropertyDescription("Tasks pending in the cluster.")
  public Integer pendingTasksCount;

  @JsonPropertyDescription("Services of the cluster that are ACTIVE.")
  public Integer activeServicesCount;
}
