package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How ECS shares a service's tasks among the providers of a strategy (ecs-semantics.md §4.3): the provider with
 * a base gets tasks first up to its base; the rest go one at a time to the provider with the smallest
 * tasks-beyond-base per weight, ties to the earlier provider. Weight-0 providers get only their base.
 *
 * <p>Placing one task at a time makes the split of d+1 the split of d plus one task, so scaling out adds tasks
 * in this order and scaling in removes them in the reverse order: the ratio and the base are kept either way.
 * A strategy in which no provider has a weight (a single provider with weight 0, which ECS accepts) shares
 * the tasks beyond the base as if every provider had weight 1.
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
    int[] weights = strategy.stream().mapToInt(CapacityProviderSplit::weight).toArray();
    if (Arrays.stream(weights).allMatch(w -> w == 0)) {
      Arrays.fill(weights, 1);
    }
    int[] beyondBase = new int[strategy.size()];
    while (remaining > 0) {
      int best = -1;
      for (int i = 0; i < strategy.size(); i++) {
        int weight = weights[i];
        if (weight == 0) {
          continue;
        }
        // compare beyondBase[i]/weight_i < beyondBase[best]/weight_best without floating point
        if (best < 0 || (long) beyondBase[i] * weights[best] < (long) beyondBase[best] * weight) {
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
    return item.weight == null ? 0 : Math.max(0, item.weight);
  }
}
