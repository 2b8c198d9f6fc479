package dev.stevedore.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stevedore.api.v1alpha1.ApiGroup;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides how, if at all, one wanted object is written, against the live object from the cache: apply it when it is
 * missing or Stevedore now wants something else (the applied-hash annotation tells that cheaply), replace it when
 * someone else changed what Stevedore owns ({@link Drift}), and leave it alone otherwise, so that steady state writes
 * nothing.
 */
final class LiveComparison {
  /** The hash of what Stevedore last applied, on every object it writes. */
  static final String APPLIED_HASH_ANNOTATION = ApiGroup.GROUP + "/applied-hash";
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private LiveComparison() {}

  /**
   * @param wanted the object as Stevedore wants it (gets the applied-hash annotation)
   * @param live the object as the cache holds it, or null
   * @param service the service's name, for the events
   * @param wasSteady the service was steady on its current spec, so a missing object was deleted by someone
   */
  static ServicePlan.Write decide(HasMetadata wanted, HasMetadata live, String service, boolean wasSteady,
      List<String> reverted) {
    String hash = hash(wanted);
    TreeMap<String, String> annotations = wanted.getMetadata().getAnnotations() == null ? new TreeMap<>()
        : new TreeMap<>(wanted.getMetadata().getAnnotations());
    annotations.put(APPLIED_HASH_ANNOTATION, hash);
    wanted.getMetadata().setAnnotations(annotations);
    if (live == null) {
      if (wasSteady) {
        reverted.add("(service " + service + ") recreated " + describe(wanted) + ", which was deleted outside"
            + " Stevedore.");
      }
      return new ServicePlan.Write(ServicePlan.Verb.APPLY, wanted, List.of());
    }
    String liveHash = live.getMetadata().getAnnotations() == null ? null
        : live.getMetadata().getAnnotations().get(APPLIED_HASH_ANNOTATION);
    if (!hash.equals(liveHash)) {
      return new ServicePlan.Write(ServicePlan.Verb.APPLY, wanted, List.of());
    }
    Checked checked = new Checked(live.getMetadata().getResourceVersion(), hash, owners(wanted));
    // Only objects the API server gave an identity and version: those are never changed in place.
    String uid = live.getMetadata().getResourceVersion() == null ? null : live.getMetadata().getUid();
    if (uid != null && checked.equals(FOUND_UNCHANGED.get(uid))) {
      return null;
    }
    List<String> drift = Drift.between(wanted, live);
    if (drift.isEmpty()) {
      if (uid != null) {
        FOUND_UNCHANGED.put(uid, checked);
      }
      return null;
    }
    reverted.add("(service " + service + ") reverted changes made outside Stevedore to " + describe(wanted) + ": "
        + String.join(", ", drift.subList(0, Math.min(5, drift.size())))
        + (drift.size() > 5 ? " and " + (drift.size() - 5) + " more" : "") + ".");
    return new ServicePlan.Write(ServicePlan.Verb.REPLACE, Drift.repair(wanted, live), drift);
  }

  /**
   * The hash of what Stevedore wants of an object. Owner references are left out: a family's ServiceAccount is
   * wanted alike by each of its services, which name only themselves as owner.
   */
  static String hash(HasMetadata wanted) {
    // One serialization to a tree, edited there: this runs for every wanted object of every reconcile.
    ObjectNode tree = JSON.convertValue(wanted, ObjectNode.class);
    if (tree.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("ownerReferences");
      if (metadata.get("annotations") instanceof ObjectNode annotations) {
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        annotations.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        sorted.remove(APPLIED_HASH_ANNOTATION);
        if (sorted.isEmpty()) {
          metadata.remove("annotations");
        } else {
          metadata.set("annotations", metadata.objectNode().setAll(sorted));
        }
      }
    }
    return Names.hash(JSON.asJson(tree)).substring(0, 16);
  }

  private static List<String> owners(HasMetadata wanted) {
    return wanted.getMetadata().getOwnerReferences() == null ? List.of()
        : wanted.getMetadata().getOwnerReferences().stream().map(o -> o.getUid()).toList();
  }

  /**
   * A live object (at a resourceVersion) found to be what Stevedore wants (of that hash, with those owners): the
   * same look again finds the same. Most reconciles are woken by a pod or ReplicaSet, and their Deployment and
   * ServiceAccount have not changed since the last look.
   */
  private record Checked(String resourceVersion, String hash, List<String> owners) {}

  private static final int CHECKED_OBJECTS = 16_384;
  private static final Map<String, Checked> FOUND_UNCHANGED = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Checked> eldest) {
          return size() > CHECKED_OBJECTS;
        }
      });

  private static String describe(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getName();
  }
}
