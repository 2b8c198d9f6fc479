package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;

/**
 * Which TaskDefinition registers a family when several in one namespace name the same family: the oldest one,
 * and among those created in the same second the first by name. The others register nothing. The rule looks
 * only at the objects themselves, so every reconcile of every member reaches the same answer. Pure.
 */
final class FamilyOwnership {
  private static final Comparator<TaskDefinition> OLDEST_FIRST = Comparator
      .comparing((TaskDefinition td) -> Instant.parse(td.getMetadata().getCreationTimestamp()))
      .thenComparing(td -> td.getMetadata().getName());

  private FamilyOwnership() {}

  /** The member that owns the family; {@code members} are the TaskDefinitions of one family and namespace. */
  static TaskDefinition owner(Collection<TaskDefinition> members) {
    return members.stream().min(OLDEST_FIRST)
        .orElseThrow(() -> new IllegalArgumentException("a family has at least one member"));
  }
}
