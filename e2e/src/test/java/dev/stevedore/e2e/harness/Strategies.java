package dev.stevedore.e2e.harness;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.PlacementConstraint;
import dev.stevedore.api.v1alpha1.PlacementStrategy;

/** Capacity provider strategy items and placement rules, each in one call. */
public final class Strategies {
  private Strategies() {}

  /** One capacity provider of a strategy; null for an unset base or weight. */
  public static CapacityProviderStrategyItem provider(String name, Integer base, Integer weight) {
    CapacityProviderStrategyItem item = new CapacityProviderStrategyItem();
    item.capacityProvider = name;
    item.base = base;
    item.weight = weight;
    return item;
  }

  public static PlacementConstraint constraint(String type, String expression) {
    PlacementConstraint c = new PlacementConstraint();
    c.type = type;
    c.expression = expression;
    return c;
  }

  public static PlacementStrategy placement(String type, String field) {
    PlacementStrategy s = new PlacementStrategy();
    s.type = type;
    s.field = field;
    return s;
  }
}
