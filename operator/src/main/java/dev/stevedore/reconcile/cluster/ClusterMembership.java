package dev.stevedore.reconcile.cluster;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.naming.Arns;
import dev.stevedore.naming.Names;
import dev.stevedore.status.ClusterNameConflict;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Objects;

/** Which services and pods belong to a cluster, and which changes of them can move its counts. Pure. */
final class ClusterMembership {
  private ClusterMembership() {}

  /** The ECS name of a cluster: spec.clusterName, else metadata.name. */
  static String nameOf(EcsCluster c) {
    return EcsCluster.clusterName(c);
  }

  /** The value of the cluster label on the cluster's pods. */
  static String labelValue(EcsCluster c) {
    return Names.labelValue(nameOf(c));
  }

  /** The cluster a service names: a name or an ARN ...:cluster/NAME; "default" when absent. */
  static String reference(EcsService s) {
    return Arns.clusterName(s.getSpec() == null ? null : s.getSpec().cluster);
  }

  /** ACTIVE in ECS terms: names the cluster and is not being deleted (DRAINING). */
  static boolean isActiveMemberOf(EcsService s, String clusterName) {
    return s.getMetadata().getDeletionTimestamp() == null && clusterName.equals(reference(s));
  }

  /** The service moved to another cluster, or started being deleted. */
  static boolean changed(EcsService before, EcsService now) {
    return !reference(before).equals(reference(now))
        || (before.getMetadata().getDeletionTimestamp() == null) != (now.getMetadata().getDeletionTimestamp() == null);
  }

  /** The pod moved between running, pending and gone. */
  static boolean taskStateChanged(Pod before, Pod now) {
    return (before.getMetadata().getDeletionTimestamp() == null) != (now.getMetadata().getDeletionTimestamp() == null)
        || !Objects.equals(phase(before), phase(now)) || ready(before) != ready(now);
  }

  /** The node's labels, taints or cordon changed: what decides which providers reach it. */
  static boolean placementChanged(Node before, Node now) {
    return !Objects.equals(before.getMetadata().getLabels(), now.getMetadata().getLabels())
        || !Objects.equals(before.getSpec() == null ? null : before.getSpec().getTaints(),
            now.getSpec() == null ? null : now.getSpec().getTaints());
  }

  /** Takes from {@code service} what this reconciler's copy does not read: all but its cluster and deletion. */
  static void keepMembershipOnly(EcsService service) {
    EcsServiceSpec spec = new EcsServiceSpec();
    spec.cluster = service.getSpec() == null ? null : service.getSpec().cluster;
    service.setSpec(spec);
    service.setStatus(null);
  }

  /** Takes from {@code pod} what counting it does not read: its spec, and its status but phase and conditions. */
  static void keepTaskStateOnly(Pod pod) {
    pod.setSpec(null);
    if (pod.getStatus() != null) {
      PodStatus status = new PodStatus();
      status.setPhase(pod.getStatus().getPhase());
      status.setConditions(pod.getStatus().getConditions());
      pod.setStatus(status);
    }
  }

  private static String phase(Pod p) {
    return p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  private static boolean ready(Pod p) {
    return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
        .anyMatch((PodCondition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
