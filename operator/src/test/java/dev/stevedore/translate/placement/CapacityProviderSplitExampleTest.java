package dev.stevedore.translate.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.testing.Manifests;
import dev.stevedore.testing.RepositoryRoot;
import dev.stevedore.translate.CapacityProviders;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.ServiceContext;
import dev.stevedore.translate.TaskRoleBinding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** examples/capacity-provider-split as the operator plans it: its own cluster maps the providers onto pools. */
class CapacityProviderSplitExampleTest {

  @Test
  void theExampleRunsFourTasksOnTheFargatePoolAndSixOnTheSpotPool() {
    List<HasMetadata> resources = Manifests.read(RepositoryRoot.get().resolve("examples/capacity-provider-split/api.yaml"));
    EcsCluster cluster = Manifests.ofKind(resources, EcsCluster.class).get(0);
    TaskDefinition td = Manifests.ofKind(resources, TaskDefinition.class).get(0);
    EcsService service = Manifests.ofKind(resources, EcsService.class).get(0);
    RegisteredTaskDefinition revision = new RegisteredTaskDefinition("api", 1,
        RegisteredTaskDefinition.arn("us-east-1", "123456789012", "api", 1), td.getSpec());
    for (int[] row : new int[][] {{10, 4, 6}, {14, 5, 9}}) {
      service.getSpec().desiredCount = row[0];
      var plan = ProviderDeployments.replica(CapacityProviders.strategy(service.getSpec(), cluster.getSpec()), row[0],
          (item, share) -> new ServiceContext("api", "default", "default", service.getSpec(), revision,
              CapacityProviders.placement(item.capacityProvider, cluster.getSpec()), share, 0, TaskRoleBinding.IRSA,
              "123456789012", null),
          name -> null);
      Deployment fargate = (Deployment) plan.objects().get(0).workload();
      Deployment spot = (Deployment) plan.objects().get(1).workload();
      assertThat(fargate.getMetadata().getName()).isEqualTo("api-fargate");
      assertThat(spot.getMetadata().getName()).isEqualTo("api-fargate-spot");
      assertThat(fargate.getSpec().getReplicas()).isEqualTo(row[1]);
      assertThat(spot.getSpec().getReplicas()).isEqualTo(row[2]);
      assertThat(fargate.getSpec().getTemplate().getSpec().getNodeSelector()).isEqualTo(Map.of("stevedore.dev/pool", "fargate"));
      assertThat(spot.getSpec().getTemplate().getSpec().getNodeSelector()).isEqualTo(Map.of("stevedore.dev/pool", "spot"));
      assertThat(fargate.getSpec().getTemplate().getSpec().getTolerations()).isNull();
    }
  }
}
