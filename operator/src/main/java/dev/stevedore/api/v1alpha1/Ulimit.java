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

/** A resource limit of the container (ECS Ulimit). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Ulimit {
  @Required
  @Pattern("^(core|cpu|data|fsize|locks|memlock|msgqueue|nice|nofile|nproc|rss|rtprio|rttime|sigpending|stack)$")
  @JsonPropertyDescription("One of core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack. Kubernetes has no per-container ulimits: reported, not translated.")
  public String name;

  @Required
  @JsonPropertyDescription("Soft limit.")
  @Min(Integer.MIN_VALUE)
  @Max(Integer.MAX_VALUE)
  public Integer softLimit;

  @Required
  @JsonPropertyDescription("Hard limit.")
  @Min(Integer.MIN_VALUE)
  @Max(Integer.MAX_VALUE)
  public Integer hardLimit;
}
