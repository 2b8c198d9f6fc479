package dev.stevedore.plan;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.List;

/** Owner references from what a service makes back to the service, so garbage collection removes them with it. */
final class Ownership {
  private Ownership() {}

  /**
   * {@code controller}: the service alone controls the object (its workloads, its Kubernetes Service). A task role's
   * ServiceAccount belongs to the family and is shared by the family's services: each is an owner, none controls it.
   */
  static <T extends HasMetadata> T ownedBy(T object, HasMetadata owner, boolean controller) {
    object.getMetadata().setOwnerReferences(new ArrayList<>(List.of(new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
        .withController(controller ? true : null).withBlockOwnerDeletion(controller ? true : null)
        .build())));
    return object;
  }
}
