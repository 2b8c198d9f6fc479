package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/** RunTask's TaskOverride: changes to the task definition for these tasks only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskOverride {
  @Size(max = 10)
  @JsonPropertyDescription("Per-container overrides, matched by container name.")
  public List<ContainerOverride> containerOverrides;

  @Size(max = 2048)
  @JsonPropertyDescription("Task role for these tasks. A role other than the task definition's gets its own ServiceAccount, named after the EcsTask.")
  public String taskRoleArn;

  @Size(max = 2048)
  @JsonPropertyDescription("Execution role. Reported as ignored, like the task definition's: images are pulled with imagePullSecrets.")
  public String executionRoleArn;

  @ValidationRule(value = "type(self) == int || self.matches(" + FargateTaskSizes.CPU_FORMAT + ")",
      message = "cpu must be CPU units (1024 or \"1024\") or vCPUs (\"1 vCPU\")")
  @Size(max = 16)
  @JsonPropertyDescription("Task-level cpu ('256', 256 or '0.25 vCPU'): replaces the task definition's hard cap.")
  public IntOrString cpu;

  @ValidationRule(value = "type(self) == int || self.matches(" + FargateTaskSizes.MEMORY_FORMAT + ")",
      message = "memory must be MiB (2048 or \"2048\") or GB (\"2 GB\")")
  @Size(max = 16)
  @JsonPropertyDescription("Task-level memory ('512', 512 or '0.5 GB'): replaces the task definition's hard cap.")
  public IntOrString memory;
}
