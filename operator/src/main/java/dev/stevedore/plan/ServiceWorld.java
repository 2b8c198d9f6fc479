package dev.stevedore.plan;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.translate.TaskRoleBinding;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.List;

/**
 * Everything the planning of one EcsService reads, as data: the service, what it refers to, and what runs for it
 * now, as the informer caches hold them.
 *
 * @param service the EcsService as read; its status is the previous status
 * @param clusters the EcsClusters of the service's namespace
 * @param revisions the ControllerRevisions holding the task definition revisions of the service's family
 * @param deployments the Deployments the service owns
 * @param daemonSets the DaemonSets the service owns
 * @param replicaSets the ReplicaSets of those Deployments
 * @param pods the service's pods
 * @param nodes the cluster's nodes (a DAEMON service runs one task on each node that admits it)
 * @param services the Kubernetes Services the service owns
 * @param serviceAccounts the task-role ServiceAccounts Stevedore made in the namespace
 * @param tasks the EcsTasks the service owns (its pre-deploy tasks)
 * @param autoscalers the HorizontalPodAutoscalers the service owns
 * @param targetGroupBindings whether the cluster serves TargetGroupBindings, and those the service owns
 * @param environment the operator's identity in ARNs and its task-role binding
 * @param now the time of this look
 */
public record ServiceWorld(EcsService service, List<EcsCluster> clusters, List<ControllerRevision> revisions,
                           List<Deployment> deployments, List<DaemonSet> daemonSets, List<ReplicaSet> replicaSets,
                           List<Pod> pods, List<Node> nodes, List<Service> services,
                           List<ServiceAccount> serviceAccounts, List<EcsTask> tasks,
                           List<HorizontalPodAutoscaler> autoscalers, TargetGroupBindings targetGroupBindings,
                           Environment environment, Instant now) {

  /** A world without the AWS Load Balancer Controller's TargetGroupBinding kind. */
  public ServiceWorld(EcsService service, List<EcsCluster> clusters, List<ControllerRevision> revisions,
      List<Deployment> deployments, List<DaemonSet> daemonSets, List<ReplicaSet> replicaSets, List<Pod> pods,
      List<Node> nodes, List<Service> services, List<ServiceAccount> serviceAccounts, List<EcsTask> tasks,
      List<HorizontalPodAutoscaler> autoscalers, Environment environment, Instant now) {
    this(service, clusters, revisions, deployments, daemonSets, replicaSets, pods, nodes, services, serviceAccounts,
        tasks, autoscalers, TargetGroupBindings.NOT_SERVED, environment, now);
  }

  /** A world in which the service owns no autoscaler. */
  public ServiceWorld(EcsService service, List<EcsCluster> clusters, List<ControllerRevision> revisions,
      List<Deployment> deployments, List<DaemonSet> daemonSets, List<ReplicaSet> replicaSets, List<Pod> pods,
      List<Node> nodes, List<Service> services, List<ServiceAccount> serviceAccounts, List<EcsTask> tasks,
      Environment environment, Instant now) {
    this(service, clusters, revisions, deployments, daemonSets, replicaSets, pods, nodes, services, serviceAccounts,
        tasks, List.of(), TargetGroupBindings.NOT_SERVED, environment, now);
  }

  /** A world in which the service owns no EcsTask. */
  public ServiceWorld(EcsService service, List<EcsCluster> clusters, List<ControllerRevision> revisions,
      List<Deployment> deployments, List<DaemonSet> daemonSets, List<ReplicaSet> replicaSets, List<Pod> pods,
      List<Node> nodes, List<Service> services, List<ServiceAccount> serviceAccounts, Environment environment,
      Instant now) {
    this(service, clusters, revisions, deployments, daemonSets, replicaSets, pods, nodes, services, serviceAccounts,
        List.of(), List.of(), TargetGroupBindings.NOT_SERVED, environment, now);
  }

  /**
   * The AWS Load Balancer Controller's TargetGroupBinding kind (elbv2.k8s.aws/v1beta1) as the cluster has it.
   *
   * @param served the API server serves the kind (its CRD is installed)
   * @param owned the TargetGroupBindings the service owns; empty when the kind is not served
   */
  public record TargetGroupBindings(boolean served, List<GenericKubernetesResource> owned) {
    public static final TargetGroupBindings NOT_SERVED = new TargetGroupBindings(false, List.of());
  }

  /**
   * The operator's settings the plan depends on.
   *
   * @param region AWS region in ARNs
   * @param account AWS account id in ARNs and role names
   * @param taskRoleBinding how task roles become ServiceAccounts
   */
  public record Environment(String region, String account, TaskRoleBinding taskRoleBinding) {}
}
