package dev.stevedore.revision;

import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.naming.Labels;
import dev.stevedore.translate.RegisteredTaskDefinition;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The revisions of one family as read from its ControllerRevisions. Pure. */
public final class FamilyRevisions {
  /**
   * One stored revision.
   *
   * @param number the ECS revision number
   * @param status ACTIVE or INACTIVE
   * @param specHash hash of the canonical spec
   * @param registeredAt RFC 3339 time of registration
   * @param object the ControllerRevision it was read from
   */
  public record Revision(int number, String status, String specHash, String registeredAt, ControllerRevision object) {
    public boolean active() {
      return RevisionObjects.ACTIVE.equals(status);
    }

    public TaskDefinitionSpec spec() {
      return SpecHash.MAPPER_READER.convert(object.getData());
    }
  }

  private final String family;
  private final List<Revision> newestFirst;

  private FamilyRevisions(String family, List<Revision> newestFirst) {
    this.family = family;
    this.newestFirst = newestFirst;
  }

  /** Reads the family's revisions; ControllerRevisions of other families are ignored. */
  public static FamilyRevisions of(String family, List<ControllerRevision> objects) {
    List<Revision> revisions = objects.stream()
        .filter(o -> family.equals(annotation(o, RevisionObjects.FAMILY_ANNOTATION)))
        .filter(o -> o.getMetadata().getDeletionTimestamp() == null)
        .map(o -> new Revision(o.getRevision().intValue(),
            Optional.ofNullable(o.getMetadata().getLabels()).map(l -> l.get(RevisionObjects.STATUS_LABEL))
                .orElse(RevisionObjects.ACTIVE),
            annotation(o, RevisionObjects.SPEC_HASH_ANNOTATION),
            annotation(o, RevisionObjects.REGISTERED_AT_ANNOTATION), o))
        .sorted(Comparator.comparingInt(Revision::number).reversed())
        .toList();
    return new FamilyRevisions(family, revisions);
  }

  public String family() {
    return family;
  }

  public List<Revision> newestFirst() {
    return newestFirst;
  }

  public Optional<Revision> latest() {
    return newestFirst.stream().findFirst();
  }

  public Optional<Revision> latestActive() {
    return newestFirst.stream().filter(Revision::active).findFirst();
  }

  public Optional<Revision> get(int number) {
    return newestFirst.stream().filter(r -> r.number() == number).findFirst();
  }

  public static RegisteredTaskDefinition registered(String family, Revision revision, String region, String account) {
    return new RegisteredTaskDefinition(family, revision.number(),
        RegisteredTaskDefinition.arn(region, account, family, revision.number()), revision.spec());
  }

  private static String annotation(ControllerRevision o, String key) {
    Map<String, String> annotations = o.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** The family label value of a revision object, for indexing. */
  public static String familyLabel(ControllerRevision o) {
    Map<String, String> labels = o.getMetadata().getLabels();
    return labels == null ? null : labels.get(Labels.FAMILY);
  }
}
