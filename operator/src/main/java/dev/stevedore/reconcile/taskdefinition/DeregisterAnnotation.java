package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.FamilyRevisions.Revision;
import dev.stevedore.revision.RevisionObjects;
import dev.stevedore.validate.ValidationIssue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The revisions a TaskDefinition deregisters, declared in its annotation {@code ecs.stevedore.dev/deregister: "1,3"}.
 * The annotation is declarative: every listed number that names a revision of the family is INACTIVE. A number
 * that names no revision (yet) is not an error. Taking a number out of the list does not re-activate the
 * revision, because ECS cannot re-activate one either: the INACTIVE label on the ControllerRevision is the
 * record, and it stays. Pure.
 *
 * @param revisions the listed revision numbers
 * @param issues entries that are not revision numbers
 */
record DeregisterAnnotation(Set<Integer> revisions, List<ValidationIssue> issues) {
  private static final String FIELD = "metadata.annotations[" + RevisionObjects.DEREGISTER_ANNOTATION + "]";
  /** 1 to 999999999: positive and within an int. */
  private static final Pattern REVISION_NUMBER = Pattern.compile("[1-9][0-9]{0,8}");

  static DeregisterAnnotation of(TaskDefinition taskDefinition) {
    Map<String, String> annotations = taskDefinition.getMetadata().getAnnotations();
    return parse(annotations == null ? null : annotations.get(RevisionObjects.DEREGISTER_ANNOTATION));
  }

  /** Parses "1,3" (spaces and empty entries allowed); null means no annotation. */
  static DeregisterAnnotation parse(String value) {
    Set<Integer> revisions = new TreeSet<>();
    List<ValidationIssue> issues = new ArrayList<>();
    if (value != null) {
      for (String entry : value.split(",")) {
        String trimmed = entry.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        if (REVISION_NUMBER.matcher(trimmed).matches()) {
          revisions.add(Integer.parseInt(trimmed));
        } else {
          issues.add(new ValidationIssue(FIELD, "Invalid revision number. Number: " + trimmed
              + " (list revision numbers separated by commas, e.g. \"1,3\")"));
        }
      }
    }
    return new DeregisterAnnotation(Set.copyOf(revisions), List.copyOf(issues));
  }

  /** The listed revisions that are still ACTIVE, newest first. */
  List<Revision> stillActiveIn(FamilyRevisions family) {
    return family.newestFirst().stream().filter(r -> r.active() && revisions.contains(r.number())).toList();
  }
}
