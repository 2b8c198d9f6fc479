package dev.stevedore.translate.task;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.ContainerOverride;
import dev.stevedore.api.v1alpha1.KeyValuePair;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.TaskOverride;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RunTask's overrides applied to a task definition: the tasks run a copy of the revision with the overridden
 * fields, translated like any revision. Pure; the revision itself is not touched.
 */
public final class TaskOverrides {
  private TaskOverrides() {}

  /** What ECS refuses in the overrides against this task definition (InvalidParameterException). */
  public static List<String> errors(TaskDefinitionSpec taskDefinition, TaskOverride overrides) {
    List<String> errors = new ArrayList<>();
    if (overrides == null || overrides.containerOverrides == null) {
      return errors;
    }
    for (int i = 0; i < overrides.containerOverrides.size(); i++) {
      ContainerOverride o = overrides.containerOverrides.get(i);
      ContainerDefinition c = container(taskDefinition, o.name);
      if (c == null) {
        errors.add("overrides.containerOverrides[" + i + "]: Override for container named " + o.name
            + " is not a container in the TaskDefinition.");
        continue;
      }
      Integer memory = o.memory != null ? o.memory : c.memory;
      Integer reservation = o.memoryReservation != null ? o.memoryReservation : c.memoryReservation;
      if (memory != null && reservation != null && memory < reservation) {
        errors.add("overrides.containerOverrides[" + i + "]: container " + o.name + ": memory (" + memory
            + ") must be greater than or equal to memoryReservation (" + reservation + ")");
      }
    }
    return errors;
  }

  /** A copy of the task definition with the overrides applied; the same spec when there are none. */
  public static TaskDefinitionSpec apply(TaskDefinitionSpec taskDefinition, TaskOverride overrides) {
    if (overrides == null) {
      return taskDefinition;
    }
    TaskDefinitionSpec spec = Serialization.clone(taskDefinition);
    if (overrides.taskRoleArn != null) {
      spec.taskRoleArn = overrides.taskRoleArn;
    }
    if (overrides.executionRoleArn != null) {
      spec.executionRoleArn = overrides.executionRoleArn;
    }
    if (overrides.cpu != null) {
      spec.cpu = overrides.cpu;
    }
    if (overrides.memory != null) {
      spec.memory = overrides.memory;
    }
    if (overrides.containerOverrides != null) {
      for (ContainerOverride o : overrides.containerOverrides) {
        ContainerDefinition c = container(spec, o.name);
        if (c == null) {
          continue;
        }
        if (o.command != null) {
          c.command = new ArrayList<>(o.command);
        }
        if (o.environment != null) {
          Map<String, KeyValuePair> env = new LinkedHashMap<>();
          if (c.environment != null) {
            c.environment.forEach(kv -> env.put(kv.name, kv));
          }
          o.environment.forEach(kv -> env.put(kv.name, new KeyValuePair(kv.name, kv.value)));
          c.environment = new ArrayList<>(env.values());
        }
        if (o.cpu != null) {
          c.cpu = o.cpu;
        }
        if (o.memory != null) {
          c.memory = o.memory;
        }
        if (o.memoryReservation != null) {
          c.memoryReservation = o.memoryReservation;
        }
      }
    }
    return spec;
  }

  private static ContainerDefinition container(TaskDefinitionSpec spec, String name) {
    return spec.containerDefinitions.stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
  }
}
