package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.CapacityProviderDefinition;
import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import java.util.List;

/** Which capacity providers a service uses, and how each reaches its nodes. */
public final class CapacityProviders {
  public static final String FARGATE = "FARGATE";
  public static final String FARGATE_SPOT = "FARGATE_SPOT";
  public static final String EC2 = "EC2";

  private CapacityProviders() {}

  /**
   * launchType names one provider; else the service's strategy; else the cluster's default strategy; else EC2,
   * as CreateService does.
   */
  public static List<CapacityProviderStrategyItem> strategy(EcsServiceSpec service, EcsClusterSpec cluster) {
    if (service.launchType != null) {
      return List.of(item(service.launchType));
    }
    if (service.capacityProviderStrategy != null && !service.capacityProviderStrategy.isEmpty()) {
      return service.capacityProviderStrategy;
    }
    if (cluster != null && cluster.defaultCapacityProviderStrategy != null
        && !cluster.defaultCapacityProviderStrategy.isEmpty()) {
      return cluster.defaultCapacityProviderStrategy;
    }
    return List.of(item(EC2));
  }

  /**
   * The cluster's definition of the provider, or the built-in one: FARGATE, FARGATE_SPOT and EC2 run on any node
   * until a cluster says which nodes are theirs.
   */
  public static CapacityPlacement placement(String provider, EcsClusterSpec cluster) {
    if (cluster != null && cluster.capacityProviderDefinitions != null) {
      for (CapacityProviderDefinition d : cluster.capacityProviderDefinitions) {
        if (provider.equals(d.name)) {
          return new CapacityPlacement(provider, d.nodeSelector, d.tolerations, d.runtimeClassName);
        }
      }
    }
    return new CapacityPlacement(provider, null, null, null);
  }

  private static CapacityProviderStrategyItem item(String name) {
    CapacityProviderStrategyItem item = new CapacityProviderStrategyItem();
    item.capacityProvider = name;
    item.weight = 1;
    return item;
  }
}
