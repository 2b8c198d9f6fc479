package dev.stevedore.translate.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelector;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** memberOf expressions, translated and evaluated the scheduler's way against the local cluster's six nodes. */
class NodeAffinityMatcherTest {
  static final String[] POOLS = {"on-demand", "spot", "fargate"};
  static final String[] TYPES = {"m5.xlarge", "m5.large", "fargate-4vcpu-30gb"};

  /** kwok-node-i: zone i mod 3, pool (i div 2) mod 3, as e2e/cluster/README.md describes them. */
  static List<Node> nodes() {
    return IntStream.range(0, 6).mapToObj(i -> {
      int pool = (i / 2) % 3;
      NodeBuilder b = new NodeBuilder().withNewMetadata().withName("kwok-node-" + i)
          .addToLabels("kubernetes.io/hostname", "kwok-node-" + i)
          .addToLabels("kubernetes.io/os", "linux").addToLabels("kubernetes.io/arch", "amd64")
          .addToLabels("topology.kubernetes.io/zone", "us-east-1" + "abc".charAt(i % 3))
          .addToLabels("node.kubernetes.io/instance-type", TYPES[pool])
          .addToLabels("stevedore.dev/pool", POOLS[pool])
          .addToLabels("karpenter.sh/capacity-type", pool == 1 ? "spot" : "on-demand").endMetadata();
      if (pool == 2) {
        b.editMetadata().addToLabels("eks.amazonaws.com/compute-type", "fargate").endMetadata();
      }
      return b.build();
    }).toList();
  }

  static Stream<Arguments> expressions() {
    return Stream.of(
        arguments("attribute:ecs.availability-zone == us-east-1a", "0 3"),
        arguments("attribute:ecs.availability-zone != us-east-1c", "0 1 3 4"),
        arguments("attribute:ecs.instance-type =~ m5\\.(large|xlarge)", "0 1 2 3"),
        arguments("attribute:ecs.availability-zone != us-east-1c and (attribute:ecs.instance-type =~ m5\\.(large|xlarge)"
            + " or attribute:stevedore.dev/pool == fargate)", "0 1 3 4"),
        arguments("attribute:stevedore.dev/pool in [spot, fargate] and not attribute:ecs.availability-zone == us-east-1c",
            "3 4"),
        arguments("attribute:ecs.cpu-architecture == x86_64 and attribute:ecs.os-type == linux", "0 1 2 3 4 5"),
        arguments("attribute:ecs.cpu-architecture == arm64", ""),
        arguments("attribute:eks.amazonaws.com/compute-type exists", "4 5"),
        arguments("attribute:eks.amazonaws.com/compute-type !exists", "0 1 2 3"),
        arguments("not (attribute:karpenter.sh/capacity-type == on-demand or attribute:ecs.availability-zone == us-east-1a)",
            "2"),
        arguments("attribute:gpus > 0", ""),
        arguments("not attribute:gpus > 0", "0 1 2 3 4 5"));
  }

  @ParameterizedTest(name = "{0} -> nodes {1}")
  @MethodSource("expressions")
  void selectsTheNodesTheExpressionDescribes(String expression, String expected) throws Exception {
    MemberOf.Affinity translated = MemberOf.translate(expression);
    Affinity affinity = new Affinity(new NodeAffinity(null, new NodeSelector(translated.nodeTerms())), null, null);
    String matched = nodes().stream().filter(n -> NodeAffinityMatcher.matches(affinity, n))
        .map(n -> n.getMetadata().getName().substring("kwok-node-".length())).collect(Collectors.joining(" "));
    assertThat(matched).isEqualTo(expected);
  }

  @Test
  void noAffinityAdmitsEveryNode() {
    assertThat(nodes()).allMatch(n -> NodeAffinityMatcher.matches(null, n))
        .allMatch(n -> NodeAffinityMatcher.matches(new Affinity(), n));
  }
}
