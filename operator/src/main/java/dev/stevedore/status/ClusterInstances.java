package dev.stevedore.status;

import dev.stevedore.translate.CapacityPlacement;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a cluster counts, from observed nodes and pods. Pure.
 *
 * <p>A node is a container instance of a capacity provider when it has every label of the provider's
 * nodeSelector and the provider tolerates each of its NoSchedule and NoExecute taints. The taints Kubernetes puts
 * on nodes for their condition ({@code node.kubernetes.io/...}: cordoned, not ready, unreachable) are left out:
 * ECS still counts DRAINING and disconnected instances as registered.
 */
public final class ClusterInstances {
  private static final String CONDITION_TAINT_PREFIX = "node.kubernetes.io/";

  /**
   * Tasks of a cluster, as its services count them.
   *
   * @param running tasks whose pod is Ready
   * @param pending tasks whose pod exists but is not Ready (not scheduled, starting, unhealthy)
   */
  public record Tasks(int running, int pending) {}

  private ClusterInstances() {}

  /** Whether the node is one the provider's tasks can be placed on. */
  public static boolean matches(CapacityPlacement provider, Node node) {
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    for (Map.Entry<String, String> e : provider.nodeSelector().entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
        : node.getSpec().getTaints();
    for (Taint taint : taints) {
      if (taint.getKey() != null && taint.getKey().startsWith(CONDITION_TAINT_PREFIX)) {
        continue;
      }
      if (("NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect()))
          && provider.tolerations().stream().noneMatch(t -> tolerates(t, taint))) {
        return false;
      }
    }
    return true;
  }

  /** Kubernetes' toleration rule: key (empty with Exists: any), value for Equal, effect (empty: any). */
  static boolean tolerates(Toleration t, Taint taint) {
    if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
      return false;
    }
    boolean exists = "Exists".equals(t.getOperator());
    if (t.getKey() == null || t.getKey().isEmpty()) {
      return exists;
    }
    if (!t.getKey().equals(taint.getKey())) {
      return false;
    }
    return exists || Objects.equals(emptyIfNull(t.getValue()), emptyIfNull(taint.getValue()));
  }

  /** Nodes that at least one of the providers matches. */
  public static int instances(Collection<CapacityPlacement> providers, Collection<Node> nodes) {
    return (int) nodes.stream().filter(n -> providers.stream().anyMatch(p -> matches(p, n))).count();
  }

  /** Nodes the provider matches. */
  public static int instances(CapacityPlacement provider, Collection<Node> nodes) {
    return (int) nodes.stream().filter(n -> matches(provider, n)).count();
  }

  /** Running and pending tasks among pods: finished and terminating pods are not tasks any more. */
  public static Tasks tasks(Collection<Pod> pods) {
    int running = 0;
    int pending = 0;
    for (Pod p : pods) {
      if (p.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
      if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
        continue;
      }
      if (ServiceStatusCalculator.ready(p)) {
        running++;
      } else {
        pending++;
      }
    }
    return new Tasks(running, pending);
  }

  private static String emptyIfNull(String s) {
    return s == null ? "" : s;
  }
}
