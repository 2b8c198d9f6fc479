package dev.stevedore.reconcile.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.FamilyRevisions.Revision;
import dev.stevedore.revision.RevisionObjects;
import dev.stevedore.revision.SpecHash;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionManifestsTest {
  private final TaskDefinition owner = Fixtures.taskDefinition("web", "2026-11-22T10:00:00Z");

  @Test
  void theFrozenSpecNamesItsFamilyAndDropsReadOnlyExportFields() {
    TaskDefinitionSpec exported = Fixtures.spec("nginx:1");
    exported.revision = 12;
    exported.status = "ACTIVE";
    TaskDefinitionSpec frozen = RevisionManifests.frozenSpec(exported, "web");
    assertThat(frozen.family).isEqualTo("web");
    assertThat(frozen.revision).isNull();
    assertThat(frozen.status).isNull();
    assertThat(exported.family).as("the applied spec is not touched").isNull();
  }

  @Test
  void aRevisionIsAControllerRevisionOwnedByItsTaskDefinition() {
    TaskDefinitionSpec frozen = RevisionManifests.frozenSpec(Fixtures.spec("nginx:1"), "web");
    ControllerRevision revision = RevisionManifests.revision(owner, "web", frozen, 3, Fixtures.REGISTERED_AT);

    assertThat(revision.getMetadata().getName()).isEqualTo(RevisionObjects.controllerRevisionName("web", 3));
    assertThat(revision.getMetadata().getNamespace()).isEqualTo(Fixtures.NAMESPACE);
    assertThat(revision.getRevision()).isEqualTo(3L);
    assertThat(revision.getData()).isEqualTo(SpecHash.canonicalTree(frozen));
    assertThat(revision.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "stevedore")
        .containsEntry("ecs.stevedore.dev/family", "web").containsEntry("ecs.stevedore.dev/revision", "3")
        .containsEntry(RevisionObjects.STATUS_LABEL, RevisionObjects.ACTIVE);
    OwnerReference reference = revision.getMetadata().getOwnerReferences().get(0);
    assertThat(reference.getKind()).isEqualTo("TaskDefinition");
    assertThat(reference.getApiVersion()).isEqualTo("ecs.stevedore.dev/v1alpha1");
    assertThat(reference.getUid()).isEqualTo("uid-web");
    assertThat(reference.getController()).isTrue();
    assertThat(RevisionManifests.isControlledBy(revision, owner)).isTrue();
    assertThat(RevisionManifests.isControlledBy(revision, Fixtures.taskDefinition("other", "2026-11-22T10:00:00Z")))
        .isFalse();
  }

  @Test
  void aStoredRevisionReadsBackAsItWasRegistered() {
    TaskDefinitionSpec frozen = RevisionManifests.frozenSpec(Fixtures.spec("nginx:1"), "web");
    ControllerRevision revision = RevisionManifests.revision(owner, "web", frozen, 3, Fixtures.REGISTERED_AT);

    Revision read = FamilyRevisions.of("web", List.of(revision)).latest().orElseThrow();
    assertThat(read.number()).isEqualTo(3);
    assertThat(read.active()).isTrue();
    assertThat(read.specHash()).isEqualTo(SpecHash.of(frozen));
    assertThat(read.registeredAt()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(SpecHash.of(read.spec())).isEqualTo(SpecHash.of(frozen));
  }

  @Test
  void theCounterBelongsToNoObject() {
    ConfigMap counter = RevisionManifests.counter("shop", "web", 4);
    assertThat(counter.getMetadata().getName()).isEqualTo(RevisionObjects.counterName("web"));
    assertThat(counter.getMetadata().getOwnerReferences()).isEmpty();
    assertThat(counter.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "stevedore");
    assertThat(counter.getData()).containsEntry(RevisionObjects.LAST_REVISION_KEY, "4");
  }
}
