package dev.stevedore.translate.placement;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.DeploymentConfiguration;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.translate.CapacityProviders;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.ServiceContext;
import dev.stevedore.translate.TaskRoleBinding;
import java.util.ArrayList;
import java.util.List;

/** Services, task definitions and strategies for the placement tests. */
final class Fixtures {
  private Fixtures() {}

  static TaskDefinitionSpec taskDefinition(String image) {
    ContainerDefinition app = new ContainerDefinition();
    app.name = "app";
    app.image = image;
    app.memory = 256;
    TaskDefinitionSpec spec = new TaskDefinitionSpec();
    spec.family = "web";
    spec.containerDefinitions = List.of(app);
    return spec;
  }

  static RegisteredTaskDefinition revision(TaskDefinitionSpec spec, int revision) {
    return new RegisteredTaskDefinition("web", revision,
        RegisteredTaskDefinition.arn("us-east-1", "123456789012", "web", revision), spec);
  }

  static EcsServiceSpec service(int desired, int min, int max) {
    EcsServiceSpec spec = new EcsServiceSpec();
    spec.taskDefinition = "web";
    spec.desiredCount = desired;
    spec.deploymentConfiguration = new DeploymentConfiguration();
    spec.deploymentConfiguration.minimumHealthyPercent = min;
    spec.deploymentConfiguration.maximumPercent = max;
    return spec;
  }

  /** "NAME:base:weight,..." with empty base or weight for unset. */
  static List<CapacityProviderStrategyItem> strategy(String text) {
    List<CapacityProviderStrategyItem> items = new ArrayList<>();
    for (String part : text.split(",")) {
      String[] f = part.split(":", -1);
      CapacityProviderStrategyItem item = new CapacityProviderStrategyItem();
      item.capacityProvider = f[0];
      item.base = f[1].isEmpty() ? null : Integer.parseInt(f[1]);
      item.weight = f[2].isEmpty() ? null : Integer.parseInt(f[2]);
      items.add(item);
    }
    return items;
  }

  static ServiceContext context(EcsServiceSpec spec, RegisteredTaskDefinition td, EcsClusterSpec cluster,
      CapacityProviderStrategyItem item, int share) {
    return new ServiceContext("web", "shop", "default", spec, td, CapacityProviders.placement(item.capacityProvider,
        cluster), share, List.of(), TaskRoleBinding.IRSA, "123456789012", null);
  }

  /** The service's context before its strategy splits it: no placement, its whole desired count. */
  static ServiceContext base(EcsServiceSpec spec, RegisteredTaskDefinition td) {
    return new ServiceContext("web", "shop", "default", spec, td, null, spec.desiredCount, List.of(),
        TaskRoleBinding.IRSA, "123456789012", null);
  }
}
