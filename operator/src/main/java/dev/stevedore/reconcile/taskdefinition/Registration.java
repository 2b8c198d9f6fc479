package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.FamilyRevisions.Revision;

/**
 * When a spec becomes a new revision, and which number it gets. Like RegisterTaskDefinition, content equal to
 * an older revision (a revert) is still a change when the newest revision differs, and gets a new number.
 * Pure.
 */
final class Registration {
  private Registration() {}

  /** True when the family has no revision yet, or its newest one froze other content. */
  static boolean isNeeded(FamilyRevisions family, String specHash) {
    return family.latest().map(latest -> !specHash.equals(latest.specHash())).orElse(true);
  }

  /**
   * The next number: above both the counter and every stored revision of the family. The counter alone is not
   * enough when someone deleted it; the stored revisions alone are not enough once old ones were deleted.
   */
  static int nextNumber(int lastIssued, int highestStored) {
    return Math.max(lastIssued, highestStored) + 1;
  }

  /** The highest revision number among stored revisions, 0 when there are none. */
  static int highestStored(FamilyRevisions family) {
    return family.latest().map(Revision::number).orElse(0);
  }
}
