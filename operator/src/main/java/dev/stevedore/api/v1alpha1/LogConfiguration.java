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

/** Where the container's logs go (ECS LogConfiguration). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LogConfiguration {
  @Required
  @Pattern("^(json-file|syslog|journald|gelf|fluentd|awslogs|splunk|awsfirelens)$")
  @JsonPropertyDescription("json-file, syslog, journald, gelf, fluentd, awslogs, splunk or awsfirelens. Kubernetes has no per-pod log driver: kept as pod annotations for a node log agent and reported.")
  public String logDriver;

  @JsonPropertyDescription("Driver options.")
  public Map<String, String> options;

  @Size(max = 64)
  @JsonPropertyDescription("Secrets passed to the log driver.")
  public List<Secret> secretOptions;
}
