package dev.stevedore.translate.task;

import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.translate.CapacityPlacement;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.TaskRoleBinding;

/**
 * Everything one standalone task's pod depends on, resolved by the caller.
 *
 * @param name the EcsTask's metadata.name: its pods and task role ServiceAccount are named after it
 * @param namespace the EcsTask's namespace
 * @param clusterName the ECS cluster name
 * @param spec the RunTask request
 * @param taskDefinition the revision the tasks run (without the overrides: they are applied here)
 * @param placement the capacity provider this task is placed with, or null for the scheduler's choice
 * @param index which of the request's tasks (0 .. count-1)
 * @param roleBinding how task roles become ServiceAccounts
 * @param awsAccount account used to expand short role names to ARNs
 */
public record TaskPodContext(String name, String namespace, String clusterName, EcsTaskSpec spec,
                             RegisteredTaskDefinition taskDefinition, CapacityPlacement placement, int index,
                             TaskRoleBinding roleBinding, String awsAccount) {

  /** family:FAMILY unless the request names a group. */
  public String group() {
    return spec.group != null ? spec.group : "family:" + taskDefinition.family();
  }
}
