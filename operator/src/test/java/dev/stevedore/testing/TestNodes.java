package dev.stevedore.testing;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Nodes as e2e/cluster/local-cluster makes them: Ready, linux/amd64, spread over three zones, and two at a time in
 * the pools on-demand, spot and fargate (with the labels capacity providers select them by).
 */
public final class TestNodes {
  private static final List<String> POOLS = List.of("on-demand", "spot", "fargate");

  private TestNodes() {}

  public static List<Node> ready(int count) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "kwok-node-" + i;
      String pool = POOLS.get((i / 2) % 3);
      Map<String, String> labels = new TreeMap<>(Map.of("kubernetes.io/hostname", name, "kubernetes.io/arch", "amd64",
          "kubernetes.io/os", "linux", "topology.kubernetes.io/zone", "us-east-1" + "abc".charAt(i % 3),
          "stevedore.dev/pool", pool, "karpenter.sh/capacity-type", "spot".equals(pool) ? "spot" : "on-demand"));
      if ("fargate".equals(pool)) {
        labels.put("eks.amazonaws.com/compute-type", "fargate");
      }
      nodes.add(node(name, labels, true));
    }
    return nodes;
  }

  public static Node node(String name, Map<String, String> labels, boolean ready) {
    return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewSpec().endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
        .endStatus().build();
  }
}
