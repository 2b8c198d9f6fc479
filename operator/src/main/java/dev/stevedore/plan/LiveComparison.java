package dev.stevedore.plan;

import dev.stevedore.api.v1alpha1.ApiGroup;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
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
    List<String> drift = Drift.between(wanted, live);
    if (drift.isEmpty()) {
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
    HasMetadata copy = JSON.clone(wanted);
    copy.getMetadata().setOwnerReferences(null);
    if (copy.getMetadata().getAnnotations() != null) {
      TreeMap<String, String> annotations = new TreeMap<>(copy.getMetadata().getAnnotations());
      annotations.remove(APPLIED_HASH_ANNOTATION);
      copy.getMetadata().setAnnotations(annotations);
    }
    return Names.hash(JSON.asJson(copy)).substring(0, 16);
  }

  private static String describe(HasMetadata o) {
    return o.getKind() + " " + o.getMetadata().getName();
  }
}
