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

/** Linux-specific options of the container (ECS LinuxParameters). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LinuxParameters {
  @JsonPropertyDescription("Capabilities to add or drop. Becomes securityContext.capabilities.")
  public KernelCapabilities capabilities;

  @Size(max = 64)
  @JsonPropertyDescription("Host devices. Not expressible in a pod spec without a device plugin: reported.")
  public List<Device> devices;

  @JsonPropertyDescription("Run an init process as PID 1 (docker --init). No per-container equivalent: reported.")
  public Boolean initProcessEnabled;

  @Min(0)
  @JsonPropertyDescription("Size of /dev/shm in MiB. Becomes a memory-backed emptyDir mounted at /dev/shm.")
  @Max(Integer.MAX_VALUE)
  public Integer sharedMemorySize;

  @Size(max = 64)
  @JsonPropertyDescription("tmpfs mounts. Become memory-backed emptyDirs.")
  public List<Tmpfs> tmpfs;

  @Min(0)
  @JsonPropertyDescription("Swap the container may use, in MiB. Kubernetes manages swap per node: reported.")
  @Max(Integer.MAX_VALUE)
  public Integer maxSwap;

  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Swappiness 0-100 (default 60). Reported, like maxSwap.")
  public Integer swappiness;
}
