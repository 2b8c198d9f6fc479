package dev.stevedore.validate;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.translate.ContainerOrdering;
import dev.stevedore.naming.Names;
import dev.stevedore.translate.Units;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The registration rules of a task definition that the CRD schema and CEL cannot express: dependency cycles,
 * sums over containers, names that only clash once made Kubernetes-safe. Pure.
 */
public final class TaskDefinitionValidator {
  private TaskDefinitionValidator() {}

  public static List<ValidationIssue> validate(TaskDefinitionSpec spec) {
    List<ValidationIssue> issues = new ArrayList<>();
    List<ContainerDefinition> containers = spec.containerDefinitions == null ? List.of() : spec.containerDefinitions;
    if (containers.isEmpty()) {
      issues.add(new ValidationIssue("containerDefinitions", "a task definition needs 1 to 10 containers"));
      return issues;
    }
    ContainerOrdering.findCycle(containers).ifPresent(cycle -> issues.add(new ValidationIssue(
        "containerDefinitions[].dependsOn", "dependency cycle between containers: " + String.join(" -> ", cycle))));
    memory(spec, containers, issues);
    cpu(spec, containers, issues);
    portMappings(containers, issues);
    volumes(spec, issues);
    issues.addAll(PodRepresentability.validate(spec));
    return issues;
  }

  private static void memory(TaskDefinitionSpec spec, List<ContainerDefinition> containers, List<ValidationIssue> issues) {
    Optional<Integer> taskMemory = Units.memoryMiB(spec.memory);
    if (spec.memory != null && taskMemory.isEmpty()) {
      issues.add(new ValidationIssue("memory", "memory must be MiB (\"2048\") or GB (\"2 GB\")"));
      return;
    }
    int reserved = 0;
    for (int i = 0; i < containers.size(); i++) {
      ContainerDefinition c = containers.get(i);
      if (spec.memory == null && c.memory == null && c.memoryReservation == null) {
        issues.add(new ValidationIssue("containerDefinitions[" + i + "]", "Invalid setting for container '" + c.name
            + "'. At least one of 'memory' or 'memoryReservation' must be specified."));
      }
      reserved += c.memoryReservation != null ? c.memoryReservation : c.memory != null ? c.memory : 0;
      if (taskMemory.isPresent() && c.memory != null && c.memory > taskMemory.get()) {
        issues.add(new ValidationIssue("containerDefinitions[" + i + "].memory", "container '" + c.name + "' memory "
            + c.memory + " MiB exceeds the task's memory of " + taskMemory.get() + " MiB"));
      }
    }
    if (taskMemory.isPresent() && reserved > taskMemory.get()) {
      issues.add(new ValidationIssue("containerDefinitions[].memoryReservation", "the containers reserve " + reserved
          + " MiB in total, more than the task's memory of " + taskMemory.get() + " MiB"));
    }
  }

  private static void cpu(TaskDefinitionSpec spec, List<ContainerDefinition> containers, List<ValidationIssue> issues) {
    Optional<Integer> taskCpu = Units.cpuUnits(spec.cpu);
    if (spec.cpu != null && taskCpu.isEmpty()) {
      issues.add(new ValidationIssue("cpu", "cpu must be CPU units (\"1024\") or vCPUs (\"1 vCPU\")"));
      return;
    }
    int total = containers.stream().mapToInt(c -> c.cpu == null ? 0 : c.cpu).sum();
    if (taskCpu.isPresent() && total > taskCpu.get()) {
      issues.add(new ValidationIssue("containerDefinitions[].cpu", "the containers ask for " + total
          + " CPU units in total, more than the task's cpu of " + taskCpu.get()));
    }
  }

  private static void portMappings(List<ContainerDefinition> containers, List<ValidationIssue> issues) {
    Map<String, String> portNames = new HashMap<>();
    Set<String> ecsNames = new HashSet<>();
    for (int i = 0; i < containers.size(); i++) {
      List<PortMapping> mappings = containers.get(i).portMappings;
      if (mappings == null) {
        continue;
      }
      for (int j = 0; j < mappings.size(); j++) {
        PortMapping p = mappings.get(j);
        String path = "containerDefinitions[" + i + "].portMappings[" + j + "]";
        if (p.name != null) {
          if (!ecsNames.add(p.name)) {
            issues.add(new ValidationIssue(path + ".name", "port mapping name '" + p.name + "' is used twice in the task"));
          }
          String previous = portNames.put(Names.portName(p.name), p.name);
          if (previous != null && !previous.equals(p.name)) {
            issues.add(new ValidationIssue(path + ".name", "port mapping names '" + previous + "' and '" + p.name
                + "' become the same Kubernetes port name"));
          }
        }
        if (p.containerPortRange != null) {
          String[] range = p.containerPortRange.split("-");
          int first = Integer.parseInt(range[0]);
          int last = Integer.parseInt(range[1]);
          if (first < 1 || last > 65535 || first > last) {
            issues.add(new ValidationIssue(path + ".containerPortRange", "containerPortRange must be 'first-last' with"
                + " 1 <= first <= last <= 65535"));
          }
        }
      }
    }
  }

  private static void volumes(TaskDefinitionSpec spec, List<ValidationIssue> issues) {
    if (spec.volumes == null) {
      return;
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.volumes.size(); i++) {
      String name = spec.volumes.get(i).name;
      if (name == null || name.isEmpty()) {
        issues.add(new ValidationIssue("volumes[" + i + "].name", "every volume needs a name"));
      } else if (!names.add(name)) {
        issues.add(new ValidationIssue("volumes[" + i + "].name", "volume name '" + name + "' is used twice"));
      }
    }
  }
}
