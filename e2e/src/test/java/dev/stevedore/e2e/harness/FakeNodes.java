package dev.stevedore.e2e.harness;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Extra KWOK nodes, shaped like those {@code e2e/cluster/local-cluster up} makes (an on-demand m5.xlarge here):
 * KWOK takes over any node annotated {@code kwok.x-k8s.io/node: fake}, makes it Ready and keeps its lease.
 */
public final class FakeNodes {
  private FakeNodes() {}

  public static Node add(KubernetesClient client, String name, String zone) {
    Node node = new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withAnnotations(Map.of("kwok.x-k8s.io/node", "fake", "node.alpha.kubernetes.io/ttl", "0"))
        .addToLabels("type", "kwok")
        .addToLabels("kubernetes.io/os", "linux")
        .addToLabels("kubernetes.io/arch", "amd64")
        .addToLabels("kubernetes.io/hostname", name)
        .addToLabels("topology.kubernetes.io/region", "us-east-1")
        .addToLabels("topology.kubernetes.io/zone", zone)
        .addToLabels("node.kubernetes.io/instance-type", "m5.xlarge")
        .addToLabels("stevedore.dev/pool", "on-demand")
        .addToLabels("karpenter.sh/capacity-type", "on-demand")
        .addToLabels("stevedore.dev/e2e", "true")
        .endMetadata()
        .withNewSpec().withProviderID("kwok://" + name).endSpec()
        .withNewStatus()
        .withCapacity(Map.of("cpu", new Quantity("4"), "memory", new Quantity("16Gi"), "pods", new Quantity("58"),
            "ephemeral-storage", new Quantity("20Gi")))
        .withAllocatable(Map.of("cpu", new Quantity("3920m"), "memory", new Quantity("15391Mi"),
            "pods", new Quantity("58"), "ephemeral-storage", new Quantity("18Gi")))
        .addNewAddress().withType("InternalIP").withAddress("10.250.9.9").endAddress()
        .addNewAddress().withType("Hostname").withAddress(name).endAddress()
        .withNewNodeInfo().withArchitecture("amd64").withOperatingSystem("linux").withKubeletVersion("v1.34.4")
        .withKubeProxyVersion("v1.34.4").endNodeInfo()
        .endStatus()
        .build();
    client.nodes().resource(node).create();
    return client.nodes().withName(name).waitUntilCondition(n -> n != null && n.getStatus() != null
        && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())), 60, TimeUnit.SECONDS);
  }

  public static void remove(KubernetesClient client, String name) {
    client.nodes().withName(name).delete();
  }
}
