package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.CapacityProviderDefinition;
import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which capacity providers a service uses, and how each reaches its nodes.
 *
 * <p>Built-in definitions, which a cluster replaces by defining a provider of the same name in
 * {@code capacityProviderDefinitions} (the whole definition is replaced, not merged):
 * <ul>
 *   <li>{@code FARGATE}: nodeSelector {@code eks.amazonaws.com/compute-type=fargate}, tolerating the
 *       {@code eks.amazonaws.com/compute-type=fargate:NoSchedule} taint. EKS puts both on its Fargate nodes; the
 *       local cluster labels its Fargate-like pool so.</li>
 *   <li>{@code FARGATE_SPOT}: nodeSelector {@code karpenter.sh/capacity-type=spot}, the well-known label Karpenter
 *       puts on spot nodes (the local cluster's spot pool has it too). EKS managed node groups label spot nodes
 *       {@code eks.amazonaws.com/capacityType=SPOT} instead: such a cluster overrides FARGATE_SPOT with that.</li>
 *   <li>{@code EC2} (the EC2 launch type, and the default when a service names nothing): no nodeSelector and no
 *       tolerations, so any node without a NoSchedule taint. On EKS that excludes Fargate nodes, whose taint it
 *       does not tolerate; on a cluster whose Fargate-like nodes are untainted (the local one) it does not.</li>
 * </ul>
 * A provider that is neither built in nor defined by the cluster reaches any untainted node; the cluster's status
 * says so.
 */
public final class CapacityProviders {
  public static final String FARGATE = "FARGATE";
  public static final String FARGATE_SPOT = "FARGATE_SPOT";
  public static final String EC2 = "EC2";
  /** Label and taint key of EKS Fargate nodes. */
  public static final String EKS_COMPUTE_TYPE = "eks.amazonaws.com/compute-type";
  /** Karpenter's well-known capacity type label: spot or on-demand. */
  public static final String KARPENTER_CAPACITY_TYPE = "karpenter.sh/capacity-type";

  private CapacityProviders() {}

  /**
   * launchType names one provider; else the service's strategy; else the cluster's default strategy; else EC2,
   * as CreateService does.
   */
  public static List<CapacityProviderStrategyItem> strategy(EcsServiceSpec service, EcsClusterSpec cluster) {
    return strategy(service.launchType, service.capacityProviderStrategy, cluster);
  }

  /** The same choice for any request that names a launch type or a strategy (RunTask's as CreateService's). */
  public static List<CapacityProviderStrategyItem> strategy(String launchType,
      List<CapacityProviderStrategyItem> strategy, EcsClusterSpec cluster) {
    if (launchType != null && !launchType.isEmpty()) {
      return List.of(item(launchType));
    }
    if (strategy != null && !strategy.isEmpty()) {
      return strategy;
    }
    if (cluster != null && cluster.defaultCapacityProviderStrategy != null
        && !cluster.defaultCapacityProviderStrategy.isEmpty()) {
      return cluster.defaultCapacityProviderStrategy;
    }
    return List.of(item(EC2));
  }

  /** The cluster's definition of the provider, else the built-in one, else any untainted node. */
  public static CapacityPlacement placement(String provider, EcsClusterSpec cluster) {
    if (cluster != null && cluster.capacityProviderDefinitions != null) {
      for (CapacityProviderDefinition d : cluster.capacityProviderDefinitions) {
        if (provider.equals(d.name)) {
          return new CapacityPlacement(provider, d.nodeSelector, d.tolerations, d.runtimeClassName);
        }
      }
    }
    return builtIn(provider);
  }

  /** The built-in definition of FARGATE, FARGATE_SPOT and EC2; any untainted node for other names. */
  public static CapacityPlacement builtIn(String provider) {
    return switch (provider) {
      case FARGATE -> new CapacityPlacement(provider, Map.of(EKS_COMPUTE_TYPE, "fargate"),
          List.of(new Toleration("NoSchedule", EKS_COMPUTE_TYPE, "Equal", null, "fargate")), null);
      case FARGATE_SPOT -> new CapacityPlacement(provider, Map.of(KARPENTER_CAPACITY_TYPE, "spot"), null, null);
      default -> new CapacityPlacement(provider, null, null, null);
    };
  }

  /** Whether the provider is built in or defined by the cluster. */
  public static boolean isDefined(String provider, EcsClusterSpec cluster) {
    if (FARGATE.equals(provider) || FARGATE_SPOT.equals(provider) || EC2.equals(provider)) {
      return true;
    }
    return cluster != null && cluster.capacityProviderDefinitions != null
        && cluster.capacityProviderDefinitions.stream().anyMatch(d -> provider.equals(d.name));
  }

  /**
   * Every provider a cluster can place tasks with, in a stable order: FARGATE, FARGATE_SPOT and EC2 (always
   * available), then the cluster's capacityProviders, the providers it defines and those of its default strategy.
   */
  public static Set<String> of(EcsClusterSpec cluster) {
    Set<String> names = new LinkedHashSet<>(List.of(FARGATE, FARGATE_SPOT, EC2));
    if (cluster != null) {
      if (cluster.capacityProviders != null) {
        names.addAll(cluster.capacityProviders);
      }
      if (cluster.capacityProviderDefinitions != null) {
        cluster.capacityProviderDefinitions.forEach(d -> names.add(d.name));
      }
      if (cluster.defaultCapacityProviderStrategy != null) {
        cluster.defaultCapacityProviderStrategy.forEach(i -> names.add(i.capacityProvider));
      }
    }
    return names;
  }

  private static CapacityProviderStrategyItem item(String name) {
    CapacityProviderStrategyItem item = new CapacityProviderStrategyItem();
    item.capacityProvider = name;
    item.weight = 1;
    return item;
  }
}
