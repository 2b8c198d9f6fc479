package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;

/**
 * Everything a service's translation depends on, resolved by the caller.
 *
 * @param name the EcsService's metadata.name: its Kubernetes objects are named after it
 * @param namespace the EcsService's namespace
 * @param clusterName the ECS cluster name
 * @param spec the service's spec
 * @param taskDefinition the revision the service runs
 * @param placement the capacity provider's node placement, or null for the scheduler's choice
 * @param desiredCount tasks for this workload (a share of the service's count when providers split it)
 * @param nodes the cluster's nodes as observed: a DAEMON service runs one task on each that admits it
 * @param roleBinding how task roles become ServiceAccounts
 * @param awsAccount account used to expand short role names to ARNs
 * @param restartedAt forceNewDeployment token, or null
 */
public record ServiceContext(String name, String namespace, String clusterName, EcsServiceSpec spec,
                             RegisteredTaskDefinition taskDefinition, CapacityPlacement placement,
                             int desiredCount, List<Node> nodes, TaskRoleBinding roleBinding, String awsAccount,
                             String restartedAt) {

  public ServiceContext {
    nodes = nodes == null ? List.of() : nodes;
  }

  /** The same service's tasks on one capacity provider of its strategy: its placement and its share of the tasks. */
  public ServiceContext forProvider(CapacityPlacement providerPlacement, int share) {
    return new ServiceContext(name, namespace, clusterName, spec, taskDefinition, providerPlacement, share, nodes,
        roleBinding, awsAccount, restartedAt);
  }

  public String serviceName() {
    return spec.serviceName != null ? spec.serviceName : name;
  }

  public boolean isDaemon() {
    return "DAEMON".equals(spec.schedulingStrategy);
  }

  public boolean hasLoadBalancers() {
    return spec.loadBalancers != null && !spec.loadBalancers.isEmpty();
  }

  public int minimumHealthyPercent() {
    var config = spec.deploymentConfiguration;
    if (config != null && config.minimumHealthyPercent != null) {
      return config.minimumHealthyPercent;
    }
    return isDaemon() ? RollingUpdateBounds.DEFAULT_DAEMON_MINIMUM_HEALTHY_PERCENT
        : RollingUpdateBounds.DEFAULT_REPLICA_MINIMUM_HEALTHY_PERCENT;
  }

  public int maximumPercent() {
    var config = spec.deploymentConfiguration;
    if (config != null && config.maximumPercent != null) {
      return config.maximumPercent;
    }
    return isDaemon() ? RollingUpdateBounds.DAEMON_MAXIMUM_PERCENT : RollingUpdateBounds.DEFAULT_REPLICA_MAXIMUM_PERCENT;
  }
}
