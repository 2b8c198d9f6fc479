package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskDefinitionStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription("Ready, Reconciling and Stalled, as kstatus, Flux and Argo CD read them.")
  public List<Condition> conditions;

  @JsonPropertyDescription("The family's revisions are numbered under this name.")
  public String family;

  @JsonPropertyDescription("The newest revision number.")
  public Integer latestRevision;

  @JsonPropertyDescription("ARN-shaped id of the newest revision.")
  public String taskDefinitionArn;

  @JsonPropertyDescription("Registered revisions, newest first.")
  public List<TaskDefinitionRevision> revisions;

  @JsonPropertyDescription("ECS fields of the spec that Stevedore ignores, approximates or cannot honour.")
  public List<FieldReport> fieldReports;
}
