package dev.stevedore.status.task;

import dev.stevedore.api.v1alpha1.TaskContainer;
import dev.stevedore.api.v1alpha1.TaskDescription;
import java.util.List;

/**
 * Whether a set of tasks (a migration run before a rollout, say) succeeded: every expected task STOPPED, each
 * because its essential containers exited, and every essential container that has an exit code exited 0. Anything
 * else that stopped is a failure; the rest is still pending. Pure.
 *
 * @param result PENDING, SUCCEEDED or FAILED
 * @param message what decided it, naming the task and container (empty while pending)
 */
public record TaskOutcome(Result result, String message) {
  public enum Result { PENDING, SUCCEEDED, FAILED }

  /** @param tasks the tasks' descriptions (see {@link TaskDescriber}, {@link ServiceTasks}) */
  public static TaskOutcome of(List<TaskDescription> tasks, int expected) {
    for (TaskDescription t : tasks) {
      if (!TaskState.STOPPED.name().equals(t.lastStatus) && t.stopCode == null) {
        continue;
      }
      String task = "(task " + EcsTaskStatusCalculator.shortId(t.taskArn) + ")";
      if (!StopCode.EssentialContainerExited.name().equals(t.stopCode)) {
        return new TaskOutcome(Result.FAILED, task + " stopped: " + t.stopCode + ": " + t.stoppedReason);
      }
      for (TaskContainer c : t.containers == null ? List.<TaskContainer>of() : t.containers) {
        if (Boolean.TRUE.equals(c.essential) && c.exitCode != null && c.exitCode != 0) {
          return new TaskOutcome(Result.FAILED, task + " stopped: " + t.stoppedReason + ": container " + c.name
              + " exited with code " + c.exitCode + (c.reason == null ? "" : " (" + c.reason + ")"));
        }
      }
    }
    boolean allStopped = tasks.size() >= expected
        && tasks.stream().allMatch(t -> TaskState.STOPPED.name().equals(t.lastStatus));
    if (allStopped) {
      return new TaskOutcome(Result.SUCCEEDED, tasks.size() + " of " + expected
          + " tasks stopped with their essential containers exiting 0");
    }
    return new TaskOutcome(Result.PENDING, "");
  }
}
