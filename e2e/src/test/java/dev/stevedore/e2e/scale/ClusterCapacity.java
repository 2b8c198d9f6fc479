package dev.stevedore.e2e.scale;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * How many pods of one template the cluster's nodes hold at once, by each node's allocatable pods, CPU and memory and
 * the template's node selector and required node affinity (the local cluster's nodes have no taints). The benchmark
 * checks this before it starts, so that a cluster too small fails at once with what to do, not after an hour with
 * pods Pending.
 */
final class ClusterCapacity {
  private ClusterCapacity() {}

  static long podsThatFit(List<Node> nodes, PodSpec pod) {
    BigDecimal cpu = requests(pod, "cpu");
    BigDecimal memory = requests(pod, "memory");
    long total = 0;
    for (Node node : nodes) {
      if (!admits(node, pod)) {
        continue;
      }
      Map<String, Quantity> allocatable = node.getStatus().getAllocatable();
      long fit = Quantity.getAmountInBytes(allocatable.get("pods")).longValue();
      if (cpu.signum() > 0) {
        fit = Math.min(fit, Quantity.getAmountInBytes(allocatable.get("cpu")).divideToIntegralValue(cpu).longValue());
      }
      if (memory.signum() > 0) {
        fit = Math.min(fit,
            Quantity.getAmountInBytes(allocatable.get("memory")).divideToIntegralValue(memory).longValue());
      }
      total += fit;
    }
    return total;
  }

  private static BigDecimal requests(PodSpec pod, String resource) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Container c : pod.getContainers()) {
      if (c.getResources() != null && c.getResources().getRequests() != null
          && c.getResources().getRequests().get(resource) != null) {
        sum = sum.add(Quantity.getAmountInBytes(c.getResources().getRequests().get(resource)));
      }
    }
    return sum;
  }

  static boolean admits(Node node, PodSpec pod) {
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    if (pod.getNodeSelector() != null
        && !pod.getNodeSelector().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
      return false;
    }
    if (pod.getAffinity() == null || pod.getAffinity().getNodeAffinity() == null
        || pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    List<NodeSelectorTerm> terms = pod.getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms();
    return terms.stream().anyMatch(term -> term.getMatchExpressions() == null
        || term.getMatchExpressions().stream().allMatch(r -> matches(r, labels)));
  }

  private static boolean matches(NodeSelectorRequirement requirement, Map<String, String> labels) {
    String value = labels.get(requirement.getKey());
    List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
    return switch (requirement.getOperator()) {
      case "In" -> value != null && values.contains(value);
      case "NotIn" -> value == null || !values.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      default -> true;  // Gt and Lt: not used by Stevedore's placement; counted as admitting
    };
  }
}
