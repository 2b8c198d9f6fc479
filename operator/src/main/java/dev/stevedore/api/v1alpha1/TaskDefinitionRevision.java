package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One registered revision of a family, as status lists it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskDefinitionRevision {
  @JsonPropertyDescription("Revision number: monotonic per family, never reused.")
  public Integer revision;

  @JsonPropertyDescription("ACTIVE, or INACTIVE once deregistered.")
  public String status;

  @JsonPropertyDescription("arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>.")
  public String taskDefinitionArn;

  @JsonPropertyDescription("When the revision was registered (RFC 3339).")
  public String registeredAt;

  @JsonPropertyDescription("Hash of the normalised spec this revision froze.")
  public String specHash;
}
