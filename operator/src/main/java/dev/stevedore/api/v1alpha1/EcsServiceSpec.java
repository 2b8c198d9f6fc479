package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.List;

/** CreateService's request. REPLICA services run as Deployments, DAEMON services as DaemonSets. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.launchType) || self.launchType == '' || !has(self.capacityProviderStrategy) || size(self.capacityProviderStrategy) == 0",
    message = "launchType and capacityProviderStrategy cannot both be set: choose one")
@ValidationRule(value = "!has(self.schedulingStrategy) || self.schedulingStrategy != 'DAEMON' || !has(self.autoScaling)",
    message = "InvalidParameterException: a DAEMON service runs one task per instance and cannot be auto scaled")
@ValidationRule(value = "!has(self.schedulingStrategy) || self.schedulingStrategy != 'DAEMON' || !has(self.desiredCount)",
    message = "a DAEMON service runs one task per node and takes no desiredCount")
@ValidationRule(value = "!has(self.schedulingStrategy) || self.schedulingStrategy != 'DAEMON' || !has(self.placementStrategy) || size(self.placementStrategy) == 0",
    message = "a DAEMON service does not support placementStrategy")
@ValidationRule(value = "!has(self.schedulingStrategy) || self.schedulingStrategy != 'DAEMON' || !has(self.deploymentConfiguration) || !has(self.deploymentConfiguration.maximumPercent) || self.deploymentConfiguration.maximumPercent == 100",
    message = "The daemon scheduling strategy does not support values above 100 for maximumPercent on a deployment configuration. Change the maximumPercent value to 100, and try again")
@ValidationRule(value = "!has(self.schedulingStrategy) || self.schedulingStrategy != 'DAEMON' || !has(self.launchType) || self.launchType != 'FARGATE'",
    message = "a DAEMON service cannot use the FARGATE launch type")
@ValidationRule(value = "!has(self.schedulingStrategy) || self.schedulingStrategy != 'DAEMON' || !has(self.deploymentController) || self.deploymentController.type == 'ECS'",
    message = "a DAEMON service needs the ECS deployment controller")
@ValidationRule(value = "(has(self.schedulingStrategy) && self.schedulingStrategy == 'DAEMON') || (has(self.deploymentController) && self.deploymentController.type != 'ECS') || !has(self.deploymentConfiguration) || !has(self.deploymentConfiguration.maximumPercent) || self.deploymentConfiguration.maximumPercent >= 100",
    message = "deploymentConfiguration.maximumPercent below 100 would run fewer tasks than desired during a deployment; use 100 or more")
@ValidationRule(value = "has(self.taskDefinition) || (has(self.deploymentController) && self.deploymentController.type == 'EXTERNAL')",
    message = "taskDefinition is required (family, family:revision or task definition ARN)")
@ValidationRule(value = "!has(self.capacityProviderStrategy) || self.capacityProviderStrategy.filter(i, has(i.base) && i.base > 0).size() <= 1",
    message = "capacityProviderStrategy: only one capacity provider can have a base")
@ValidationRule(value = "!has(self.capacityProviderStrategy) || size(self.capacityProviderStrategy) <= 1 || self.capacityProviderStrategy.exists(i, has(i.weight) && i.weight > 0)",
    message = "capacityProviderStrategy: with more than one capacity provider, at least one needs a weight above 0")
@ValidationRule(value = "!has(self.capacityProviderStrategy) || self.capacityProviderStrategy.all(i, self.capacityProviderStrategy.exists_one(j, j.capacityProvider == i.capacityProvider))",
    message = "capacityProviderStrategy: each capacity provider can appear once")
@ValidationRule(value = "!has(self.capacityProviderStrategy) || !self.capacityProviderStrategy.exists(i, i.capacityProvider in ['FARGATE', 'FARGATE_SPOT']) || self.capacityProviderStrategy.all(i, i.capacityProvider in ['FARGATE', 'FARGATE_SPOT'])",
    message = "capacityProviderStrategy: Fargate and Auto Scaling group capacity providers cannot be mixed in one strategy")
public class EcsServiceSpec {
  @Size(min = 1, max = 255)
  @Pattern("^[A-Za-z0-9_-]+$")
  @JsonPropertyDescription("Service name, 1-255 letters, digits, '_' and '-', unique in its cluster. Defaults to metadata.name.")
  public String serviceName;

  @Size(min = 1, max = 2048)
  @JsonPropertyDescription("Name or ARN of the EcsCluster the service runs in (default: 'default').")
  public String cluster;

  @Size(min = 1, max = 2048)
  @JsonPropertyDescription("'family' (follows the latest ACTIVE revision and rolls when it changes), 'family:revision' (pinned) or a task definition ARN.")
  public String taskDefinition;

  @SpecReplicas
  @Min(0)
  @Max(100000)
  @JsonPropertyDescription("Number of tasks to run (REPLICA only; default 1). The scale subresource points here, so kubectl scale and a HorizontalPodAutoscaler work.")
  public Integer desiredCount;

  @Pattern("^(EC2|FARGATE|EXTERNAL|MANAGED_INSTANCES)?$")
  @JsonPropertyDescription("EC2, FARGATE, EXTERNAL or MANAGED_INSTANCES (placed like EC2): the capacity provider (node pool) the tasks run on. Excludes capacityProviderStrategy. Neither: the cluster's default strategy.")
  public String launchType;

  @Size(max = 20)
  @JsonPropertyDescription("Capacity providers with base and weight. Several providers become one Deployment per provider, replicas split by base then weight.")
  public List<CapacityProviderStrategyItem> capacityProviderStrategy;

  @JsonPropertyDescription("Fargate platform version. Ignored: reported.")
  public String platformVersion;

  @JsonPropertyDescription("IAM role for classic load balancers. Ignored: reported.")
  public String role;

  @JsonPropertyDescription("Rolling update bounds and circuit breaker.")
  public DeploymentConfiguration deploymentConfiguration;

  @Size(max = 10)
  @JsonPropertyDescription("distinctInstance and memberOf constraints (at most 10, with the task definition's).")
  public List<PlacementConstraint> placementConstraints;

  @Size(max = 5)
  @JsonPropertyDescription("Placement strategy rules, at most 5 (REPLICA only).")
  public List<PlacementStrategy> placementStrategy;

  @JsonPropertyDescription("awsvpc subnets and security groups. Reported: the cluster's pod network is used.")
  public NetworkConfiguration networkConfiguration;

  @Size(max = 5)
  @JsonPropertyDescription("Load balancer targets. Their container ports become ports of the service's Kubernetes Service.")
  public List<LoadBalancer> loadBalancers;

  @Size(max = 1)
  @JsonPropertyDescription("Cloud Map registry (at most 1). The service's Kubernetes Service gives it a DNS name instead.")
  public List<ServiceRegistry> serviceRegistries;

  @Min(0)
  @Max(2147483647)
  @JsonPropertyDescription("Seconds after a task starts during which failing health checks are ignored (default 0).")
  public Integer healthCheckGracePeriodSeconds;

  @Pattern("^(REPLICA|DAEMON)?$")
  @JsonPropertyDescription("REPLICA (default; a Deployment) or DAEMON (one task per eligible node; a DaemonSet).")
  public String schedulingStrategy;

  @JsonPropertyDescription("ECS (default). CODE_DEPLOY and EXTERNAL are not supported.")
  public DeploymentController deploymentController;

  @Size(max = 50)
  @JsonPropertyDescription("Tags of the service, at most 50.")
  public List<Tag> tags;

  @JsonPropertyDescription("Add the ECS managed tags (aws:ecs:clusterName, aws:ecs:serviceName) to tasks, as pod labels (default false).")
  public Boolean enableECSManagedTags;

  @Pattern("^(TASK_DEFINITION|SERVICE|NONE)?$")
  @JsonPropertyDescription("Copy the tags of the TASK_DEFINITION or the SERVICE to its tasks (pods) as labels, or NONE (default).")
  public String propagateTags;

  @JsonPropertyDescription("Allow ECS Exec (default false). Kept; access is governed by RBAC on pods/exec.")
  public Boolean enableExecuteCommand;

  @Size(max = 36)
  @JsonPropertyDescription("Idempotency token. Ignored: Kubernetes apply is idempotent.")
  public String clientToken;

  @JsonPropertyDescription("Service Connect configuration. Not supported yet: reported.")
  public AnyType serviceConnectConfiguration;

  @Size(max = 1)
  @JsonPropertyDescription("Volumes configured at launch (managed EBS). Not supported yet: reported.")
  public List<AnyType> volumeConfigurations;

  @Size(max = 5)
  @JsonPropertyDescription("VPC Lattice target groups. Not supported: reported.")
  public List<AnyType> vpcLatticeConfigurations;

  @Pattern("^(ENABLED|DISABLED)?$")
  @JsonPropertyDescription("Rebalance tasks across availability zones. Reported: topology spread keeps zones balanced when tasks start.")
  public String availabilityZoneRebalancing;

  @Size(max = 10)
  @JsonPropertyDescription("Gateway connectors of the service. Not supported: reported.")
  public List<AnyType> gatewayConnectors;

  @JsonPropertyDescription("CloudWatch metric configuration of the service. Not supported: reported; the operator's Prometheus metrics describe the service.")
  public AnyType monitoring;

  @JsonPropertyDescription("Service auto scaling (Application Auto Scaling's scalable target and target tracking policies, here on the service): a HorizontalPodAutoscaler on this EcsService's scale subresource. The autoscaler then owns desiredCount: leave desiredCount out of the manifests you apply (docs/autoscaling.md).")
  public ServiceAutoScaling autoScaling;

  @JsonPropertyDescription("Stevedore extension, not in ECS: a task (a database migration, say) that must succeed before each new deployment starts. While it runs, the tasks that run keep running; if it fails or times out, the deployment fails and they keep running. docs/tasks.md.")
  public PreDeployTask preDeployTask;

  // Read-only members of an exported service (describe-services output): accepted so exports paste unchanged, then
  // ignored and reported. Stevedore computes the live ones in status.

  @JsonPropertyDescription("Read-only (export): ignored.")
  public String serviceArn;

  @JsonPropertyDescription("Read-only (export): ignored. The cluster is spec.cluster.")
  public String clusterArn;

  @JsonPropertyDescription("Read-only (export): ignored. The service's status is status.status.")
  public String status;

  @Min(0)
  @Max(Integer.MAX_VALUE)
  @JsonPropertyDescription("Read-only (export): ignored. See status.runningCount.")
  public Integer runningCount;

  @Min(0)
  @Max(Integer.MAX_VALUE)
  @JsonPropertyDescription("Read-only (export): ignored. See status.pendingCount.")
  public Integer pendingCount;

  @JsonPropertyDescription("Read-only (export): ignored. The operating system comes from the task definition's runtimePlatform.")
  public String platformFamily;

  @JsonPropertyDescription("Read-only (export): ignored. The deployments are in status.deployments.")
  public List<AnyType> deployments;

  @JsonPropertyDescription("Read-only (export): ignored.")
  public List<AnyType> taskSets;

  @JsonPropertyDescription("Read-only (export): ignored.")
  public String roleArn;

  @JsonPropertyDescription("Read-only (export): ignored. The events are in status.events.")
  public List<AnyType> events;

  @JsonPropertyDescription("Read-only (export): ignored.")
  public AnyType createdAt;

  @JsonPropertyDescription("Read-only (export): ignored.")
  public String createdBy;

  @JsonPropertyDescription("Read-only (export): ignored.")
  public String currentServiceDeployment;

  @JsonPropertyDescription("Read-only (export): ignored.")
  public List<AnyType> currentServiceRevisions;

  @JsonPropertyDescription("Read-only (export): ignored. Who manages the service's resources, as ECS reports it.")
  public String resourceManagementType;

  /** The read-only members of a describe-services export this spec carries, by name, in declaration order. */
  public List<String> readOnlyMembersGiven() {
    java.util.Map<String, Object> members = new java.util.LinkedHashMap<>();
    members.put("serviceArn", serviceArn);
    members.put("clusterArn", clusterArn);
    members.put("status", status);
    members.put("runningCount", runningCount);
    members.put("pendingCount", pendingCount);
    members.put("platformFamily", platformFamily);
    members.put("deployments", deployments);
    members.put("taskSets", taskSets);
    members.put("roleArn", roleArn);
    members.put("events", events);
    members.put("createdAt", createdAt);
    members.put("createdBy", createdBy);
    members.put("currentServiceDeployment", currentServiceDeployment);
    members.put("currentServiceRevisions", currentServiceRevisions);
    members.put("resourceManagementType", resourceManagementType);
    return members.entrySet().stream().filter(e -> e.getValue() != null).map(java.util.Map.Entry::getKey).toList();
  }
}
