package dev.stevedore.reconcile.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.FamilyRevisions.Revision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RevisionRetentionTest {
  private final TaskDefinition owner = Fixtures.taskDefinition("web", "2026-11-22T10:00:00Z");

  @Test
  void keepsTheNewestRevisions() {
    assertThat(numbers(RevisionRetention.toDelete(Fixtures.revisions(owner, 5), 3, Set.of()))).containsExactly(2, 1);
  }

  @Test
  void keepsEveryRevisionAServiceUses() {
    assertThat(numbers(RevisionRetention.toDelete(Fixtures.revisions(owner, 5), 2, Set.of(1, 9))))
        .containsExactly(3, 2);
  }

  @Test
  void keepsTheLatestActiveRevisionWhatANameOnlyServiceRuns() {
    List<ControllerRevision> objects = new ArrayList<>();
    objects.add(Fixtures.revision(owner, 1, "nginx:1"));
    objects.add(Fixtures.revision(owner, 2, "nginx:2"));
    objects.add(Fixtures.inactive(Fixtures.revision(owner, 3, "nginx:3")));
    objects.add(Fixtures.inactive(Fixtures.revision(owner, 4, "nginx:4")));
    assertThat(numbers(RevisionRetention.toDelete(FamilyRevisions.of("web", objects), 2, Set.of())))
        .containsExactly(1);
  }

  @Test
  void alwaysKeepsTheNewestRevisionTheAppliedSpec() {
    assertThat(numbers(RevisionRetention.toDelete(Fixtures.revisions(owner, 3), 0, Set.of()))).containsExactly(2, 1);
  }

  @Test
  void deletesNothingWithinTheLimit() {
    assertThat(RevisionRetention.toDelete(Fixtures.revisions(owner, 3), 10, Set.of())).isEmpty();
  }

  private static List<Integer> numbers(List<Revision> revisions) {
    return revisions.stream().map(Revision::number).toList();
  }
}
