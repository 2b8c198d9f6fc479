package dev.stevedore.reconcile.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.SpecHash;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationTest {
  private final TaskDefinition owner = Fixtures.taskDefinition("web", "2026-11-22T10:00:00Z");

  @Test
  void theFirstSpecOfAFamilyIsRegistered() {
    assertThat(Registration.isNeeded(FamilyRevisions.of("web", List.of()), hash("nginx:1"))).isTrue();
  }

  @Test
  void theSameContentAsTheNewestRevisionRegistersNothing() {
    assertThat(Registration.isNeeded(Fixtures.revisions(owner, 2), hash("nginx:2"))).isFalse();
  }

  @Test
  void aRevertToAnOlderRevisionsContentIsANewRevision() {
    assertThat(Registration.isNeeded(Fixtures.revisions(owner, 2), hash("nginx:1"))).isTrue();
  }

  @Test
  void readOnlyExportFieldsAndAnExplicitDefaultFamilyAreNotChanges() {
    var exported = Fixtures.spec("nginx:2");
    exported.taskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";
    exported.family = "web";
    assertThat(Registration.isNeeded(Fixtures.revisions(owner, 2),
        SpecHash.of(RevisionManifests.frozenSpec(exported, "web")))).isFalse();
  }

  @Test
  void theNextNumberIsAboveTheCounterAndEveryStoredRevision() {
    assertThat(Registration.nextNumber(0, 0)).isEqualTo(1);
    assertThat(Registration.nextNumber(7, 3)).as("revisions 4-7 were deleted").isEqualTo(8);
    assertThat(Registration.nextNumber(2, 5)).as("the counter was deleted or lags").isEqualTo(6);
  }

  @Test
  void theHighestStoredNumberComesFromTheNewestRevision() {
    assertThat(Registration.highestStored(Fixtures.revisions(owner, 3))).isEqualTo(3);
    assertThat(Registration.highestStored(FamilyRevisions.of("web", List.of()))).isZero();
  }

  private static String hash(String image) {
    return SpecHash.of(RevisionManifests.frozenSpec(Fixtures.spec(image), "web"));
  }
}
