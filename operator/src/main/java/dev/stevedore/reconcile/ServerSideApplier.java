package dev.stevedore.reconcile;

import dev.stevedore.api.v1alpha1.ApiGroup;
import dev.stevedore.translate.Names;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies desired objects with server-side apply, and skips the call when the object in the cache was applied
 * from the same desired state: the hash of what Stevedore applied is kept in an annotation, so a steady
 * service makes no API call at all.
 */
public final class ServerSideApplier {
  public static final String FIELD_MANAGER = "stevedore";
  public static final String APPLIED_HASH_ANNOTATION = ApiGroup.GROUP + "/applied-hash";

  private final KubernetesClient client;

  public ServerSideApplier(KubernetesClient client) {
    this.client = client;
  }

  /** Applies {@code desired} unless {@code current} (from the informer cache) already carries its hash. */
  public <T extends HasMetadata> boolean apply(T desired, HasMetadata current, HasMetadata owner, boolean controller) {
    List<OwnerReference> owners = new ArrayList<>();
    owners.add(new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
        .withController(controller ? true : null).withBlockOwnerDeletion(controller ? true : null)
        .build());
    desired.getMetadata().setOwnerReferences(owners);
    Map<String, String> annotations = new HashMap<>();
    if (desired.getMetadata().getAnnotations() != null) {
      annotations.putAll(desired.getMetadata().getAnnotations());
    }
    annotations.remove(APPLIED_HASH_ANNOTATION);
    desired.getMetadata().setAnnotations(annotations);
    String hash = Names.hash(Serialization.asJson(desired)).substring(0, 16);
    if (current != null && current.getMetadata().getAnnotations() != null
        && hash.equals(current.getMetadata().getAnnotations().get(APPLIED_HASH_ANNOTATION))) {
      return false;
    }
    annotations.put(APPLIED_HASH_ANNOTATION, hash);
    client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    return true;
  }
}
