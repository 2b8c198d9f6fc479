package dev.stevedore.translate.placement;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Collection;
import java.util.Map;

/**
 * The nodes a DAEMON service's task can run on: Ready, schedulable, carrying every label of the pod's node
 * selector and admitted by its required node affinity (memberOf constraints, the provider's placement). ECS counts
 * a daemon's desired tasks the same way: one per container instance that satisfies its constraints. Pure.
 */
public final class EligibleNodes {
  private EligibleNodes() {}

  public static int count(PodSpec pod, Collection<Node> nodes) {
    return (int) nodes.stream().filter(n -> admits(pod, n)).count();
  }

  static boolean admits(PodSpec pod, Node node) {
    if (Boolean.TRUE.equals(node.getSpec() == null ? null : node.getSpec().getUnschedulable()) || !ready(node)) {
      return false;
    }
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    Map<String, String> selector = pod.getNodeSelector() == null ? Map.of() : pod.getNodeSelector();
    return selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
        && NodeAffinityMatcher.matches(pod.getAffinity(), node);
  }

  private static boolean ready(Node node) {
    return node.getStatus() != null && node.getStatus().getConditions() != null && node.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
