package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How ECS shares a service's tasks among the providers of a strategy (ecs-semantics.md §4.3): the provider with
 * a base gets tasks first up to its base; the rest go one at a time to the provider with the smallest
 * tasks-beyond-base per weight, ties to the earlier provider. Weight-0 providers get only their base.
 */
public final class CapacityProviderSplit {
  private CapacityProviderSplit() {}

  /** Tasks per provider, in strategy order (every provider listed, possibly with 0). */
  public static Map<String, Integer> split(int desired, List<CapacityProviderStrategyItem> strategy) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    strategy.forEach(i -> counts.put(i.capacityProvider, 0));
    int remaining = desired;
    for (CapacityProviderStrategyItem item : strategy) {
      int base = item.base == null ? 0 : item.base;
      int take = Math.min(base, remaining);
      counts.put(item.capacityProvider, take);
      remaining -= take;
    }
    int[] beyondBase = new int[strategy.size()];
    while (remaining > 0) {
      int best = -1;
      for (int i = 0; i < strategy.size(); i++) {
        int weight = weight(strategy.get(i));
        if (weight == 0) {
          continue;
        }
        // compare beyondBase[i]/weight_i < beyondBase[best]/weight_best without floating point
        if (best < 0 || (long) beyondBase[i] * weight(strategy.get(best)) < (long) beyondBase[best] * weight) {
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      beyondBase[best]++;
      counts.merge(strategy.get(best).capacityProvider, 1, Integer::sum);
      remaining--;
    }
    return counts;
  }

  private static int weight(CapacityProviderStrategyItem item) {
    return item.weight == null ? 0 : item.weight;
  }
}
