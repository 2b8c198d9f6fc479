package dev.stevedore.status;

import dev.stevedore.api.v1alpha1.ServiceDeployment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order and memory of {@code status.deployments}: PRIMARY first, then the ACTIVE deployments and then the
 * recently INACTIVE ones, each part most recently PRIMARY first. That order is what makes "the last deployment
 * that completed" (what a circuit-breaker rollback goes back to) a plain search, and it is carried from one status
 * to the next, so it survives operator restarts. Pure.
 *
 * <p>An INACTIVE deployment is kept while it may still matter: while the PRIMARY has not completed (it may be the
 * rollback target, or part of the rollout's story), and, once it has, only the failed deployment a rollback still
 * holds. So a service that rolled out cleanly lists one deployment, as DescribeServices does.
 */
public final class DeploymentHistory {
  public static final String INACTIVE = "INACTIVE";
  /** At most this many INACTIVE deployments are listed. */
  public static final int INACTIVE_KEPT = 5;

  private DeploymentHistory() {}

  /**
   * @param previous the deployments of the last status, in its order (may be null)
   * @param current the PRIMARY deployment first, then those that still have tasks (ACTIVE), in any order
   * @param rolledBackFrom the failed deployment a rollback still holds, or null
   * @param now the clock's time, for deployments that become INACTIVE now
   */
  public static List<ServiceDeployment> merge(List<ServiceDeployment> previous, List<ServiceDeployment> current,
      String rolledBackFrom, Instant now) {
    List<ServiceDeployment> before = previous == null ? List.of() : previous;
    Map<String, ServiceDeployment> byId = new LinkedHashMap<>();
    current.forEach(d -> byId.put(d.id, d));
    ServiceDeployment primary = current.get(0);
    List<ServiceDeployment> result = new ArrayList<>();
    result.add(primary);
    for (ServiceDeployment p : before) {
      ServiceDeployment still = byId.get(p.id);
      if (still != null && still != primary && !result.contains(still)) {
        result.add(still);
      }
    }
    for (ServiceDeployment d : current) {
      if (!result.contains(d)) {
        result.add(d);
      }
    }
    boolean primaryCompleted = ServiceStatusCalculator.COMPLETED.equals(primary.rolloutState);
    int kept = 0;
    for (ServiceDeployment p : before) {
      if (byId.containsKey(p.id) || kept >= INACTIVE_KEPT) {
        continue;
      }
      if (primaryCompleted && !p.id.equals(rolledBackFrom)) {
        continue;
      }
      result.add(inactive(p, now));
      kept++;
    }
    return result;
  }

  /**
   * The deployment a rollback goes back to: the most recent one that completed, other than {@code failedId}.
   *
   * @param deployments a status' deployments, in their order
   */
  public static Optional<ServiceDeployment> lastCompleted(List<ServiceDeployment> deployments, String failedId) {
    if (deployments == null) {
      return Optional.empty();
    }
    return deployments.stream()
        .filter(d -> ServiceStatusCalculator.COMPLETED.equals(d.rolloutState) && d.taskDefinition != null
            && d.id != null && !d.id.equals(failedId))
        .findFirst();
  }

  /** A deployment without tasks: INACTIVE, counts zero, updatedAt when it became so. */
  static ServiceDeployment inactive(ServiceDeployment p, Instant now) {
    ServiceDeployment d = copy(p);
    if (!INACTIVE.equals(p.status)) {
      d.status = INACTIVE;
      d.desiredCount = 0;
      d.runningCount = 0;
      d.pendingCount = 0;
      d.updatedAt = now.toString();
    }
    return d;
  }

  static ServiceDeployment copy(ServiceDeployment p) {
    ServiceDeployment d = new ServiceDeployment();
    d.id = p.id;
    d.status = p.status;
    d.taskDefinition = p.taskDefinition;
    d.desiredCount = p.desiredCount;
    d.pendingCount = p.pendingCount;
    d.runningCount = p.runningCount;
    d.failedTasks = p.failedTasks;
    d.rolloutState = p.rolloutState;
    d.rolloutStateReason = p.rolloutStateReason;
    d.launchType = p.launchType;
    d.createdAt = p.createdAt;
    d.updatedAt = p.updatedAt;
    d.restartedAt = p.restartedAt;
    return d;
  }
}
