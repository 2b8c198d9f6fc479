package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

/**
 * RegisterTaskDefinition's request, as {@code aws ecs describe-task-definition} prints it. The read-only fields
 * of an export (taskDefinitionArn, revision, status, ...) are accepted, ignored and reported.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.containerDefinitions.all(c, self.containerDefinitions.exists_one(d, d.name == c.name))",
    message = "containerDefinitions: container names must be unique within the task definition")
@ValidationRule(value = "self.containerDefinitions.exists(c, !has(c.essential) || c.essential)",
    message = "containerDefinitions: at least one container must be essential (essential defaults to true)")
@ValidationRule(value = "self.containerDefinitions.all(c, !has(c.dependsOn) || c.dependsOn.all(d, self.containerDefinitions.exists(x, x.name == d.containerName)))",
    message = "dependsOn.containerName must name a container of this task definition")
@ValidationRule(value = "self.containerDefinitions.all(c, !has(c.dependsOn) || c.dependsOn.all(d, !(d.condition in ['COMPLETE', 'SUCCESS']) || self.containerDefinitions.exists(x, x.name == d.containerName && has(x.essential) && !x.essential)))",
    message = "dependsOn: the COMPLETE and SUCCESS conditions cannot target an essential container")
@ValidationRule(value = "self.containerDefinitions.all(c, !has(c.dependsOn) || c.dependsOn.all(d, d.condition != 'HEALTHY' || self.containerDefinitions.exists(x, x.name == d.containerName && has(x.healthCheck))))",
    message = "dependsOn: the HEALTHY condition needs a healthCheck on the container it targets")
@ValidationRule(value = "self.containerDefinitions.all(c, !has(c.volumesFrom) || c.volumesFrom.all(v, !has(v.sourceContainer) || self.containerDefinitions.exists(x, x.name == v.sourceContainer)))",
    message = "volumesFrom.sourceContainer must name a container of this task definition")
@ValidationRule(value = "self.containerDefinitions.all(c, !has(c.mountPoints) || c.mountPoints.all(m, !has(m.sourceVolume) || (has(self.volumes) && self.volumes.exists(v, has(v.name) && v.name == m.sourceVolume))))",
    message = "mountPoints.sourceVolume must name a volume of this task definition")
@ValidationRule(value = "!has(self.proxyConfiguration) || self.containerDefinitions.exists(x, x.name == self.proxyConfiguration.containerName)",
    message = "proxyConfiguration.containerName must name a container of this task definition")
@ValidationRule(value = "!has(self.networkMode) || self.networkMode in ['', 'bridge'] || self.containerDefinitions.all(c, !has(c.links) || size(c.links) == 0)",
    message = "links are only supported with the bridge network mode")
@ValidationRule(value = "!has(self.networkMode) || !(self.networkMode in ['awsvpc', 'host']) || self.containerDefinitions.all(c, !has(c.portMappings) || c.portMappings.all(p, !has(p.hostPort) || p.hostPort == 0 || (has(p.containerPort) && p.hostPort == p.containerPort)))",
    message = "with the awsvpc and host network modes, portMappings.hostPort must be omitted or equal to containerPort")
@ValidationRule(value = "!has(self.networkMode) || self.networkMode != 'none' || self.containerDefinitions.all(c, !has(c.portMappings) || size(c.portMappings) == 0)",
    message = "the none network mode allows no portMappings")
@ValidationRule(value = "!has(self.networkMode) || self.networkMode != 'awsvpc' || self.containerDefinitions.all(c, !has(c.hostname) && (!has(c.extraHosts) || size(c.extraHosts) == 0))",
    message = "hostname and extraHosts are not supported with the awsvpc network mode")
@ValidationRule(value = "!has(self.requiresCompatibilities) || !('FARGATE' in self.requiresCompatibilities) || (has(self.networkMode) && self.networkMode == 'awsvpc')",
    message = "FARGATE requires networkMode awsvpc")
@ValidationRule(value = "!has(self.requiresCompatibilities) || !('FARGATE' in self.requiresCompatibilities) || (has(self.cpu) && has(self.memory))",
    message = "FARGATE requires task-level cpu and memory")
@ValidationRule(value = "!has(self.requiresCompatibilities) || !('FARGATE' in self.requiresCompatibilities) || !has(self.cpu) || !has(self.memory)"
    + " || " + FargateTaskSizes.RULE,
    message = FargateTaskSizes.MESSAGE)
@ValidationRule(value = "!has(self.requiresCompatibilities) || !('FARGATE' in self.requiresCompatibilities) || ((!has(self.ipcMode) || self.ipcMode == '') && (!has(self.pidMode) || self.pidMode in ['', 'task']) && (!has(self.placementConstraints) || size(self.placementConstraints) == 0))",
    message = "FARGATE does not support ipcMode, placementConstraints, or a pidMode other than task")
@ValidationRule(value = "!has(self.requiresCompatibilities) || !('FARGATE' in self.requiresCompatibilities) || self.containerDefinitions.all(c, (!has(c.privileged) || !c.privileged) && (!has(c.links) || size(c.links) == 0) && (!has(c.dnsServers) || size(c.dnsServers) == 0) && (!has(c.dnsSearchDomains) || size(c.dnsSearchDomains) == 0) && (!has(c.extraHosts) || size(c.extraHosts) == 0) && (!has(c.dockerSecurityOptions) || size(c.dockerSecurityOptions) == 0) && (!has(c.disableNetworking) || !c.disableNetworking))",
    message = "FARGATE does not support privileged, links, dnsServers, dnsSearchDomains, extraHosts, dockerSecurityOptions or disableNetworking on containers")
@ValidationRule(value = "!has(self.requiresCompatibilities) || !('FARGATE' in self.requiresCompatibilities) || self.containerDefinitions.all(c, !has(c.linuxParameters) || ((!has(c.linuxParameters.devices) || size(c.linuxParameters.devices) == 0) && !has(c.linuxParameters.sharedMemorySize) && (!has(c.linuxParameters.tmpfs) || size(c.linuxParameters.tmpfs) == 0) && !has(c.linuxParameters.maxSwap) && !has(c.linuxParameters.swappiness) && (!has(c.linuxParameters.capabilities) || !has(c.linuxParameters.capabilities.add) || c.linuxParameters.capabilities.add.all(a, a == 'SYS_PTRACE'))))",
    message = "FARGATE does not support linuxParameters devices, sharedMemorySize, tmpfs, maxSwap or swappiness, and capabilities.add allows only SYS_PTRACE")
@ValidationRule(value = "!has(self.requiresCompatibilities) || !('FARGATE' in self.requiresCompatibilities) || self.containerDefinitions.all(c, (!has(c.stopTimeout) || c.stopTimeout <= 120) && (!has(c.startTimeout) || (c.startTimeout >= 2 && c.startTimeout <= 120)) && (!has(c.logConfiguration) || c.logConfiguration.logDriver in ['awslogs', 'splunk', 'awsfirelens']))",
    message = "FARGATE allows stopTimeout up to 120, startTimeout 2-120, and only the awslogs, splunk and awsfirelens log drivers")
@ValidationRule(value = "!has(self.requiresCompatibilities) || !('FARGATE' in self.requiresCompatibilities) || !has(self.volumes) || self.volumes.all(v, !has(v.dockerVolumeConfiguration) && (!has(v.host) || !has(v.host.sourcePath)))",
    message = "FARGATE does not support dockerVolumeConfiguration or host sourcePath volumes")
public class TaskDefinitionSpec {
  @Size(min = 1, max = 255)
  @Pattern("^[A-Za-z0-9_-]+$")
  @JsonPropertyDescription("Family: the name that groups revisions, 1-255 letters, digits, '_' and '-'. Defaults to metadata.name. Services reference 'family' (latest ACTIVE revision), 'family:N' or the ARN.")
  public String family;

  @JsonPropertyDescription("IAM role the task's containers assume. Becomes a ServiceAccount for the family, annotated for IRSA (eks.amazonaws.com/role-arn). Without it no service-account token is mounted.")
  public String taskRoleArn;

  @JsonPropertyDescription("IAM role the ECS agent uses to pull images and fetch secrets. Its registry credentials become imagePullSecrets.")
  public String executionRoleArn;

  @Pattern("^(bridge|host|awsvpc|none)?$")
  @JsonPropertyDescription("bridge (EC2 default), host, awsvpc (required by Fargate) or none. awsvpc and bridge become ordinary pod networking, host becomes hostNetwork.")
  public String networkMode;

  @Required
  @Size(min = 1, max = 10)
  @JsonPropertyDescription("The containers of the task: 1-10, names unique, at least one essential.")
  public List<ContainerDefinition> containerDefinitions;

  @Size(max = 64)
  @JsonPropertyDescription("Data volumes the containers can mount.")
  public List<Volume> volumes;

  @Size(max = 10)
  @JsonPropertyDescription("memberOf constraints (not on Fargate). Become node affinity.")
  public List<TaskDefinitionPlacementConstraint> placementConstraints;

  @Size(max = 3)
  @ValidationRule(value = "self.all(x, x in ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'])",
      message = "requiresCompatibilities allows EC2, FARGATE, EXTERNAL and MANAGED_INSTANCES")
  @JsonPropertyDescription("Launch types the task definition is validated against: EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES (ECS Managed Instances: runs like EC2).")
  public List<String> requiresCompatibilities;

  @ValidationRule(value = "type(self) == int ? self >= 0 && self <= 2147483647 : self.matches(" + FargateTaskSizes.CPU_FORMAT + ")",
      message = "cpu must be CPU units (1024 or \"1024\") or vCPUs (\"1 vCPU\")")
  @Size(max = 16)
  @JsonPropertyDescription("Task CPU in units (\"1024\") or vCPUs (\"1 vCPU\"); a hard cap for the whole task. Required by Fargate.")
  public IntOrString cpu;

  @ValidationRule(value = "type(self) == int ? self >= 0 && self <= 2147483647 : self.matches(" + FargateTaskSizes.MEMORY_FORMAT + ")",
      message = "memory must be MiB (2048 or \"2048\") or GB (\"2 GB\")")
  @Size(max = 16)
  @JsonPropertyDescription("Task memory in MiB (\"2048\") or GB (\"2 GB\"); a hard cap for the whole task. Required by Fargate.")
  public IntOrString memory;

  @Pattern("^(host|task)?$")
  @JsonPropertyDescription("host (hostPID) or task (shareProcessNamespace). Unset: a private namespace per container.")
  public String pidMode;

  @Pattern("^(host|task|none)?$")
  @JsonPropertyDescription("host (hostIPC), task (the pod default) or none (reported).")
  public String ipcMode;

  @JsonPropertyDescription("App Mesh proxy configuration.")
  public ProxyConfiguration proxyConfiguration;

  @JsonPropertyDescription("Ephemeral storage of the task (21-200 GiB).")
  public EphemeralStorage ephemeralStorage;

  @JsonPropertyDescription("Operating system and CPU architecture. Becomes a node selector.")
  public RuntimePlatform runtimePlatform;

  @Size(max = 0)
  @JsonPropertyDescription("Elastic Inference accelerators. Discontinued by AWS; must be empty.")
  public List<InferenceAccelerator> inferenceAccelerators;

  @Size(max = 50)
  @JsonPropertyDescription("Tags, at most 50. Propagated to pods as labels when a service sets propagateTags TASK_DEFINITION.")
  public List<Tag> tags;

  @JsonPropertyDescription("Allow fault injection requests from the task (default false). Reported.")
  public Boolean enableFaultInjection;

  @JsonPropertyDescription("Trusted execution (isolation mode, attestation policy). Not supported: reported.")
  public AnyType trustedExecutionConfiguration;

  // Read-only members of an exported task definition: accepted so exports paste unchanged, then ignored.

  @JsonPropertyDescription("Read-only (export): ignored. Stevedore assigns ARNs in status.")
  public String taskDefinitionArn;

  @JsonPropertyDescription("Read-only (export): ignored. Stevedore numbers revisions itself, in status.")
  @Min(Integer.MIN_VALUE)
  @Max(Integer.MAX_VALUE)
  public Integer revision;

  @JsonPropertyDescription("Read-only (export): ignored. Revision status is in status.revisions.")
  public String status;

  @Size(max = 256)
  @JsonPropertyDescription("Read-only (export): ignored.")
  public List<Attribute> requiresAttributes;

  @Size(max = 3)
  @JsonPropertyDescription("Read-only (export): ignored.")
  public List<String> compatibilities;

  @JsonPropertyDescription("Read-only (export): ignored.")
  public AnyType registeredAt;

  @JsonPropertyDescription("Read-only (export): ignored.")
  public AnyType deregisteredAt;

  @JsonPropertyDescription("Read-only (export): ignored.")
  public String registeredBy;

  @JsonPropertyDescription("Read-only (export): ignored.")
  public AnyType deleteRequestedAt;
}
