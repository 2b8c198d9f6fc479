package dev.stevedore.status.task;

import dev.stevedore.api.v1alpha1.TaskDescription;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A service's tasks in the same DescribeTasks shape as standalone ones, so one answer serves both. Pure; the caller
 * (the EcsService status) decides where to put them. A service pod being deleted is a task the service stopped
 * (ServiceSchedulerInitiated); an essential container seen exited is EssentialContainerExited, as for a standalone
 * task. Kubernetes restarts it in place, so a pod waiting to restart it describes as PENDING again: counting those
 * restarts as failed tasks is {@link dev.stevedore.status.TaskFailures}' job.
 */
public final class ServiceTasks {
  private ServiceTasks() {}

  /**
   * @param pods the service's pods
   * @param serviceName the ECS service name: group is service:NAME
   * @param deploymentOf the ECS deployment id (ecs-svc/...) a pod belongs to, or null: startedBy, and the
   *     stoppedReason of a task the service stops
   */
  public static List<TaskDescription> describe(List<Pod> pods, String region, String account, String clusterName,
      String serviceName, Function<Pod, String> deploymentOf, Instant now) {
    return pods.stream()
        .map(p -> {
          String deployment = deploymentOf.apply(p);
          StopCause scaling = StopCause.requested(StopCode.ServiceSchedulerInitiated, deployment == null ? null
              : "Scaling activity initiated by (deployment " + deployment + ")", null);
          TaskContext ctx = new TaskContext(region, account, clusterName, null, deployment,
              "service:" + serviceName, null, null, scaling);
          return TaskDescriber.describe(p, null, ctx, now);
        })
        .filter(Objects::nonNull)
        .sorted(Comparator.comparing((TaskDescription t) -> String.valueOf(t.createdAt))
            .thenComparing(t -> t.podName))
        .toList();
  }
}
