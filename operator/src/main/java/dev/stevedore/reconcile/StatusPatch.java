package dev.stevedore.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.function.Supplier;

/** A server-side apply intent that holds only a resource's identity and the status its controller owns. */
public final class StatusPatch {
  private StatusPatch() {}

  public static <S, R extends CustomResource<?, S>> R of(R resource, S status, Supplier<R> empty) {
    R patch = empty.get();
    patch.setMetadata(new ObjectMetaBuilder()
        .withName(resource.getMetadata().getName())
        .withNamespace(resource.getMetadata().getNamespace())
        .build());
    patch.setStatus(status);
    return patch;
  }
}
