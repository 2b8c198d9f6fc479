package dev.stevedore.reconcile.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.FamilyRevisions.Revision;
import dev.stevedore.revision.RevisionObjects;
import dev.stevedore.validate.ValidationIssue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeregisterAnnotationTest {

  @Test
  void listsRevisionNumbersSeparatedByCommas() {
    DeregisterAnnotation annotation = DeregisterAnnotation.parse(" 1, 3,,7 ");
    assertThat(annotation.revisions()).containsExactlyInAnyOrder(1, 3, 7);
    assertThat(annotation.issues()).isEmpty();
  }

  @Test
  void noAnnotationDeregistersNothing() {
    TaskDefinition taskDefinition = Fixtures.taskDefinition("web", "2026-11-22T10:00:00Z");
    assertThat(DeregisterAnnotation.of(taskDefinition).revisions()).isEmpty();
    taskDefinition.getMetadata().setAnnotations(Map.of(RevisionObjects.DEREGISTER_ANNOTATION, "2"));
    assertThat(DeregisterAnnotation.of(taskDefinition).revisions()).containsExactly(2);
  }

  @Test
  void entriesThatAreNotRevisionNumbersAreIssues() {
    DeregisterAnnotation annotation = DeregisterAnnotation.parse("1,latest,0,-2");
    assertThat(annotation.revisions()).containsExactly(1);
    assertThat(annotation.issues()).extracting(ValidationIssue::field).containsOnly(
        "metadata.annotations[ecs.stevedore.dev/deregister]");
    assertThat(annotation.issues()).extracting(ValidationIssue::message).hasSize(3)
        .anySatisfy(m -> assertThat(m).startsWith("Invalid revision number. Number: latest"));
  }

  @Test
  void onlyListedRevisionsThatAreStillActiveNeedDeregistering() {
    TaskDefinition owner = Fixtures.taskDefinition("web", "2026-11-22T10:00:00Z");
    FamilyRevisions family = FamilyRevisions.of("web", List.of(
        Fixtures.revision(owner, 1, "nginx:1"),
        Fixtures.inactive(Fixtures.revision(owner, 2, "nginx:2")),
        Fixtures.revision(owner, 3, "nginx:3")));
    assertThat(DeregisterAnnotation.parse("1,2,9").stillActiveIn(family)).extracting(Revision::number)
        .containsExactly(1);
  }
}
