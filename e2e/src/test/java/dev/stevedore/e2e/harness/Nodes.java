package dev.stevedore.e2e.harness;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** The cluster's nodes as a scheduler sees them. */
public final class Nodes {
  public static final String POOL_LABEL = "stevedore.dev/pool";
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

  private Nodes() {}

  /** Nodes that take any pod, a daemon task included: Ready, not cordoned, no NoSchedule or NoExecute taint. */
  public static List<Node> schedulable(KubernetesClient client) {
    return client.nodes().list().getItems().stream()
        .filter(n -> !Boolean.TRUE.equals(n.getSpec().getUnschedulable()))
        .filter(n -> n.getSpec().getTaints() == null
            || n.getSpec().getTaints().stream().allMatch(t -> "PreferNoSchedule".equals(t.getEffect())))
        .filter(n -> n.getStatus() != null && n.getStatus().getConditions() != null
            && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
        .toList();
  }
}
