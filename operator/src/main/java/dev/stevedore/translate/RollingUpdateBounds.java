package dev.stevedore.translate;

/**
 * ECS's deployment bounds as the integers Kubernetes needs. For desired count d: at most floor(d*max/100)
 * tasks run or start, at least ceil(d*min/100) stay healthy. Kubernetes rounds percentages the other way
 * for maxSurge, so only absolute integers reproduce ECS. When both come out 0, ECS cannot move a deployment
 * and neither could Kubernetes (it rejects 0/0): {@link #stuck()} says so and the numbers must not be written.
 *
 * @param maxSurge pods above d a rollout may start
 * @param maxUnavailable pods below d a rollout may stop
 * @param lowerBound ECS's ceil(d*min/100)
 * @param upperBound ECS's floor(d*max/100)
 * @param stuck no task can be replaced within the bounds
 */
public record RollingUpdateBounds(int maxSurge, int maxUnavailable, int lowerBound, int upperBound, boolean stuck) {
  public static final int DEFAULT_REPLICA_MINIMUM_HEALTHY_PERCENT = 100;
  public static final int DEFAULT_REPLICA_MAXIMUM_PERCENT = 200;
  public static final int DEFAULT_DAEMON_MINIMUM_HEALTHY_PERCENT = 0;
  public static final int DAEMON_MAXIMUM_PERCENT = 100;

  /** A REPLICA service with d desired tasks. */
  public static RollingUpdateBounds replica(int desired, int minimumHealthyPercent, int maximumPercent) {
    int lower = ceilPercent(desired, minimumHealthyPercent);
    int upper = floorPercent(desired, maximumPercent);
    if (desired == 0) {
      // Nothing to replace; Kubernetes still rejects 0/0, so allow one surge pod, which never starts.
      return new RollingUpdateBounds(1, 0, 0, 0, false);
    }
    int surge = Math.max(0, upper - desired);
    int unavailable = Math.max(0, desired - lower);
    return new RollingUpdateBounds(surge, unavailable, lower, upper, surge == 0 && unavailable == 0);
  }

  /** A DAEMON service on n eligible nodes: no surge (one task per node), so min must leave room. */
  public static RollingUpdateBounds daemon(int eligibleNodes, int minimumHealthyPercent) {
    if (eligibleNodes == 0) {
      return new RollingUpdateBounds(0, 1, 0, 0, false);
    }
    int lower = ceilPercent(eligibleNodes, minimumHealthyPercent);
    int unavailable = eligibleNodes - lower;
    return new RollingUpdateBounds(0, unavailable, lower, eligibleNodes, unavailable == 0);
  }

  static int ceilPercent(int count, int percent) {
    return (int) (((long) count * percent + 99) / 100);
  }

  static int floorPercent(int count, int percent) {
    return (int) ((long) count * percent / 100);
  }
}
