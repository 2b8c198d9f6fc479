package dev.stevedore.reconcile.taskdefinition;

import static dev.stevedore.reconcile.taskdefinition.Fixtures.taskDefinition;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class FamilyOwnershipTest {

  @Test
  void theOldestMemberOwnsTheFamily() {
    TaskDefinition older = taskDefinition("web-b", "2026-11-22T10:00:00Z");
    TaskDefinition newer = taskDefinition("web-a", "2026-11-22T10:00:01Z");
    assertThat(FamilyOwnership.owner(List.of(newer, older))).isSameAs(older);
    assertThat(FamilyOwnership.owner(List.of(older, newer))).isSameAs(older);
  }

  @Test
  void membersCreatedInTheSameSecondAreOrderedByName() {
    TaskDefinition b = taskDefinition("web-b", "2026-11-22T10:00:00Z");
    TaskDefinition a = taskDefinition("web-a", "2026-11-22T10:00:00Z");
    assertThat(FamilyOwnership.owner(List.of(b, a))).isSameAs(a);
  }

  @Test
  void aLoneMemberOwnsItsFamily() {
    TaskDefinition only = taskDefinition("web", "2026-11-22T10:00:00Z");
    assertThat(FamilyOwnership.owner(List.of(only))).isSameAs(only);
  }
}
