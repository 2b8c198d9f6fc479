package dev.stevedore.translate.placement;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.translate.CapacityProviders;
import dev.stevedore.translate.CapacityProviderSplit;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import dev.stevedore.translate.RollingUpdateBounds;
import dev.stevedore.translate.ServiceContext;
import dev.stevedore.translate.ServiceTranslator;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A REPLICA service over its capacity provider strategy (ARCHITECTURE.md §4.7): one Deployment per provider with
 * the replicas {@link CapacityProviderSplit} gives it, all on the same revision, rolled under the service's one
 * min/max budget ({@link SharedRollout}). A single provider is one Deployment named after the service, with the
 * service's own bounds. Pure: what runs now is passed in.
 */
public final class ProviderDeployments {

  /**
   * The service's workloads.
   *
   * @param objects one per provider, in strategy order
   * @param bounds the service's bounds (for all providers together)
   */
  public record Plan(List<ServiceTranslator.Objects> objects, RollingUpdateBounds bounds) {
    /** ECS could not move a deployment at all: every Deployment is paused. */
    public boolean stuck() {
      return bounds.stuck();
    }
  }

  private ProviderDeployments() {}

  /**
   * @param service the service's translation context (its placement and count are replaced per provider)
   * @param strategy the providers, in order
   * @param cluster the cluster, whose capacity provider definitions place each provider's tasks
   * @param current the service's Deployments that run now, by name
   */
  public static Plan replica(ServiceContext service, List<CapacityProviderStrategyItem> strategy, EcsClusterSpec cluster,
      Map<String, Deployment> current) {
    int desired = service.desiredCount();
    Map<String, Integer> split = CapacityProviderSplit.split(desired, strategy);
    List<ServiceContext> ctxs = new ArrayList<>();
    List<ServiceTranslator.Objects> translated = new ArrayList<>();
    for (CapacityProviderStrategyItem item : strategy) {
      ServiceContext ctx = service.forProvider(CapacityProviders.placement(item.capacityProvider, cluster),
          split.get(item.capacityProvider));
      ctxs.add(ctx);
      translated.add(ServiceTranslator.translate(ctx));
    }
    if (strategy.size() == 1) {
      return new Plan(translated, translated.get(0).bounds());
    }
    ServiceContext first = ctxs.get(0);
    RollingUpdateBounds bounds = RollingUpdateBounds.replica(desired, first.minimumHealthyPercent(),
        first.maximumPercent());
    List<SharedRollout.Share> shares = new ArrayList<>();
    for (int i = 0; i < strategy.size(); i++) {
      Deployment d = (Deployment) translated.get(i).workload();
      d.getMetadata().setName(deploymentName(first.name(), strategy.get(i).capacityProvider));
      // Several Deployments of one service must not select each other's pods.
      Map<String, String> selector = new TreeMap<>(d.getSpec().getSelector().getMatchLabels());
      selector.put(Labels.CAPACITY_PROVIDER, Names.labelValue(strategy.get(i).capacityProvider));
      d.getSpec().getSelector().setMatchLabels(selector);
      Map<String, String> annotations = new HashMap<>(d.getMetadata().getAnnotations());
      annotations.put(SharedRollout.TEMPLATE_HASH_ANNOTATION, templateHash(d));
      d.getMetadata().setAnnotations(new TreeMap<>(annotations));
      Deployment now = current.get(d.getMetadata().getName());
      shares.add(new SharedRollout.Share(d.getSpec().getReplicas(), SharedRollout.rolling(d, now),
          SharedRollout.progressing(d, now)));
    }
    List<SharedRollout.Allocation> allocations = SharedRollout.allocate(bounds, shares);
    List<ServiceTranslator.Objects> objects = new ArrayList<>();
    for (int i = 0; i < strategy.size(); i++) {
      ServiceTranslator.Objects o = translated.get(i);
      Deployment d = (Deployment) o.workload();
      SharedRollout.Allocation a = allocations.get(i);
      d.getSpec().setStrategy(new DeploymentStrategy(new RollingUpdateDeployment(new IntOrString(a.maxSurge()),
          new IntOrString(a.maxUnavailable())), "RollingUpdate"));
      d.getSpec().setPaused(a.hold() ? true : null);
      int replicas = d.getSpec().getReplicas();
      RollingUpdateBounds share = new RollingUpdateBounds(a.maxSurge(), a.maxUnavailable(),
          Math.max(0, replicas - a.maxUnavailable()), replicas + a.maxSurge(), bounds.stuck());
      objects.add(new ServiceTranslator.Objects(o.serviceAccount(), d, o.service(), share, replicas, o.reports()));
    }
    return new Plan(List.copyOf(objects), bounds);
  }

  /** The Deployment of one provider of a several-provider strategy: the service's name and the provider's. */
  public static String deploymentName(String serviceObjectName, String provider) {
    return Names.dnsLabel(serviceObjectName + "-" + provider.toLowerCase(Locale.ROOT).replace('_', '-'));
  }

  private static String templateHash(Deployment d) {
    return Names.hash(Serialization.asJson(d.getSpec().getTemplate())).substring(0, 16);
  }
}
