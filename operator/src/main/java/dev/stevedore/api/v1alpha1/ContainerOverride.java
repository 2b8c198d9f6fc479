package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** RunTask's ContainerOverride: what one container of the task definition runs with instead. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerOverride {
  @Required
  @Size(min = 1, max = 255)
  @Pattern("^[A-Za-z0-9_-]+$")
  @JsonPropertyDescription("Name of the container of the task definition to override.")
  public String name;

  @Size(max = 100)
  @JsonPropertyDescription("Replaces the container's command (the pod container's args).")
  public List<String> command;

  @Size(max = 100)
  @JsonPropertyDescription("Added to the container's environment; a name the task definition sets is replaced.")
  public List<KeyValuePair> environment;

  @Min(0)
  @Max(196608)
  @JsonPropertyDescription("Replaces the container's cpu units.")
  public Integer cpu;

  @Min(6)
  @Max(Integer.MAX_VALUE)
  @JsonPropertyDescription("Replaces the container's hard memory limit in MiB.")
  public Integer memory;

  @Min(6)
  @Max(Integer.MAX_VALUE)
  @JsonPropertyDescription("Replaces the container's soft memory limit in MiB.")
  public Integer memoryReservation;
}
