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

/** Operating system and CPU architecture (ECS RuntimePlatform). Becomes a node selector. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RuntimePlatform {
  @Pattern("^(X86_64|ARM64)?$")
  @JsonPropertyDescription("X86_64 (kubernetes.io/arch=amd64) or ARM64 (arm64).")
  public String cpuArchitecture;

  @Pattern("^(LINUX|WINDOWS_SERVER_2019_FULL|WINDOWS_SERVER_2019_CORE|WINDOWS_SERVER_2016_FULL|WINDOWS_SERVER_2004_CORE|WINDOWS_SERVER_2022_CORE|WINDOWS_SERVER_2022_FULL|WINDOWS_SERVER_2025_CORE|WINDOWS_SERVER_2025_FULL|WINDOWS_SERVER_20H2_CORE)?$")
  @JsonPropertyDescription("LINUX (kubernetes.io/os=linux) or a WINDOWS_SERVER_* family (kubernetes.io/os=windows).")
  public String operatingSystemFamily;
}
