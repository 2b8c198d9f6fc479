package dev.stevedore.translate;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * How the tasks of one capacity provider reach their nodes.
 *
 * @param name the capacity provider (FARGATE, FARGATE_SPOT, EC2 or a cluster's own)
 * @param nodeSelector node labels the tasks require
 * @param tolerations taints of those nodes the tasks tolerate
 * @param runtimeClassName the RuntimeClass, or null
 */
public record CapacityPlacement(String name, Map<String, String> nodeSelector, List<Toleration> tolerations,
                                String runtimeClassName) {
  public CapacityPlacement {
    nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
  }

  /** Puts the provider's node selector (merged under the pod's own), tolerations and RuntimeClass on a pod. */
  public void applyTo(PodSpec pod) {
    Map<String, String> selector = new TreeMap<>(nodeSelector);
    if (pod.getNodeSelector() != null) {
      selector.putAll(pod.getNodeSelector());
    }
    pod.setNodeSelector(selector.isEmpty() ? null : selector);
    pod.setTolerations(tolerations.isEmpty() ? null : new ArrayList<>(tolerations));
    pod.setRuntimeClassName(runtimeClassName);
  }
}
