package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.ContainerDependency;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * ECS dependsOn as Kubernetes start order. A container others wait for with START or HEALTHY becomes a native
 * sidecar (an init container that keeps running); one they wait for with SUCCESS or COMPLETE becomes a classic
 * init container. Kubernetes runs init containers as one ordered list, so they are sorted topologically,
 * keeping the task definition's order where dependencies allow. Everything else is a regular container.
 */
public final class ContainerOrdering {
  /** How a container is run. */
  public enum Role { REGULAR, SIDECAR, INIT }

  /** The containers in start order with their roles. */
  public record Plan(List<Placed> initContainers, List<Placed> containers) {}

  /** One container and the role it plays. */
  public record Placed(ContainerDefinition definition, Role role, boolean waitedForHealthy) {}

  private ContainerOrdering() {}

  public static Plan plan(List<ContainerDefinition> definitions) {
    Map<String, ContainerDefinition> byName = new LinkedHashMap<>();
    definitions.forEach(d -> byName.put(d.name, d));
    Map<String, Role> roles = new HashMap<>();
    Map<String, Boolean> healthy = new HashMap<>();
    for (ContainerDefinition d : definitions) {
      for (ContainerDependency dep : dependencies(d)) {
        if (!byName.containsKey(dep.containerName)) {
          continue;
        }
        boolean completes = "SUCCESS".equals(dep.condition) || "COMPLETE".equals(dep.condition);
        roles.merge(dep.containerName, completes ? Role.INIT : Role.SIDECAR,
            (a, b) -> a == Role.INIT || b == Role.INIT ? Role.INIT : Role.SIDECAR);
        if ("HEALTHY".equals(dep.condition)) {
          healthy.put(dep.containerName, true);
        }
      }
    }
    List<Placed> init = new ArrayList<>();
    for (String name : topologicalOrder(definitions, roles.keySet())) {
      init.add(new Placed(byName.get(name), roles.get(name), healthy.getOrDefault(name, false)));
    }
    List<Placed> regular = definitions.stream()
        .filter(d -> !roles.containsKey(d.name))
        .map(d -> new Placed(d, Role.REGULAR, false))
        .toList();
    return new Plan(List.copyOf(init), regular);
  }

  /** The names in {@code members} ordered so each comes after what it depends on; ties keep list order. */
  static List<String> topologicalOrder(List<ContainerDefinition> definitions, java.util.Set<String> members) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < definitions.size(); i++) {
      index.putIfAbsent(definitions.get(i).name, i);
    }
    Map<String, List<String>> waitsFor = new HashMap<>();
    for (ContainerDefinition d : definitions) {
      if (members.contains(d.name)) {
        waitsFor.put(d.name, dependencies(d).stream().map(x -> x.containerName).filter(members::contains).toList());
      }
    }
    List<String> order = new ArrayList<>();
    TreeSet<String> ready = new TreeSet<>((a, b) -> Integer.compare(index.get(a), index.get(b)));
    Map<String, Integer> pending = new HashMap<>();
    waitsFor.forEach((name, deps) -> pending.put(name, (int) deps.stream().distinct().count()));
    pending.forEach((name, count) -> {
      if (count == 0) {
        ready.add(name);
      }
    });
    while (!ready.isEmpty()) {
      String next = ready.pollFirst();
      order.add(next);
      waitsFor.forEach((name, deps) -> {
        if (deps.contains(next) && pending.merge(name, -1, Integer::sum) == 0) {
          ready.add(name);
        }
      });
    }
    if (order.size() < members.size()) {
      // A cycle: validation reports it; keep a deterministic order for whatever still asks.
      members.stream().filter(m -> !order.contains(m)).sorted((a, b) -> Integer.compare(index.get(a), index.get(b)))
          .forEach(order::add);
    }
    return order;
  }

  /** A dependency cycle through dependsOn, if any, as the list of container names that form it. */
  public static Optional<List<String>> findCycle(List<ContainerDefinition> definitions) {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    definitions.forEach(d -> edges.put(d.name, dependencies(d).stream().map(x -> x.containerName).toList()));
    Map<String, Integer> state = new HashMap<>();
    for (String start : edges.keySet()) {
      List<String> path = new ArrayList<>();
      Optional<List<String>> cycle = visit(start, edges, state, path);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    return Optional.empty();
  }

  private static Optional<List<String>> visit(String node, Map<String, List<String>> edges,
      Map<String, Integer> state, List<String> path) {
    int s = state.getOrDefault(node, 0);
    if (s == 2 || !edges.containsKey(node)) {
      return Optional.empty();
    }
    if (s == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      cycle.add(node);
      return Optional.of(cycle);
    }
    state.put(node, 1);
    path.add(node);
    for (String next : edges.get(node)) {
      Optional<List<String>> cycle = visit(next, edges, state, path);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    path.remove(path.size() - 1);
    state.put(node, 2);
    return Optional.empty();
  }

  static List<ContainerDependency> dependencies(ContainerDefinition d) {
    return d.dependsOn == null ? List.of() : d.dependsOn;
  }
}
