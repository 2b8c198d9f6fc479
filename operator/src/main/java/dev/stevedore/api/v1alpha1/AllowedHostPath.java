package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A host directory tasks may mount: the prefix matches whole path elements (/var/log allows /var/log/app, not /var/logs). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AllowedHostPath {
  @Required
  @Size(min = 1, max = 4096)
  @Pattern("^/")
  @JsonPropertyDescription("Absolute path prefix on the node, e.g. /var/log.")
  public String pathPrefix;

  @JsonPropertyDescription("Only read-only mounts (every mountPoints[].readOnly true) of volumes under this prefix. Default false.")
  public Boolean readOnly;
}
