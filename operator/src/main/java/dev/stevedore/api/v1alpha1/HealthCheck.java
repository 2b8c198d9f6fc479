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

/** A Docker HEALTHCHECK (ECS HealthCheck); becomes readiness, liveness and startup probes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.command.size() >= 2 && (self.command[0] == 'CMD' || self.command[0] == 'CMD-SHELL')",
    message = "healthCheck.command must start with CMD or CMD-SHELL and name a command, e.g. [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]")
public class HealthCheck {
  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("[\"CMD\", executable, args...] runs the executable directly; [\"CMD-SHELL\", command line] runs it under /bin/sh -c. Exit code 0 means healthy.")
  public List<String> command;

  @Min(5)
  @Max(300)
  @JsonPropertyDescription("Seconds between checks, 5-300 (default 30). Becomes periodSeconds.")
  public Integer interval;

  @Min(2)
  @Max(60)
  @JsonPropertyDescription("Seconds a check may take before it counts as failed, 2-60 (default 5). Becomes timeoutSeconds.")
  public Integer timeout;

  @Min(1)
  @Max(10)
  @JsonPropertyDescription("Consecutive failures before the container is unhealthy, 1-10 (default 3). Becomes failureThreshold.")
  public Integer retries;

  @Min(0)
  @Max(300)
  @JsonPropertyDescription("Grace period in seconds, 0-300 (default off), during which failures do not count. Becomes a startup probe.")
  public Integer startPeriod;
}
