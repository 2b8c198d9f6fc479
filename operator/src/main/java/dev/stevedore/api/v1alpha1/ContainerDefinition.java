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

/**
 * One container of a task (ECS ContainerDefinition). Field names and shapes are those of the ECS API; each
 * description says what the field becomes on Kubernetes, or that it is reported as not honoured.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.memory) || !has(self.memoryReservation) || self.memory >= self.memoryReservation",
    message = "memory must be greater than or equal to memoryReservation when both are set: memory is the hard limit,"
        + " memoryReservation the soft one")
public class ContainerDefinition {
  @Required
  @Size(min = 1, max = 255)
  @Pattern("^[A-Za-z0-9_-]+$")
  @JsonPropertyDescription("Container name: 1-255 letters, digits, '_' and '-', unique in the task. Sanitised into a DNS-1123 Kubernetes container name; the original is kept in an annotation.")
  public String name;

  @Required
  @Size(min = 1, max = 255)
  @JsonPropertyDescription("Image reference, e.g. public.ecr.aws/nginx/nginx:1.27.")
  public String image;

  @JsonPropertyDescription("Credentials for a private registry. Becomes an imagePullSecret.")
  public RepositoryCredentials repositoryCredentials;

  @Min(0)
  @Max(196608)
  @JsonPropertyDescription("CPU units (1024 = one vCPU), a relative share on EC2. Becomes the cpu request: units * 1000 / 1024 millicores (256 -> 250m).")
  public Integer cpu;

  @Min(6)
  @JsonPropertyDescription("Hard memory limit in MiB: the container is killed above it. Becomes the memory limit (and the request when memoryReservation is absent).")
  @Max(Integer.MAX_VALUE)
  public Integer memory;

  @Min(6)
  @JsonPropertyDescription("Soft memory limit in MiB, reserved for scheduling. Becomes the memory request.")
  @Max(Integer.MAX_VALUE)
  public Integer memoryReservation;

  @Size(max = 64)
  @JsonPropertyDescription("Legacy links 'name[:alias]' (bridge mode only). Containers of a pod share localhost; aliases become hostAliases to 127.0.0.1.")
  public List<String> links;

  @Size(max = 100)
  @JsonPropertyDescription("Ports the container listens on.")
  public List<PortMapping> portMappings;

  @JsonPropertyDescription("If true (default), the task stops when this container stops. At least one container must be essential. Only essential containers gate the task's readiness.")
  public Boolean essential;

  @JsonPropertyDescription("Restart this container in place when it exits, instead of replacing the task.")
  public ContainerRestartPolicy restartPolicy;

  @Size(max = 64)
  @JsonPropertyDescription("Docker ENTRYPOINT. Becomes the Kubernetes container 'command'.")
  public List<String> entryPoint;

  @Size(max = 256)
  @JsonPropertyDescription("Docker CMD. Becomes the Kubernetes container 'args'.")
  public List<String> command;

  @Size(max = 1024)
  @JsonPropertyDescription("Environment variables. Become env, sorted by name.")
  public List<KeyValuePair> environment;

  @Size(max = 10)
  @JsonPropertyDescription("S3 .env files. Become envFrom of a ConfigMap named after the file; 'environment' wins, as on ECS.")
  public List<EnvironmentFile> environmentFiles;

  @Size(max = 64)
  @JsonPropertyDescription("Volumes of the task to mount. Become volumeMounts.")
  public List<MountPoint> mountPoints;

  @Size(max = 10)
  @JsonPropertyDescription("Mount all volumes of other containers. Expanded into this container's volumeMounts.")
  public List<VolumeFrom> volumesFrom;

  @JsonPropertyDescription("Linux-specific options.")
  public LinuxParameters linuxParameters;

  @Size(max = 256)
  @JsonPropertyDescription("Secrets exposed as environment variables. Become env valueFrom.secretKeyRef.")
  public List<Secret> secrets;

  @Size(max = 10)
  @JsonPropertyDescription("Containers this one waits for. START/HEALTHY dependencies become native sidecars, SUCCESS/COMPLETE ones init containers.")
  public List<ContainerDependency> dependsOn;

  @Min(0)
  @JsonPropertyDescription("Seconds to wait for dependencies before giving up. No Kubernetes equivalent: reported.")
  @Max(Integer.MAX_VALUE)
  public Integer startTimeout;

  @Min(0)
  @JsonPropertyDescription("Seconds between SIGTERM and SIGKILL (default 30). The pod's terminationGracePeriodSeconds is the largest stopTimeout.")
  @Max(Integer.MAX_VALUE)
  public Integer stopTimeout;

  @Pattern("^(enabled|disabled)?$")
  @JsonPropertyDescription("Resolve the image tag to a digest once per deployment (enabled, the default) or not.")
  public String versionConsistency;

  @JsonPropertyDescription("Host name of the container (not with awsvpc). Becomes the pod's hostname.")
  public String hostname;

  @JsonPropertyDescription("User to run as: uid, uid:gid, user or user:group. Numeric ids become runAsUser/runAsGroup; names are reported.")
  public String user;

  @JsonPropertyDescription("Working directory. Becomes workingDir.")
  public String workingDirectory;

  @JsonPropertyDescription("Disable networking for the container. No per-container equivalent: reported.")
  public Boolean disableNetworking;

  @JsonPropertyDescription("Run privileged (not on Fargate). Becomes securityContext.privileged.")
  public Boolean privileged;

  @JsonPropertyDescription("Read-only root file system. Becomes securityContext.readOnlyRootFilesystem.")
  public Boolean readonlyRootFilesystem;

  @Size(max = 16)
  @JsonPropertyDescription("DNS servers (not on Fargate). Become the pod's dnsConfig.nameservers.")
  public List<String> dnsServers;

  @Size(max = 16)
  @JsonPropertyDescription("DNS search domains (not on Fargate). Become the pod's dnsConfig.searches.")
  public List<String> dnsSearchDomains;

  @Size(max = 64)
  @JsonPropertyDescription("Extra /etc/hosts entries (not with awsvpc). Become the pod's hostAliases.")
  public List<HostEntry> extraHosts;

  @Size(max = 16)
  @JsonPropertyDescription("no-new-privileges, apparmor:PROFILE, label:... or credentialspec:... Translated into the security context where Kubernetes has a field; others reported.")
  public List<String> dockerSecurityOptions;

  @JsonPropertyDescription("Keep stdin open. Becomes stdin.")
  public Boolean interactive;

  @JsonPropertyDescription("Allocate a TTY. Becomes tty.")
  public Boolean pseudoTerminal;

  @JsonPropertyDescription("Docker labels. Become pod annotations.")
  public Map<String, String> dockerLabels;

  @Size(max = 16)
  @JsonPropertyDescription("Resource limits (ulimits). Not expressible in Kubernetes: reported.")
  public List<Ulimit> ulimits;

  @JsonPropertyDescription("Log driver configuration.")
  public LogConfiguration logConfiguration;

  @JsonPropertyDescription("Container health check. Becomes readiness, liveness and (with startPeriod) startup probes.")
  public HealthCheck healthCheck;

  @Size(max = 64)
  @JsonPropertyDescription("Kernel parameters. Become pod-level sysctls.")
  public List<SystemControl> systemControls;

  @Size(max = 4)
  @JsonPropertyDescription("GPUs reserved for the container.")
  public List<ResourceRequirement> resourceRequirements;

  @JsonPropertyDescription("Makes this container the task's FireLens log router. Kept as a sidecar; routing of other containers' logs is reported.")
  public FirelensConfiguration firelensConfiguration;

  @Size(max = 1)
  @JsonPropertyDescription("gMSA credential spec for Windows containers. Reported.")
  public List<String> credentialSpecs;
}
