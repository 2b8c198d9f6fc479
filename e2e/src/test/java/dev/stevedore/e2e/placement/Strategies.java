package dev.stevedore.e2e.placement;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.PlacementConstraint;
import dev.stevedore.api.v1alpha1.PlacementStrategy;
import java.util.ArrayList;
import java.util.List;

/** Capacity provider strategies and placement rules, written compactly. */
final class Strategies {
  private Strategies() {}

  /** "NAME:base:weight,..." with empty base or weight for unset. */
  static List<CapacityProviderStrategyItem> of(String text) {
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

  static PlacementConstraint constraint(String type, String expression) {
    PlacementConstraint c = new PlacementConstraint();
    c.type = type;
    c.expression = expression;
    return c;
  }

  static PlacementStrategy placement(String type, String field) {
    PlacementStrategy s = new PlacementStrategy();
    s.type = type;
    s.field = field;
    return s;
  }
}
