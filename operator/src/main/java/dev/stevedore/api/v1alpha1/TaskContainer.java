package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One container of a task as DescribeTasks prints it (ECS Container). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskContainer {
  @JsonPropertyDescription("The container's ECS name.")
  public String name;

  @JsonPropertyDescription("The image it runs.")
  public String image;

  @JsonPropertyDescription("Whether the task stops when this container exits.")
  public Boolean essential;

  @JsonPropertyDescription("PENDING, RUNNING or STOPPED.")
  public String lastStatus;

  @JsonPropertyDescription("Exit code, once the container exited.")
  public Integer exitCode;

  @JsonPropertyDescription("Why the container stopped or could not start, e.g. 'CannotPullContainerError: ...' or 'OutOfMemoryError: Container killed due to memory usage'.")
  public String reason;
}
