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

/** A tmpfs mount (ECS Tmpfs). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Tmpfs {
  @Required
  @JsonPropertyDescription("Where the tmpfs is mounted. Becomes a memory-backed emptyDir.")
  public String containerPath;

  @Required
  @Min(1)
  @JsonPropertyDescription("Size in MiB. Becomes the emptyDir's sizeLimit.")
  @Max(Integer.MAX_VALUE)
  public Integer size;

  @JsonPropertyDescription("Mount options such as noexec; only ro is expressible in Kubernetes, others are reported.")
  public List<String> mountOptions;
}
