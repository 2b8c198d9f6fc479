package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/** Restarts of a container in place, without replacing the task (ECS ContainerRestartPolicy). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerRestartPolicy {
  @Required
  @JsonPropertyDescription("Whether the container is restarted when it exits.")
  public Boolean enabled;

  @Size(max = 50)
  @JsonPropertyDescription("Exit codes that do not cause a restart (at most 50).")
  public List<@Min(Integer.MIN_VALUE) @Max(Integer.MAX_VALUE) Integer> ignoredExitCodes;

  @Min(60)
  @Max(1800)
  @JsonPropertyDescription("Seconds the container must run before a restart is attempted, 60-1800 (default 300).")
  public Integer restartAttemptPeriod;
}
