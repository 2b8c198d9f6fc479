package dev.stevedore.fuzz;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.ContainerDependency;
import dev.stevedore.api.v1alpha1.HealthCheck;
import dev.stevedore.api.v1alpha1.MountPoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The schema rules (required members, unique container names, references that resolve) a case must keep to
 * count: the API server refuses anything else before Stevedore sees it. The generator keeps them; the shrinker
 * may cut them away, and a case it cuts that far is not a smaller example of the same failure.
 */
final class Admissible {
  private Admissible() {}

  static boolean test(FuzzCase c) {
    var td = c.taskDefinition();
    if (td.containerDefinitions == null || td.containerDefinitions.isEmpty() || c.name().isEmpty()) {
      return false;
    }
    Set<String> names = new HashSet<>();
    for (ContainerDefinition d : td.containerDefinitions) {
      if (d.name == null || d.name.isEmpty() || d.image == null || d.image.isEmpty() || !names.add(d.name)) {
        return false;
      }
      if (d.memory != null && d.memoryReservation != null && d.memory <= d.memoryReservation) {
        return false;
      }
      if (d.healthCheck != null && !healthCheck(d.healthCheck)) {
        return false;
      }
    }
    for (ContainerDefinition d : td.containerDefinitions) {
      for (ContainerDependency dep : list(d.dependsOn)) {
        if (dep.containerName == null || dep.condition == null || !names.contains(dep.containerName)) {
          return false;
        }
      }
      for (MountPoint m : list(d.mountPoints)) {
        if (m.sourceVolume != null && (td.volumes == null
            || td.volumes.stream().noneMatch(v -> m.sourceVolume.equals(v.name)))) {
          return false;
        }
      }
      if (d.linuxParameters != null && d.linuxParameters.tmpfs != null
          && d.linuxParameters.tmpfs.stream().anyMatch(t -> t.containerPath == null || t.size == null)) {
        return false;
      }
      if (d.extraHosts != null && d.extraHosts.stream().anyMatch(h -> h.hostname == null || h.ipAddress == null)) {
        return false;
      }
      if (d.secrets != null && d.secrets.stream().anyMatch(s -> s.name == null || s.valueFrom == null)) {
        return false;
      }
    }
    return td.volumes == null || td.volumes.stream().allMatch(v -> v.name != null && !v.name.isEmpty());
  }

  private static boolean healthCheck(HealthCheck h) {
    return h.command != null && h.command.size() >= 2
        && ("CMD".equals(h.command.get(0)) || "CMD-SHELL".equals(h.command.get(0)));
  }

  private static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : values;
  }
}
