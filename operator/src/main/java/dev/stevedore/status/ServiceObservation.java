package dev.stevedore.status;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.FieldReport;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.util.List;

/**
 * What the reconciler saw of one service: its resource, what it wants to run, and the Kubernetes objects that
 * run it.
 *
 * @param service the EcsService as read (its status is the previous status)
 * @param serviceName the ECS service name
 * @param desiredCount tasks the service should run (nodes, for DAEMON)
 * @param taskDefinitionArn the revision the service should run, or null when it could not be resolved
 * @param restartedAt the forceNewDeployment token of the desired tasks, or null
 * @param deployments the service's Deployments (REPLICA)
 * @param daemonSets the service's DaemonSets (DAEMON)
 * @param replicaSets the ReplicaSets of its Deployments
 * @param pods the service's pods
 * @param stuck the deployment bounds allow no task to be replaced
 * @param stall why the service cannot be reconciled, or null
 * @param reports fields not honoured exactly
 * @param selector the label selector of the service's pods
 * @param breaker the circuit breaker's decision about the deployment the spec asks for. When it rolled back,
 *     {@code taskDefinitionArn} and {@code restartedAt} are those of the deployment rolled back to (what runs),
 *     and the spec's deployment is {@code breaker.deploymentId()}.
 * @param reverted what Stevedore restored this time after someone else changed it, one ECS-style sentence each
 * @param gate the pre-deploy task's decision about the deployment the spec asks for. While it holds or failed
 *     that deployment, {@code taskDefinitionArn} and {@code restartedAt} are the spec's (the PRIMARY deployment,
 *     without tasks) and the workloads still run what ran before.
 */
public record ServiceObservation(EcsService service, String serviceName, int desiredCount, String taskDefinitionArn,
                                 String restartedAt, List<Deployment> deployments, List<DaemonSet> daemonSets,
                                 List<ReplicaSet> replicaSets, List<Pod> pods, boolean stuck, Stall stall,
                                 List<FieldReport> reports, String selector, RollbackDecision.Decision breaker,
                                 List<String> reverted, PreDeployGate.Decision gate) {

  /** An observation of a service whose deployment no pre-deploy task gates. */
  public ServiceObservation(EcsService service, String serviceName, int desiredCount, String taskDefinitionArn,
      String restartedAt, List<Deployment> deployments, List<DaemonSet> daemonSets, List<ReplicaSet> replicaSets,
      List<Pod> pods, boolean stuck, Stall stall, List<FieldReport> reports, String selector,
      RollbackDecision.Decision breaker, List<String> reverted) {
    this(service, serviceName, desiredCount, taskDefinitionArn, restartedAt, deployments, daemonSets, replicaSets, pods,
        stuck, stall, reports, selector, breaker, reverted, PreDeployGate.unresolved(service.getStatus()));
  }

  /** An observation in which nothing had to be restored. */
  public ServiceObservation(EcsService service, String serviceName, int desiredCount, String taskDefinitionArn,
      String restartedAt, List<Deployment> deployments, List<DaemonSet> daemonSets, List<ReplicaSet> replicaSets,
      List<Pod> pods, boolean stuck, Stall stall, List<FieldReport> reports, String selector,
      RollbackDecision.Decision breaker) {
    this(service, serviceName, desiredCount, taskDefinitionArn, restartedAt, deployments, daemonSets, replicaSets, pods,
        stuck, stall, reports, selector, breaker, List.of());
  }

  /** An observation without a circuit-breaker decision: any rollback in the previous status is kept. */
  public ServiceObservation(EcsService service, String serviceName, int desiredCount, String taskDefinitionArn,
      String restartedAt, List<Deployment> deployments, List<DaemonSet> daemonSets, List<ReplicaSet> replicaSets,
      List<Pod> pods, boolean stuck, Stall stall, List<FieldReport> reports, String selector) {
    this(service, serviceName, desiredCount, taskDefinitionArn, restartedAt, deployments, daemonSets, replicaSets, pods,
        stuck, stall, reports, selector, RollbackDecision.unresolved(service.getStatus()));
  }

  /**
   * A reason the service cannot move, named like the ECS exception a client would get.
   *
   * @param reason CamelCase, e.g. ClusterNotFoundException
   * @param message ECS's message, e.g. "Cluster not found."
   */
  public record Stall(String reason, String message) {}

  public boolean daemon() {
    return "DAEMON".equals(service.getSpec().schedulingStrategy);
  }
}
