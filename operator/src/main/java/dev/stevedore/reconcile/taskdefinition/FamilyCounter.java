package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.revision.RevisionObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A family's counter ConfigMap: the highest revision number ever issued, so that numbers are never reused,
 * not even after the TaskDefinition and its revisions were deleted and applied again from Git. It is read from
 * the API server, not from a cache, because it is read only to register, and written with optimistic
 * concurrency (the resourceVersion of that read): a concurrent writer makes the write fail with 409 Conflict
 * and the reconcile is retried, so the counter never goes down and no number is handed out twice.
 */
final class FamilyCounter {
  /**
   * The counter as read.
   *
   * @param stored the ConfigMap, or null when the family has none yet
   * @param lastIssued the highest number issued, 0 when there is no ConfigMap
   */
  record Reading(String namespace, String family, ConfigMap stored, int lastIssued) {}

  private final KubernetesClient client;

  FamilyCounter(KubernetesClient client) {
    this.client = client;
  }

  Reading read(String namespace, String family) {
    ConfigMap stored = client.configMaps().inNamespace(namespace).withName(RevisionObjects.counterName(family)).get();
    return new Reading(namespace, family, stored, stored == null ? 0 : lastIssued(stored));
  }

  /** Records that {@code number} is issued; fails with 409 Conflict when the counter moved since it was read. */
  void advance(Reading reading, int number) {
    if (number <= reading.lastIssued()) {
      throw new IllegalArgumentException("the counter of family " + reading.family() + " only goes up: "
          + reading.lastIssued() + " -> " + number);
    }
    if (reading.stored() == null) {
      client.resource(RevisionManifests.counter(reading.namespace(), reading.family(), number)).create();
    } else {
      client.resource(new ConfigMapBuilder(reading.stored())
          .addToData(RevisionObjects.LAST_REVISION_KEY, Integer.toString(number))
          .build()).update();
    }
  }

  private static int lastIssued(ConfigMap counter) {
    String value = counter.getData() == null ? null : counter.getData().get(RevisionObjects.LAST_REVISION_KEY);
    try {
      return value == null ? 0 : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      // Guessing a number here could reuse one; a person has to repair the ConfigMap.
      throw new IllegalStateException("ConfigMap " + counter.getMetadata().getName() + " holds "
          + RevisionObjects.LAST_REVISION_KEY + "='" + value + "', which is not a revision number", e);
    }
  }
}
