package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ecs-semantics.md §4.3: base first, then weight, one task at a time to the smallest tasks-per-weight. */
class CapacityProviderSplitTest {

  /** Strategy as "NAME:base:weight,..." (empty base or weight: unset), desired count, expected "n/n/...". */
  static Stream<Arguments> table() {
    return Stream.of(
        // the worked example: FARGATE {base 2, weight 1} + FARGATE_SPOT {weight 3}
        arguments("FARGATE:2:1,FARGATE_SPOT::3", 0, "0/0"),
        arguments("FARGATE:2:1,FARGATE_SPOT::3", 1, "1/0"),
        arguments("FARGATE:2:1,FARGATE_SPOT::3", 2, "2/0"),
        arguments("FARGATE:2:1,FARGATE_SPOT::3", 3, "3/0"),
        arguments("FARGATE:2:1,FARGATE_SPOT::3", 4, "3/1"),
        arguments("FARGATE:2:1,FARGATE_SPOT::3", 6, "3/3"),
        arguments("FARGATE:2:1,FARGATE_SPOT::3", 10, "4/6"),
        arguments("FARGATE:2:1,FARGATE_SPOT::3", 14, "5/9"),
        arguments("FARGATE:2:1,FARGATE_SPOT::3", 102, "27/75"),
        // the documentation's ratio: one on A for every four on B
        arguments("A::1,B::4", 1, "1/0"),
        arguments("A::1,B::4", 5, "1/4"),
        arguments("A::1,B::4", 10, "2/8"),
        arguments("A::1,B::4", 12, "3/9"),
        // weight 0: only the base
        arguments("A:3:0,B::1", 2, "2/0"),
        arguments("A:3:0,B::1", 3, "3/0"),
        arguments("A:3:0,B::1", 10, "3/7"),
        arguments("A::1,B::0", 9, "9/0"),
        arguments("A::1,B::0,C::2", 9, "3/0/6"),
        // base only: one provider with a base and no weight takes every task
        arguments("A:5:", 3, "3"),
        arguments("A:5:", 8, "8"),
        arguments("A:5:0", 8, "8"),
        // a base on the second provider is still served first
        arguments("A::1,B:4:1", 4, "0/4"),
        arguments("A::1,B:4:1", 7, "2/5"),
        // single provider, with or without a weight
        arguments("FARGATE::1", 7, "7"),
        arguments("EC2::", 7, "7"),
        arguments("EC2::", 0, "0"),
        // ties go to the earlier provider
        arguments("A::1,B::1,C::1", 5, "2/2/1"),
        arguments("A::2,B::1", 3, "2/1"),
        arguments("A::1,B::2", 3, "1/2"),
        arguments("A::1,B::3", 1000, "250/750"),
        arguments("A::1000,B::1", 1001, "1000/1"));
  }

  @ParameterizedTest(name = "{0} at {1} -> {2}")
  @MethodSource("table")
  void splits(String strategy, int desired, String expected) {
    Map<String, Integer> split = CapacityProviderSplit.split(desired, strategy(strategy));
    assertThat(split.values().stream().map(String::valueOf).collect(Collectors.joining("/"))).isEqualTo(expected);
    assertThat(split.keySet()).containsExactlyElementsOf(strategy(strategy).stream().map(i -> i.capacityProvider).toList());
  }

  @Test
  void scalingOutAddsOneTaskAndScalingInRemovesOneKeepingBaseAndRatio() {
    for (String strategy : List.of("FARGATE:2:1,FARGATE_SPOT::3", "A::1,B::4", "A:3:0,B::1,C::2", "A::5,B::3,C::1")) {
      List<CapacityProviderStrategyItem> items = strategy(strategy);
      Map<String, Integer> before = CapacityProviderSplit.split(0, items);
      for (int d = 1; d <= 300; d++) {
        Map<String, Integer> after = CapacityProviderSplit.split(d, items);
        int grown = 0;
        for (String provider : after.keySet()) {
          int delta = after.get(provider) - before.get(provider);
          assertThat(delta).as("%s from %d to %d: %s", strategy, d - 1, d, provider).isBetween(0, 1);
          grown += delta;
        }
        assertThat(grown).isEqualTo(1);
        before = after;
      }
    }
  }

  @Test
  void theSplitAlwaysAddsUpToTheDesiredCount() {
    List<CapacityProviderStrategyItem> items = strategy("A:7:2,B::3,C::0,D::1");
    for (int d = 0; d <= 500; d += 7) {
      assertThat(CapacityProviderSplit.split(d, items).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(d);
    }
  }

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
}
