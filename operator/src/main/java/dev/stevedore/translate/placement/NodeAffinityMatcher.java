package dev.stevedore.translate.placement;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.List;
import java.util.Map;

/**
 * Whether a node satisfies a pod's required node affinity, by the scheduler's rules: the terms are ORed, the
 * requirements of a term ANDed; In, NotIn, Exists, DoesNotExist, Gt and Lt on labels, In and NotIn on the
 * {@code metadata.name} field. Pure; used to count the nodes a DAEMON service's memberOf constraints admit.
 */
public final class NodeAffinityMatcher {
  private NodeAffinityMatcher() {}

  public static boolean matches(Affinity affinity, Node node) {
    if (affinity == null || affinity.getNodeAffinity() == null
        || affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return true;
    }
    List<NodeSelectorTerm> terms = affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms();
    if (terms == null || terms.isEmpty()) {
      return true;
    }
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    Map<String, String> fields = Map.of("metadata.name", node.getMetadata().getName());
    return terms.stream().anyMatch(t -> all(t.getMatchExpressions(), labels) && all(t.getMatchFields(), fields));
  }

  private static boolean all(List<NodeSelectorRequirement> requirements, Map<String, String> values) {
    return requirements == null || requirements.stream().allMatch(r -> holds(r, values));
  }

  private static boolean holds(NodeSelectorRequirement r, Map<String, String> values) {
    String value = values.get(r.getKey());
    List<String> wanted = r.getValues() == null ? List.of() : r.getValues();
    return switch (r.getOperator()) {
      case "In" -> value != null && wanted.contains(value);
      case "NotIn" -> value == null || !wanted.contains(value);
      case "Exists" -> value != null;
      case "DoesNotExist" -> value == null;
      case "Gt", "Lt" -> value != null && compare(value, wanted, r.getOperator());
      default -> false;
    };
  }

  private static boolean compare(String value, List<String> wanted, String operator) {
    try {
      long have = Long.parseLong(value);
      long bound = Long.parseLong(wanted.get(0));
      return "Gt".equals(operator) ? have > bound : have < bound;
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      return false;
    }
  }
}
