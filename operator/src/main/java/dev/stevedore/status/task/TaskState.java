package dev.stevedore.status.task;

/** ECS's task lifecycle (a task's lastStatus), in the order a task walks it. */
public enum TaskState {
  PROVISIONING,
  PENDING,
  ACTIVATING,
  RUNNING,
  DEACTIVATING,
  STOPPING,
  DEPROVISIONING,
  STOPPED;

  /** Started and not yet RUNNING: what ECS and Stevedore count as pending. */
  public boolean pending() {
    return compareTo(RUNNING) < 0;
  }
}
