package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.revision.RevisionObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The families' counter ConfigMaps: the highest revision number ever issued, so that numbers are never reused, not
 * even after the TaskDefinition and its revisions were deleted and applied again from Git. Written with optimistic
 * concurrency: a concurrent writer makes the write fail with 409 Conflict and the reconcile is retried, so the
 * counter never goes down and no number is handed out twice.
 *
 * <p>Not read from a cache, and mostly not read at all: what this operator last wrote is remembered (the ConfigMap
 * with its resourceVersion) and the next number is written over it; if anyone changed the ConfigMap since, the
 * resourceVersion no longer matches, the write fails and the next attempt reads it. A family with nothing
 * remembered (new, or first seen since the operator started) is assumed to have no counter: creating it fails with
 * 409 AlreadyExists when it does, and then it is read. Registering thus reads nothing, for a new family and for one
 * this operator has written before.
 */
final class FamilyCounter {
  /** Families remembered at most; an evicted one costs one read at its next registration. */
  private static final int REMEMBERED = 16_384;

  /**
   * The counter as this registration sees it.
   *
   * @param stored the ConfigMap as read or as last written, with its resourceVersion; null when absent
   * @param lastIssued the highest number issued, 0 when there is no ConfigMap
   * @param assumed true when nothing was read or remembered: the ConfigMap is only thought absent
   */
  record Reading(String namespace, String family, ConfigMap stored, int lastIssued, boolean assumed) {}

  private final Map<String, Reading> written = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Reading> eldest) {
          return size() > REMEMBERED;
        }
      });

  /** What this operator last wrote for the family, or the assumption that it has no counter yet. */
  Reading remembered(String namespace, String family) {
    Reading reading = written.get(key(namespace, family));
    return reading != null ? reading : new Reading(namespace, family, null, 0, true);
  }

  /** The counter as stored, read from the API server. */
  Reading read(KubernetesClient client, String namespace, String family) {
    ConfigMap stored = client.configMaps().inNamespace(namespace).withName(RevisionObjects.counterName(family)).get();
    return new Reading(namespace, family, stored, stored == null ? 0 : lastIssued(stored), false);
  }

  /**
   * Records that {@code number} is issued. Fails with 409 Conflict when the counter moved since it was read or
   * written, and with 409 AlreadyExists when it was assumed absent and is not (then {@link #read} it); either way
   * nothing is remembered for the family until the next write succeeds.
   */
  void advance(KubernetesClient client, Reading reading, int number) {
    if (number <= reading.lastIssued()) {
      throw new IllegalArgumentException("the counter of family " + reading.family() + " only goes up: "
          + reading.lastIssued() + " -> " + number);
    }
    String key = key(reading.namespace(), reading.family());
    written.remove(key);
    ConfigMap stored = reading.stored() == null
        ? client.resource(RevisionManifests.counter(reading.namespace(), reading.family(), number)).create()
        : client.resource(new ConfigMapBuilder(reading.stored())
            .addToData(RevisionObjects.LAST_REVISION_KEY, Integer.toString(number)).build()).update();
    // What the next registration writes over; the ownership record would only take room.
    stored.getMetadata().setManagedFields(null);
    written.put(key, new Reading(reading.namespace(), reading.family(), stored, number, false));
  }

  /** Whether a failed {@link #advance} failed only because a counter assumed absent exists. */
  static boolean existedAlready(Reading reading, KubernetesClientException e) {
    return reading.assumed() && e.getCode() == HttpURLConnection.HTTP_CONFLICT;
  }

  private static String key(String namespace, String family) {
    return namespace + "/" + family;
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
