package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.AnyType;
import java.util.List;

/**
 * RunTask's request, plus desiredStatus: setting it to STOPPED is StopTask. A task cannot be changed once it runs,
 * so everything but desiredStatus and tags is immutable, and a STOPPED task cannot be started again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.launchType) || !has(self.capacityProviderStrategy) || size(self.capacityProviderStrategy) == 0",
    message = "launchType and capacityProviderStrategy cannot both be set: choose one")
@ValidationRule(value = "!has(self.capacityProviderStrategy) || self.capacityProviderStrategy.filter(i, has(i.base) && i.base > 0).size() <= 1",
    message = "capacityProviderStrategy: only one capacity provider can have a base")
@ValidationRule(value = "!has(self.capacityProviderStrategy) || self.capacityProviderStrategy.all(i, self.capacityProviderStrategy.exists_one(j, j.capacityProvider == i.capacityProvider))",
    message = "capacityProviderStrategy: each capacity provider can appear once")
@ValidationRule(value = "!has(self.propagateTags) || self.propagateTags != 'SERVICE'",
    message = "propagateTags: a standalone task can propagate TASK_DEFINITION tags or NONE; SERVICE is for service tasks")
@ValidationRule(value = "!has(oldSelf.desiredStatus) || oldSelf.desiredStatus != 'STOPPED' || (has(self.desiredStatus) && self.desiredStatus == 'STOPPED')",
    message = "InvalidParameterException: desiredStatus cannot go from STOPPED back to RUNNING: a stopped task cannot be started again; run a new one (create another EcsTask)")
@ValidationRule(value = "has(self.count) == has(oldSelf.count) && has(self.cluster) == has(oldSelf.cluster)"
    + " && has(self.launchType) == has(oldSelf.launchType)"
    + " && has(self.capacityProviderStrategy) == has(oldSelf.capacityProviderStrategy)"
    + " && has(self.overrides) == has(oldSelf.overrides) && has(self.group) == has(oldSelf.group)"
    + " && has(self.startedBy) == has(oldSelf.startedBy)"
    + " && has(self.placementConstraints) == has(oldSelf.placementConstraints)"
    + " && has(self.placementStrategy) == has(oldSelf.placementStrategy)",
    message = "a task cannot be changed once run: only desiredStatus and tags may change; create another EcsTask to run different tasks")
public class EcsTaskSpec {
  public static final String RUNNING = "RUNNING";
  public static final String STOPPED = "STOPPED";
  /** ECS's limit on tasks per RunTask call. */
  public static final int MAX_COUNT = 10;
  static final String IMMUTABLE = "a task cannot be changed once run: only desiredStatus and tags may change; create another EcsTask to run different tasks";

  @Size(min = 1, max = 2048)
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("Name or ARN of the EcsCluster to run in (default: 'default').")
  public String cluster;

  @Required
  @Size(min = 1, max = 2048)
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("'family' (its latest ACTIVE revision when the tasks start), 'family:revision' or a task definition ARN. The revision is fixed in status.taskDefinitionArn once the tasks start.")
  public String taskDefinition;

  @Min(1)
  @Max(MAX_COUNT)
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("Tasks to run, 1-10 (default 1): ECS's limit per RunTask call. One pod per task.")
  public Integer count;

  @Pattern("^(EC2|FARGATE|EXTERNAL)$")
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("EC2, FARGATE or EXTERNAL: the capacity provider (node pool) the tasks run on. Excludes capacityProviderStrategy. Neither: the cluster's default strategy.")
  public String launchType;

  @Size(max = 20)
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("Capacity providers with base and weight: the tasks are split among them as ECS splits a service's.")
  public List<CapacityProviderStrategyItem> capacityProviderStrategy;

  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("Container and task overrides: command, environment, cpu and memory per container; task role, cpu and memory.")
  public TaskOverride overrides;

  @Size(max = 128)
  @Pattern("^[A-Za-z0-9/_-]*$")
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("Free text (letters, digits, '-', '/', '_', at most 128) recorded on every task, e.g. the job that ran it.")
  public String startedBy;

  @Size(min = 1, max = 255)
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("Task group (default 'family:<family>'), as task:group placement expressions see it.")
  public String group;

  @Size(max = 10)
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("distinctInstance (each task of this EcsTask on a different node) and memberOf constraints, at most 10.")
  public List<PlacementConstraint> placementConstraints;

  @Size(max = 5)
  @ValidationRule(value = "self == oldSelf", message = IMMUTABLE)
  @JsonPropertyDescription("Placement strategy rules, at most 5: spread over the tasks of this EcsTask, binpack approximated.")
  public List<PlacementStrategy> placementStrategy;

  @Size(max = 50)
  @JsonPropertyDescription("Tags of the tasks, at most 50. Kept on the EcsTask; the pods carry the task definition's tags (propagateTags TASK_DEFINITION) and the managed tags (enableECSManagedTags) as labels.")
  public List<Tag> tags;

  @Pattern("^(TASK_DEFINITION|SERVICE|NONE)$")
  @JsonPropertyDescription("TASK_DEFINITION copies the task definition's tags to the pods as labels; NONE (default) does not; SERVICE is refused (a standalone task has no service).")
  public String propagateTags;

  @JsonPropertyDescription("Add the ECS managed tag aws:ecs:clusterName to the pods as a label (default false).")
  public Boolean enableECSManagedTags;

  @Pattern("^(RUNNING|STOPPED)$")
  @JsonPropertyDescription("RUNNING (default) or STOPPED. Setting STOPPED is StopTask: the tasks' pods are deleted (SIGTERM, then SIGKILL after the stop timeout) and the tasks end STOPPED with stopCode UserInitiated. A STOPPED task cannot be started again.")
  public String desiredStatus;

  @JsonPropertyDescription("awsvpc subnets and security groups. Reported: the cluster's pod network is used.")
  public NetworkConfiguration networkConfiguration;

  @JsonPropertyDescription("Fargate platform version. Ignored: reported.")
  public String platformVersion;

  @JsonPropertyDescription("Allow ECS Exec (default false). Kept; access is governed by RBAC on pods/exec.")
  public Boolean enableExecuteCommand;

  @Size(max = 64)
  @JsonPropertyDescription("Idempotency token. Ignored: the EcsTask object itself is the idempotent request.")
  public String clientToken;

  @Size(max = 1)
  @JsonPropertyDescription("Volumes configured at launch (managed EBS). Not supported yet: reported.")
  public List<AnyType> volumeConfigurations;
}
