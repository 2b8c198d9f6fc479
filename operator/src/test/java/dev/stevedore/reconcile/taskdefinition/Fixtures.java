package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.RevisionObjects;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Task definitions and stored revisions for the unit tests. */
final class Fixtures {
  static final String NAMESPACE = "shop";
  static final Instant REGISTERED_AT = Instant.parse("2026-11-22T10:00:00Z");

  private Fixtures() {}

  static TaskDefinitionSpec spec(String image) {
    ContainerDefinition web = new ContainerDefinition();
    web.name = "web";
    web.image = image;
    web.memory = 512;
    TaskDefinitionSpec spec = new TaskDefinitionSpec();
    spec.containerDefinitions = List.of(web);
    return spec;
  }

  static TaskDefinition taskDefinition(String name, String created) {
    TaskDefinition taskDefinition = new TaskDefinition();
    taskDefinition.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE)
        .withUid("uid-" + name).withGeneration(1L).withCreationTimestamp(created).build());
    taskDefinition.setSpec(spec("nginx:1"));
    return taskDefinition;
  }

  static ControllerRevision revision(TaskDefinition owner, int number, String image) {
    String family = Families.of(owner);
    return RevisionManifests.revision(owner, family, RevisionManifests.frozenSpec(spec(image), family), number,
        REGISTERED_AT);
  }

  static ControllerRevision inactive(ControllerRevision revision) {
    revision.getMetadata().getLabels().put(RevisionObjects.STATUS_LABEL, RevisionObjects.INACTIVE);
    return revision;
  }

  /** Revisions 1..count of the owner's family, each with its own image. */
  static FamilyRevisions revisions(TaskDefinition owner, int count) {
    List<ControllerRevision> objects = new ArrayList<>();
    for (int number = 1; number <= count; number++) {
      objects.add(revision(owner, number, "nginx:" + number));
    }
    return FamilyRevisions.of(Families.of(owner), objects);
  }
}
