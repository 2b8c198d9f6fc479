package dev.stevedore.translate;

import io.fabric8.kubernetes.api.model.Toleration;
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
}
