package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.revision.RevisionObjects;
import dev.stevedore.revision.SpecHash;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects that store a family's revisions, built as {@link RevisionObjects} describes them: the frozen spec,
 * one immutable ControllerRevision per revision, and the family's counter ConfigMap. Pure.
 */
public final class RevisionManifests {
  private RevisionManifests() {}

  /**
   * The spec as a revision freezes it: canonical (read-only export fields dropped) and with the family filled
   * in, so that a family defaulted from metadata.name and the same family written out are one revision.
   */
  public static TaskDefinitionSpec frozenSpec(TaskDefinitionSpec spec, String family) {
    TaskDefinitionSpec frozen = SpecHash.parse(SpecHash.canonicalJson(spec));
    frozen.family = family;
    return frozen;
  }

  public static ControllerRevision revision(TaskDefinition owner, String family, TaskDefinitionSpec frozenSpec, int number,
                                     Instant registeredAt) {
    Map<String, String> labels = familyLabels(family);
    labels.put(Labels.REVISION, Integer.toString(number));
    labels.put(RevisionObjects.STATUS_LABEL, RevisionObjects.ACTIVE);
    ControllerRevision revision = new ControllerRevision();
    revision.setMetadata(new ObjectMetaBuilder()
        .withName(RevisionObjects.controllerRevisionName(family, number))
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(new TreeMap<>(Map.of(
            RevisionObjects.FAMILY_ANNOTATION, family,
            RevisionObjects.SPEC_HASH_ANNOTATION, SpecHash.of(frozenSpec),
            RevisionObjects.REGISTERED_AT_ANNOTATION, registeredAt.truncatedTo(ChronoUnit.SECONDS).toString())))
        .withOwnerReferences(controllerReference(owner))
        .build());
    revision.setRevision((long) number);
    revision.setData(SpecHash.canonicalTree(frozenSpec));
    return revision;
  }

  /** A new counter ConfigMap. Nothing owns it, so the numbers outlive the TaskDefinition. */
  static ConfigMap counter(String namespace, String family, int lastRevision) {
    return new ConfigMapBuilder()
        .withNewMetadata()
          .withName(RevisionObjects.counterName(family))
          .withNamespace(namespace)
          .withLabels(familyLabels(family))
          .withAnnotations(Map.of(RevisionObjects.FAMILY_ANNOTATION, family))
        .endMetadata()
        .withData(Map.of(RevisionObjects.LAST_REVISION_KEY, Integer.toString(lastRevision)))
        .build();
  }

  static boolean isControlledBy(ControllerRevision revision, TaskDefinition owner) {
    return revision.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> Boolean.TRUE.equals(ref.getController()) && owner.getMetadata().getUid().equals(ref.getUid()));
  }

  private static Map<String, String> familyLabels(String family) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.NAME, Names.labelValue(family));
    labels.put(Labels.FAMILY, Names.labelValue(family));
    return labels;
  }

  private static OwnerReference controllerReference(TaskDefinition owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .build();
  }
}
