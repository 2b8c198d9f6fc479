package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.FamilyRevisions.Revision;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which revisions retention deletes. It keeps the newest {@code keepNewest} (at least the newest one: it is the
 * applied spec), the latest ACTIVE one (what a service naming only the family runs, even when newer revisions
 * were deregistered), and every revision a service runs, may roll back to or pins. Pure.
 */
final class RevisionRetention {
  private RevisionRetention() {}

  static List<Revision> toDelete(FamilyRevisions family, int keepNewest, Set<Integer> inUse) {
    Set<Integer> kept = new HashSet<>(inUse);
    family.newestFirst().stream().limit(Math.max(1, keepNewest)).forEach(r -> kept.add(r.number()));
    family.latestActive().ifPresent(r -> kept.add(r.number()));
    return family.newestFirst().stream().filter(r -> !kept.contains(r.number())).toList();
  }
}
