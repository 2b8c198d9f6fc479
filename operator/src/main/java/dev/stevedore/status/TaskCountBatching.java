package dev.stevedore.status;

import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * A status that differs from the stored one in its task counts alone waits until the counts it replaces are
 * {@link #INTERVAL} old. While a deployment starts and stops its tasks, every pod that is created, scheduled, turns
 * ready or goes moves a count, and the new ones and the stopped ones are events ("has started 1 tasks"); written one
 * by one they were most of a service's status writes, each an object the API server validates, stores and sends to
 * every watcher. Held back, the tasks of the next look are named together, as ECS names the tasks it launched
 * together ("has started 2 tasks: (task a) (task b)"), and ECS's own counts trail the tasks by seconds too. Whatever
 * else changes (a condition's status or reason, a deployment's state, a failed task, any other event) is written at
 * once, with the counts of that moment, so Ready and Stable are never late.
 */
public final class TaskCountBatching {
  public static final Duration INTERVAL = Duration.ofSeconds(5);

  private TaskCountBatching() {}

  /**
   * How long to hold {@code next} back: present only when it differs from {@code stored} in running and pending
   * counts alone (of the service and its deployments, with the deployments' {@code updatedAt} that records them, the
   * condition messages that repeat them and the events of tasks started and stopped) and the newest count in
   * {@code stored} is younger than
   * {@link #INTERVAL}. A condition message that changes with the same status and reason waits as well, at most that
   * long.
   */
  public static Optional<Duration> holdBack(EcsServiceStatus stored, EcsServiceStatus next, Instant now) {
    if (stored == null || stored.deployments == null || stored.deployments.isEmpty()) {
      return Optional.empty();
    }
    Optional<Instant> newest = stored.deployments.stream().map(d -> parse(d.updatedAt)).filter(Objects::nonNull)
        .max(Instant::compareTo);
    if (newest.isEmpty()) {
      return Optional.empty();
    }
    Duration left = Duration.between(now, newest.get().plus(INTERVAL));
    if (left.isNegative() || left.isZero() || !StatusComparison.unchanged(withoutCounts(stored), withoutCounts(next))) {
      return Optional.empty();
    }
    return Optional.of(left);
  }

  private static EcsServiceStatus withoutCounts(EcsServiceStatus status) {
    EcsServiceStatus copy = Serialization.clone(status);
    copy.runningCount = null;
    copy.pendingCount = null;
    if (copy.events != null) {
      // Held back, the tasks they name are named again by the next look, in one event: "has started 2 tasks".
      copy.events.removeIf(e -> e.message != null && ServiceEvents.reportsTaskProgress(e.message));
    }
    if (copy.conditions != null) {
      // "2 of 4 tasks running": the messages repeat the counts; a condition's status and reason are what it says.
      copy.conditions.forEach(c -> c.setMessage(null));
    }
    if (copy.deployments != null) {
      for (ServiceDeployment d : copy.deployments) {
        d.runningCount = null;
        d.pendingCount = null;
        d.updatedAt = null;
      }
    }
    return copy;
  }

  private static Instant parse(String timestamp) {
    try {
      return timestamp == null ? null : Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
