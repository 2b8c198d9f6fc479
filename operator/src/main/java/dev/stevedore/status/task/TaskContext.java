package dev.stevedore.status.task;

import dev.stevedore.naming.Arns;

/**
 * What a task's description needs beyond its pod.
 *
 * @param region AWS region of the ARNs
 * @param account AWS account of the ARNs
 * @param clusterName the ECS cluster the task runs in
 * @param taskDefinitionArn the revision, when the pod does not carry it
 * @param startedBy startedBy of the request, or null
 * @param group the task group
 * @param launchType the launch type the request named, or null
 * @param requestedStop a stop asked for while the pod still runs normally (StopTask), or null
 * @param onDeletion the cause of a stop when the pod is deleted by anyone before it stopped by itself
 */
public record TaskContext(String region, String account, String clusterName, String taskDefinitionArn,
                          String startedBy, String group, String launchType, StopCause requestedStop,
                          StopCause onDeletion) {

  public String clusterArn() {
    return Arns.cluster(region, account, clusterName);
  }

  /** arn:aws:ecs:region:account:task/cluster/id. */
  public String taskArn(String taskId) {
    return Arns.task(region, account, clusterName, taskId);
  }
}
