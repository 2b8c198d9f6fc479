package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.CapacityProviderDefinition;
import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacityProvidersTest {

  @Test
  void launchTypeThenServiceStrategyThenClusterDefaultThenEc2() {
    EcsClusterSpec cluster = new EcsClusterSpec();
    cluster.defaultCapacityProviderStrategy = CapacityProviderSplitTest.strategy("FARGATE_SPOT::1");
    EcsServiceSpec service = new EcsServiceSpec();
    assertThat(names(CapacityProviders.strategy(service, null))).containsExactly("EC2");
    assertThat(names(CapacityProviders.strategy(service, new EcsClusterSpec()))).containsExactly("EC2");
    assertThat(names(CapacityProviders.strategy(service, cluster))).containsExactly("FARGATE_SPOT");
    service.capacityProviderStrategy = CapacityProviderSplitTest.strategy("FARGATE:2:1,FARGATE_SPOT::3");
    assertThat(names(CapacityProviders.strategy(service, cluster))).containsExactly("FARGATE", "FARGATE_SPOT");
    service.capacityProviderStrategy = null;
    service.launchType = "FARGATE";
    assertThat(names(CapacityProviders.strategy(service, cluster))).containsExactly("FARGATE");
  }

  @Test
  void builtInDefinitionsReachFargateSpotAndUntaintedNodes() {
    CapacityPlacement fargate = CapacityProviders.placement("FARGATE", null);
    assertThat(fargate.nodeSelector()).isEqualTo(Map.of("eks.amazonaws.com/compute-type", "fargate"));
    assertThat(fargate.tolerations()).singleElement().satisfies(t -> {
      assertThat(t.getKey()).isEqualTo("eks.amazonaws.com/compute-type");
      assertThat(t.getOperator()).isEqualTo("Equal");
      assertThat(t.getValue()).isEqualTo("fargate");
      assertThat(t.getEffect()).isEqualTo("NoSchedule");
    });
    assertThat(fargate.runtimeClassName()).isNull();
    CapacityPlacement spot = CapacityProviders.placement("FARGATE_SPOT", new EcsClusterSpec());
    assertThat(spot.nodeSelector()).isEqualTo(Map.of("karpenter.sh/capacity-type", "spot"));
    assertThat(spot.tolerations()).isEmpty();
    CapacityPlacement ec2 = CapacityProviders.placement("EC2", null);
    assertThat(ec2.nodeSelector()).isEmpty();
    assertThat(ec2.tolerations()).isEmpty();
  }

  @Test
  void aClusterDefinitionReplacesTheBuiltInOne() {
    EcsClusterSpec cluster = new EcsClusterSpec();
    CapacityProviderDefinition fargate = new CapacityProviderDefinition();
    fargate.name = "FARGATE";
    fargate.nodeSelector = Map.of("stevedore.dev/pool", "fargate");
    fargate.runtimeClassName = "gvisor";
    CapacityProviderDefinition asg = new CapacityProviderDefinition();
    asg.name = "my-asg";
    asg.nodeSelector = Map.of("eks.amazonaws.com/nodegroup", "general");
    asg.tolerations = List.of(new Toleration("NoSchedule", "dedicated", "Equal", null, "general"));
    cluster.capacityProviderDefinitions = List.of(fargate, asg);
    cluster.capacityProviders = List.of("my-asg", "other-asg");

    CapacityPlacement p = CapacityProviders.placement("FARGATE", cluster);
    assertThat(p.nodeSelector()).isEqualTo(Map.of("stevedore.dev/pool", "fargate"));
    assertThat(p.tolerations()).as("replaced, not merged").isEmpty();
    assertThat(p.runtimeClassName()).isEqualTo("gvisor");
    assertThat(CapacityProviders.placement("my-asg", cluster).tolerations()).hasSize(1);
    assertThat(CapacityProviders.placement("FARGATE_SPOT", cluster).nodeSelector())
        .containsEntry("karpenter.sh/capacity-type", "spot");
    assertThat(CapacityProviders.placement("other-asg", cluster).nodeSelector()).isEmpty();

    assertThat(CapacityProviders.isDefined("other-asg", cluster)).isFalse();
    assertThat(CapacityProviders.isDefined("my-asg", cluster)).isTrue();
    assertThat(CapacityProviders.isDefined("FARGATE_SPOT", null)).isTrue();
    assertThat(CapacityProviders.of(cluster)).containsExactly("FARGATE", "FARGATE_SPOT", "EC2", "my-asg", "other-asg");
    assertThat(CapacityProviders.of(null)).containsExactly("FARGATE", "FARGATE_SPOT", "EC2");
  }

  private static List<String> names(List<CapacityProviderStrategyItem> items) {
    return items.stream().map(i -> i.capacityProvider).toList();
  }
}
