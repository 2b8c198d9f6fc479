package dev.stevedore.status.task;

/** Why a task stopped, as ECS's stopCode names it, with ECS's usual stoppedReason. */
public enum StopCode {
  TaskFailedToStart("Task failed to start"),
  EssentialContainerExited("Essential container in task exited"),
  UserInitiated("Task stopped by user"),
  ServiceSchedulerInitiated("Scaling activity initiated by the service"),
  TerminationNotice("Task stopped because its node is shutting down or evicted it");

  /** ECS's usual stoppedReason for this code, used when nothing more precise is known. */
  public final String reason;

  StopCode(String reason) {
    this.reason = reason;
  }
}
