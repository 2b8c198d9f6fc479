package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.ScheduledAction;
import dev.stevedore.api.v1alpha1.ServiceAutoScaling;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The capacity bounds in force at a moment: minCapacity and maxCapacity as declared, changed by each scheduled action
 * that has fired, the latest firing last (an action changes only the bounds it names, as PutScheduledAction does);
 * and when they may change next. Pure.
 */
public final class ScheduledCapacity {
  private ScheduledCapacity() {}

  /**
   * @param min the minimum in force
   * @param max the maximum in force (raised to the minimum when an action left it lower)
   * @param active the name of the action whose bounds are in force, or null for the declared ones
   * @param nextChange when the next action fires
   */
  public record Bounds(int min, int max, String active, Optional<Instant> nextChange) {}

  /**
   * @param anchor when the service was made: rate schedules count from it, and no action fired before it
   * @throws IllegalArgumentException for a schedule or time zone that cannot be read, naming the action
   */
  public static Bounds at(ServiceAutoScaling scaling, Instant anchor, Instant now) {
    int min = scaling.minCapacity == null ? 1 : scaling.minCapacity;
    int max = scaling.maxCapacity == null ? min : scaling.maxCapacity;
    List<ScheduledAction> actions = scaling.scheduledActions == null ? List.of() : scaling.scheduledActions;
    record Fired(Instant at, int index, ScheduledAction action) {}
    List<Fired> fired = new ArrayList<>();
    Optional<Instant> next = Optional.empty();
    for (int i = 0; i < actions.size(); i++) {
      ScheduledAction action = actions.get(i);
      ScheduleExpression schedule;
      try {
        schedule = ScheduleExpression.parse(action.schedule, action.timezone);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("scheduledActions[" + i + "] (" + action.scheduledActionName + "): "
            + e.getMessage(), e);
      }
      int index = i;
      // Nothing fires before the service (and so its actions) existed.
      schedule.lastFiring(now, anchor).filter(at -> !at.isBefore(anchor))
          .ifPresent(at -> fired.add(new Fired(at, index, action)));
      Optional<Instant> upcoming = schedule.nextFiring(now, anchor);
      if (upcoming.isPresent() && (next.isEmpty() || upcoming.get().isBefore(next.get()))) {
        next = upcoming;
      }
    }
    fired.sort(Comparator.comparing(Fired::at).thenComparingInt(Fired::index));
    String active = null;
    for (Fired f : fired) {
      if (f.action().minCapacity != null) {
        min = f.action().minCapacity;
      }
      if (f.action().maxCapacity != null) {
        max = f.action().maxCapacity;
      }
      active = f.action().scheduledActionName;
    }
    return new Bounds(min, Math.max(min, max), active, next);
  }
}
